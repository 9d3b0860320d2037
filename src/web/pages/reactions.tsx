import type { ReactionCounts } from "../../social/reactions.ts";

/** What the practice page shows of likes and shares, and whether the signed-in member has given them. */
export interface ReactionSummary {
  readonly counts: ReactionCounts;
  /** Where the forms post: the practice's page. */
  readonly base: string;
  /** For a practice kept from another server: that server, which holds the full counts. */
  readonly ownerHost: string | undefined;
  /** `undefined` when nobody is signed in (then there are no buttons). */
  readonly member: { readonly liked: boolean; readonly shared: boolean } | undefined;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Like and share counts, with Like/Unlike and Share/Unshare buttons for members (plain forms, no script). */
export function ReactionBar(props: ReactionSummary) {
  const { counts, base, ownerHost, member } = props;
  return (
    <div class="reactions">
      <p>
        <span class="likes">{plural(counts.likes, "like", "likes")}</span> ·{" "}
        <span class="shares">{plural(counts.shares, "share", "shares")}</span>
        {ownerHost ? <span class="hint"> (as far as this server knows; {ownerHost} keeps the full counts)</span> : null}
      </p>
      {member ? (
        <div class="actions">
          <form class="inline" method="post" action={`${base}/${member.liked ? "unlike" : "like"}`}>
            <button type="submit">{member.liked ? "Unlike" : "Like"}</button>
          </form>{" "}
          <form class="inline" method="post" action={`${base}/${member.shared ? "unshare" : "share"}`}>
            <button type="submit">{member.shared ? "Unshare" : "Share"}</button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
