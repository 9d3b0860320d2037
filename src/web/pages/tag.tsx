import { type HashtagMeaning, meaningLabel } from "../hashtags.ts";
import type { PracticeWithOwner } from "../queries.ts";
import { PracticeList } from "./practice.tsx";

export interface TagPageProps {
  readonly meaning: HashtagMeaning;
  readonly practices: readonly PracticeWithOwner[];
  /** The next (older) page, if there is one. */
  readonly olderHref: string | undefined;
  /** Whether this is a later page than the first. */
  readonly older: boolean;
}

/** The published practices, ours and received from other servers, that carry one hashtag. */
export function TagPage(props: TagPageProps) {
  const { meaning } = props;
  const label = meaningLabel(meaning);
  return (
    <>
      <h1 class="hashtag">#{meaning.name}</h1>
      {label ? <p>{label}</p> : null}
      <p>Practices published on this server or received from others that carry this hashtag, newest first.</p>
      <PracticeList
        items={props.practices}
        empty={props.older ? "No older practice carries this hashtag." : `No published practice carries #${meaning.name} yet.`}
      />
      {props.olderHref ? (
        <p>
          <a href={props.olderHref} rel="next">
            Older
          </a>
        </p>
      ) : null}
    </>
  );
}
