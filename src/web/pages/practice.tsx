import { raw } from "hono/html";
import type { ActorRow } from "../../actors/model.ts";
import { handleOf } from "../../actors/model.ts";
import { isImageType, isMediaType, mediaTypes } from "../../media/store.ts";
import type { Attachment, PracticeCard } from "../../practices/card.ts";
import { labels } from "../../practices/card.ts";
import type { Adaptation } from "../../practices/adaptations.ts";
import type { FieldChange } from "../../practices/diff.ts";
import { cardHtml, hashtagsOf, placeLine } from "../../practices/render.ts";
import { findGoal } from "../../practices/sdg.ts";
import type { Practice, PracticeStatus } from "../../practices/store.ts";
import type { VersionSummary } from "../queries.ts";
import { ReactionBar, type ReactionSummary } from "./reactions.tsx";
import { CollectionsOfPractice } from "./collections.tsx";
import { CommentThread, type ThreadView } from "./comments.tsx";

/** "2026-03-14 09:30 UTC": unambiguous for readers in every country. */
export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const statusLabels: Record<PracticeStatus, string> = { draft: "Draft", published: "Published", withdrawn: "Withdrawn" };

export function StatusBadge(props: { status: PracticeStatus }) {
  return <span class={`badge ${props.status}`}>{statusLabels[props.status]}</span>;
}

export const practicePath = (practice: Practice) => `/practices/${practice.row.publicId ?? ""}`;

export function OwnerLine(props: { owner: ActorRow }) {
  return (
    <>
      <a href={props.owner.url ?? props.owner.iri}>{props.owner.name}</a> <span class="handle">{handleOf(props.owner)}</span>
    </>
  );
}

/** "2.4 MB", "830 KB", "512 bytes". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function typeLabel(mediaType: string): string {
  return isMediaType(mediaType) ? mediaTypes[mediaType].label : mediaType;
}

/**
 * The card's images, shown, and its documents, as links with their type and size (known for
 * files stored here). Images from other servers are loaded from there, without a referrer.
 */
function AttachmentList(props: { attachments: readonly Attachment[]; sizes?: ReadonlyMap<string, number> }) {
  const images = props.attachments.filter((a) => isImageType(a.mediaType));
  const documents = props.attachments.filter((a) => !isImageType(a.mediaType));
  if (images.length === 0 && documents.length === 0) return null;
  return (
    <section class="attachments">
      <h2>Attachments</h2>
      {images.map((image) => (
        <figure>
          <img src={image.url} alt={image.description ?? image.name} loading="lazy" referrerpolicy="no-referrer" style="max-width: 100%; height: auto" />
          {image.description ? <figcaption>{image.description}</figcaption> : null}
        </figure>
      ))}
      {documents.length > 0 ? (
        <ul class="documents">
          {documents.map((document) => {
            const size = props.sizes?.get(document.url);
            return (
              <li>
                <a href={document.url} rel="nofollow noopener noreferrer" type={document.mediaType}>
                  {document.name}
                </a>{" "}
                <span class="meta">
                  ({typeLabel(document.mediaType)}
                  {size === undefined ? "" : `, ${formatSize(size)}`})
                </span>
                {document.description ? <> · {document.description}</> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

/** The card as everyone reads it, with its place, status, hashtags, goals and attachments. */
function CardBody(props: { card: PracticeCard; sizes?: ReadonlyMap<string, number> }) {
  const { card } = props;
  const tags = hashtagsOf(card);
  return (
    <>
      {card.sdgGoals.length > 0 ? (
        <ul class="goals" aria-label="Sustainable Development Goals">
          {card.sdgGoals.map((code) => (
            <li>
              <span class="goal">SDG {code}</span> {findGoal(code)?.short.en ?? ""}
            </li>
          ))}
        </ul>
      ) : null}
      {tags.length > 0 ? (
        <p class="hashtags">
          {tags.map((tag) => (
            <span class="hashtag"><a href={`/tags/${encodeURIComponent(tag)}`}>#{tag}</a> </span>
          ))}
        </p>
      ) : null}
      {/* cardHtml escapes every plain field and sanitizes the Markdown it renders. */}
      <article class="card">{raw(cardHtml(card))}</article>
      <AttachmentList attachments={card.attachments} sizes={props.sizes} />
      {Object.keys(card.translations).length > 0 ? (
        <section>
          <h2>Translations</h2>
          {Object.entries(card.translations).map(([language, t]) => (
            <div lang={language} class="translation">
              <h3>{language}</h3>
              {t.title ? <p><strong>{t.title}</strong></p> : null}
              {t.summary ? <p>{t.summary}</p> : null}
            </div>
          ))}
        </section>
      ) : null}
    </>
  );
}

export interface PracticePageProps {
  readonly practice: Practice;
  readonly owner: ActorRow;
  /** The signed-in member may edit, publish and withdraw it. */
  readonly editor: boolean;
  /** Sizes of the attachments stored here, by URL. */
  readonly sizes?: ReadonlyMap<string, number>;
  /** Like and share counts and buttons (published practices only). */
  readonly reactions?: ReactionSummary;
  /** The comments and the comment form (published practices only). */
  readonly thread?: ThreadView;
  /** Our cities the signed-in member may write for, which may adapt this practice. */
  readonly adaptFor?: readonly ActorRow[];
  /** The published adaptations of this practice, here and on other servers. */
  readonly adaptations?: readonly Adaptation[];
  /** Another server's practice, and a member signed in: they may report it to that server. */
  readonly reportable?: boolean;
  /** Our collections that hold it, and those the member may add it to. */
  readonly collections?: Parameters<typeof CollectionsOfPractice>[0];
}

export function PracticePage(props: PracticePageProps) {
  const { practice, owner, editor } = props;
  const { row, card } = practice;
  const base = practicePath(practice);
  return (
    <>
      <p>
        <StatusBadge status={row.status} /> <span class="level">{labels.level[card.place.level]} government</span>
      </p>
      <h1 lang={card.language}>{card.title}</h1>
      <p class="byline">
        By <OwnerLine owner={owner} /> · {placeLine(card)}
      </p>
      {row.local ? null : (
        <p class="remote">
          Published on {owner.host}: <a href={row.url ?? row.iri}>read it there</a>
        </p>
      )}
      <p class="dates">
        {row.publishedAt ? <>Published {formatDate(row.publishedAt)}</> : <>Not published yet</>}
        {row.updatedAt && row.publishedAt && row.updatedAt > row.publishedAt ? <> · updated {formatDate(row.updatedAt)}</> : null}
        {" · "}version {row.currentVersion} · <a href={`${base}/versions`}>history</a>
      </p>
      {editor ? (
        <div class="actions">
          {row.status !== "withdrawn" ? (
            <a class="button" href={`${base}/edit`}>
              Edit
            </a>
          ) : null}{" "}
          {row.status === "draft" ? (
            <form class="inline" method="post" action={`${base}/publish`}>
              <button type="submit">Publish</button>
            </form>
          ) : null}
          {row.status === "published" ? (
            <form class="inline" method="post" action={`${base}/withdraw`}>
              <button type="submit">Withdraw</button>
            </form>
          ) : null}
          {row.status === "draft" ? <p class="hint">Only editors of {owner.name} can see this draft until it is published.</p> : null}
        </div>
      ) : null}
      {props.reactions ? <ReactionBar {...props.reactions} /> : null}
      {props.reportable ? (
        <p class="report">
          <a href={`/report?target=${encodeURIComponent(row.iri)}`}>Report this practice</a> to the moderators of {owner.host}
        </p>
      ) : null}
      {props.adaptFor && props.adaptFor.length > 0 ? (
        <p class="adapt">
          {props.adaptFor.map((city) => (
            <a class="button" href={`/@${city.username}/practices/new?adapt=${encodeURIComponent(row.publicId ?? "")}`}>
              Adapt it for {city.name}
            </a>
          ))}
        </p>
      ) : null}
      <CardBody card={card} sizes={props.sizes} />
      {props.adaptations && props.adaptations.length > 0 ? (
        <section class="adaptations">
          <h2>Adapted by</h2>
          <ul>
            {props.adaptations.map(({ practice: adaptation, owner: adopter }) => (
              <li>
                <a href={practicePath(adaptation)}>{adaptation.card.title}</a> by {adopter.name} <span class="handle">{handleOf(adopter)}</span>
                {adaptation.row.publishedAt ? <>, {formatDate(adaptation.row.publishedAt)}</> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.collections ? <CollectionsOfPractice {...props.collections} /> : null}
      {props.thread ? <CommentThread {...props.thread} /> : null}
    </>
  );
}

/** What a withdrawn practice's address shows (with status 410). */
export function WithdrawnPage(props: { practice: Practice; owner: ActorRow; editor: boolean }) {
  const { practice, owner } = props;
  return (
    <>
      <p>
        <StatusBadge status="withdrawn" />
      </p>
      <h1>This practice was withdrawn</h1>
      <p>
        <OwnerLine owner={owner} /> withdrew it
        {practice.row.withdrawnAt ? ` on ${formatDate(practice.row.withdrawnAt)}` : ""}. It is no longer published.
      </p>
      {props.editor ? (
        <p>
          As an editor of {owner.name} you can still read <a href={`${practicePath(practice)}/versions`}>its versions</a>.
        </p>
      ) : null}
    </>
  );
}

export function VersionsPage(props: { practice: Practice; owner: ActorRow; versions: readonly VersionSummary[] }) {
  const { practice, owner, versions } = props;
  const base = practicePath(practice);
  return (
    <>
      <h1>History of “{practice.card.title}”</h1>
      <p>
        By <OwnerLine owner={owner} /> · <a href={base}>current version</a>
      </p>
      <table class="versions">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr>
              <td>
                <a href={`${base}/versions/${v.version}`}>Version {v.version}</a>
                {v.version === practice.row.currentVersion ? " (current)" : ""}
              </td>
              <td>{formatDate(v.createdAt)}</td>
              <td>{v.authorName ?? (practice.row.local ? "" : owner.host)}</td>
              <td>{v.version > 1 ? <a href={`${base}/diff?from=${v.version - 1}&to=${v.version}`}>compare with version {v.version - 1}</a> : "first version"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function VersionPage(props: {
  practice: Practice;
  owner: ActorRow;
  version: number;
  card: PracticeCard;
  savedAt: Date;
  authorName: string | null;
}) {
  const { practice, owner, version, card } = props;
  const base = practicePath(practice);
  return (
    <>
      <p class="notice">
        Version {version} of {practice.row.currentVersion}, saved {formatDate(props.savedAt)}
        {props.authorName ? ` by ${props.authorName}` : ""}. This is an old state of the card, for reading only.{" "}
        <a href={base}>Current version</a> · <a href={`${base}/versions`}>history</a>
        {version > 1 ? (
          <>
            {" "}
            · <a href={`${base}/diff?from=${version - 1}&to=${version}`}>changes from version {version - 1}</a>
          </>
        ) : null}
      </p>
      <h1 lang={card.language}>{card.title}</h1>
      <p class="byline">
        By <OwnerLine owner={owner} /> · {placeLine(card)}
      </p>
      <CardBody card={card} />
    </>
  );
}

export function DiffPage(props: { practice: Practice; from: number; to: number; changes: readonly FieldChange[] }) {
  const { practice, from, to, changes } = props;
  const base = practicePath(practice);
  return (
    <>
      <h1>
        Changes to “{practice.card.title}” from version {from} to version {to}
      </h1>
      <p>
        <a href={`${base}/versions/${from}`}>Version {from}</a> · <a href={`${base}/versions/${to}`}>version {to}</a> ·{" "}
        <a href={`${base}/versions`}>history</a>
      </p>
      {changes.length === 0 ? (
        <p>No field differs between these versions.</p>
      ) : (
        <table class="diff">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Version {from}</th>
              <th scope="col">Version {to}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr>
                <th scope="row">{change.label}</th>
                <td>
                  <pre class="before">{change.before}</pre>
                </td>
                <td>
                  <pre class="after">{change.after}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Practices as a list: title, summary, place (and owner, where the list mixes owners). */
export function PracticeList(props: { items: readonly { practice: Practice; owner?: ActorRow }[]; empty: string }) {
  if (props.items.length === 0) return <p>{props.empty}</p>;
  return (
    <ul class="practices">
      {props.items.map(({ practice, owner }) => (
        <li>
          <a class="title" href={practicePath(practice)} lang={practice.card.language}>
            {practice.card.title}
          </a>
          {practice.row.status === "draft" ? (
            <>
              {" "}
              <StatusBadge status="draft" />
            </>
          ) : null}
          <p class="summary">{practice.card.summary}</p>
          <p class="meta">
            {placeLine(practice.card)}
            {owner ? (
              <>
                {" · "}
                <OwnerLine owner={owner} />
              </>
            ) : null}
            {practice.row.publishedAt ? ` · ${formatDate(practice.row.publishedAt).slice(0, 10)}` : ""}
          </p>
        </li>
      ))}
    </ul>
  );
}
