import { and, count, eq, inArray } from "drizzle-orm";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { comments, practices, reactions } from "../../db/schema.ts";
import { isImageType } from "../../media/store.ts";
import type { PracticeCard } from "../../practices/card.ts";
import { escapeHtml } from "../../practices/markdown.ts";
import { hashtagsOf, placeLine } from "../../practices/render.ts";
import { type StatusSubject, type TimelineEntry, iriOf } from "../timeline.ts";
import { type MastodonAccount, renderAccounts } from "./account.ts";

/** Mastodon's Status entity (docs.joinmastodon.org/entities/Status), the fields clients read. */
export interface MastodonStatus {
  id: string;
  uri: string;
  url: string;
  created_at: string;
  edited_at: string | null;
  account: MastodonAccount;
  content: string;
  text: string | null;
  visibility: "public";
  sensitive: boolean;
  spoiler_text: string;
  language: string | null;
  media_attachments: MediaAttachment[];
  mentions: { id: string; username: string; acct: string; url: string }[];
  tags: { name: string; url: string }[];
  emojis: never[];
  reblogs_count: number;
  favourites_count: number;
  replies_count: number;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  reblog: MastodonStatus | null;
  poll: null;
  card: PreviewCard | null;
  application: null;
  filtered: never[];
  favourited: boolean;
  reblogged: boolean;
  muted: boolean;
  bookmarked: boolean;
  pinned: boolean;
}

interface MediaAttachment {
  id: string;
  type: "image" | "unknown";
  url: string;
  preview_url: string | null;
  remote_url: string | null;
  description: string | null;
  meta: Record<string, never>;
  blurhash: null;
}

interface PreviewCard {
  url: string;
  title: string;
  description: string;
  type: "link";
  author_name: string;
  author_url: string;
  provider_name: string;
  provider_url: string;
  html: string;
  width: number;
  height: number;
  image: string | null;
  embed_url: string;
  blurhash: null;
  language: string | null;
}

/** What the statuses of one page need besides their rows, read in a few queries for the whole page. */
interface Surroundings {
  readonly accounts: Map<number, MastodonAccount>;
  readonly counts: (iri: string, kind: "like" | "share") => number;
  readonly replies: (iri: string) => number;
  readonly mine: (iri: string, kind: "like" | "share") => boolean;
  /** Whom a comment answers: the status id and author of its parent comment or practice. */
  readonly parents: Map<number, { statusId: number; author: ActorRow }>;
}

const iso = (date: Date) => date.toISOString();

function subjectsOf(entries: readonly TimelineEntry[]): StatusSubject[] {
  return entries.map((e) => (e.kind === "share" ? e.shared : e));
}

async function surroundings(db: Database, origin: URL, entries: readonly TimelineEntry[], viewer: ActorRow | undefined): Promise<Surroundings> {
  const subjects = subjectsOf(entries);
  const iris = [...new Set(subjects.map(iriOf))];
  const commentsHere = subjects.flatMap((s) => (s.kind === "comment" ? [s.comment] : []));
  const parentCommentIds = commentsHere.flatMap((c) => (c.parentId === null ? [] : [c.parentId]));
  const parentPracticeIds = commentsHere.filter((c) => c.parentId === null).map((c) => c.practiceId);
  const none = Promise.resolve([]);
  const [reactionRows, replyRows, myRows, parentComments, parentPractices] = await Promise.all([
    iris.length === 0
      ? none
      : db
          .select({ iri: reactions.objectIri, kind: reactions.kind, n: count() })
          .from(reactions)
          .where(inArray(reactions.objectIri, iris))
          .groupBy(reactions.objectIri, reactions.kind),
    iris.length === 0
      ? none
      : db
          .select({ iri: comments.inReplyToIri, n: count() })
          .from(comments)
          .where(and(inArray(comments.inReplyToIri, iris), eq(comments.status, "visible")))
          .groupBy(comments.inReplyToIri),
    iris.length === 0 || !viewer
      ? none
      : db
          .select({ iri: reactions.objectIri, kind: reactions.kind })
          .from(reactions)
          .where(and(inArray(reactions.objectIri, iris), eq(reactions.actorId, viewer.id))),
    parentCommentIds.length === 0
      ? none
      : db.select({ id: comments.id, statusId: comments.statusId, authorId: comments.authorId }).from(comments).where(inArray(comments.id, parentCommentIds)),
    parentPracticeIds.length === 0
      ? none
      : db.select({ id: practices.id, statusId: practices.statusId, authorId: practices.ownerId }).from(practices).where(inArray(practices.id, parentPracticeIds)),
  ]);
  const parentAuthors = new Map<number, ActorRow>();
  for (const id of new Set([...parentComments, ...parentPractices].map((p) => p.authorId))) {
    const actor = await findActorById(db, id);
    if (actor) parentAuthors.set(id, actor);
  }
  const authors = [...entries.map((e) => e.author), ...subjects.map((s) => s.author)];
  const rendered = await renderAccounts(db, origin, authors);
  const accounts = new Map(authors.map((a, i) => [a.id, rendered[i] as MastodonAccount]));
  const parents = new Map<number, { statusId: number; author: ActorRow }>();
  for (const comment of commentsHere) {
    const parent = comment.parentId === null ? parentPractices.find((p) => p.id === comment.practiceId) : parentComments.find((p) => p.id === comment.parentId);
    const author = parent ? parentAuthors.get(parent.authorId) : undefined;
    if (parent && author) parents.set(comment.id, { statusId: parent.statusId, author });
  }
  return {
    accounts,
    counts: (iri, kind) => reactionRows.find((r) => r.iri === iri && r.kind === kind)?.n ?? 0,
    replies: (iri) => replyRows.find((r) => r.iri === iri)?.n ?? 0,
    mine: (iri, kind) => myRows.some((r) => r.iri === iri && r.kind === kind),
    parents,
  };
}

/** A practice reads, in a timeline, as its title, place and summary, a link to the whole card, and its hashtags. */
function practiceContent(card: PracticeCard, url: string, origin: URL): string {
  const tags = hashtagsOf(card)
    .map((name) => `<a href="${escapeHtml(tagUrl(name, origin))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(name)}</span></a>`)
    .join(" ");
  return [
    `<p><strong>${escapeHtml(card.title)}</strong></p>`,
    `<p>${escapeHtml(placeLine(card))}</p>`,
    `<p>${escapeHtml(card.summary)}</p>`,
    `<p><a href="${escapeHtml(url)}" rel="nofollow noopener" target="_blank">${escapeHtml(url)}</a></p>`,
    tags === "" ? "" : `<p>${tags}</p>`,
  ].join("");
}

const tagUrl = (name: string, origin: URL) => new URL(`/tags/${encodeURIComponent(name)}`, origin).href;

function practiceMedia(statusId: number, card: PracticeCard, origin: URL): MediaAttachment[] {
  return card.attachments.map((a, i) => {
    const url = new URL(a.url, origin).href;
    const image = isImageType(a.mediaType);
    return {
      id: `${statusId}${String(i).padStart(2, "0")}`,
      type: image ? "image" : "unknown",
      url,
      preview_url: image ? url : null,
      remote_url: url,
      description: a.description ?? a.name,
      meta: {},
      blurhash: null,
    };
  });
}

function practiceCard(subject: Extract<StatusSubject, { kind: "practice" }>, url: string, media: readonly MediaAttachment[], origin: URL): PreviewCard {
  return {
    url,
    title: subject.card.title,
    description: subject.card.summary,
    type: "link",
    author_name: subject.author.name,
    author_url: subject.author.url ?? subject.author.iri,
    provider_name: new URL(url).host === origin.host ? "Plaza" : new URL(url).host,
    provider_url: new URL(url).origin,
    html: "",
    width: 0,
    height: 0,
    image: media.find((m) => m.type === "image")?.url ?? null,
    embed_url: "",
    blurhash: null,
    language: subject.card.language || null,
  };
}

function renderSubject(subject: StatusSubject, around: Surroundings, origin: URL): MastodonStatus {
  const iri = iriOf(subject);
  const account = around.accounts.get(subject.author.id) as MastodonAccount;
  const base = {
    id: String(subject.statusId),
    uri: iri,
    account,
    text: null,
    visibility: "public" as const,
    sensitive: false,
    spoiler_text: "",
    mentions: [],
    tags: [],
    emojis: [],
    reblogs_count: around.counts(iri, "share"),
    favourites_count: around.counts(iri, "like"),
    replies_count: around.replies(iri),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: null,
    poll: null,
    card: null,
    application: null,
    filtered: [],
    favourited: around.mine(iri, "like"),
    reblogged: around.mine(iri, "share"),
    muted: false,
    bookmarked: false,
    pinned: false,
    media_attachments: [],
  };
  switch (subject.kind) {
    case "practice": {
      const { practice, card } = subject;
      const url = practice.url ?? practice.iri;
      const published = practice.publishedAt ?? practice.createdAt;
      const media = practiceMedia(subject.statusId, card, origin);
      return {
        ...base,
        url,
        created_at: iso(published),
        edited_at: practice.updatedAt && practice.updatedAt.getTime() !== published.getTime() ? iso(practice.updatedAt) : null,
        content: practiceContent(card, url, origin),
        language: card.language || null,
        media_attachments: media,
        tags: hashtagsOf(card).map((name) => ({ name, url: tagUrl(name, origin) })),
        card: practiceCard(subject, url, media, origin),
      };
    }
    case "comment": {
      const { comment } = subject;
      const parent = around.parents.get(comment.id);
      return {
        ...base,
        url: comment.url ?? comment.iri,
        created_at: iso(comment.publishedAt),
        edited_at: comment.updatedAt ? iso(comment.updatedAt) : null,
        content: comment.contentHtml,
        text: comment.source,
        language: null,
        in_reply_to_id: parent ? String(parent.statusId) : null,
        in_reply_to_account_id: parent ? String(parent.author.id) : null,
        mentions: parent ? [mentionOf(parent.author)] : [],
      };
    }
    case "post": {
      const { post } = subject;
      // An Article or Page shows its title first; a Note's summary is its content warning, as on Mastodon.
      const title = post.type !== "Note" && post.name ? `<p><strong>${escapeHtml(post.name)}</strong></p>` : "";
      return {
        ...base,
        url: post.url ?? post.iri,
        created_at: iso(post.publishedAt ?? post.receivedAt),
        edited_at: post.updatedAt ? iso(post.updatedAt) : null,
        content: title + post.contentHtml,
        spoiler_text: post.type === "Note" && post.summary ? stripTags(post.summary) : "",
        sensitive: post.type === "Note" && Boolean(post.summary),
        language: null,
      };
    }
  }
}

const stripTags = (html: string) => html.replace(/<[^>]*>/g, "").trim();

function mentionOf(actor: ActorRow) {
  return { id: String(actor.id), username: actor.username, acct: actor.local ? actor.username : `${actor.username}@${actor.host}`, url: actor.url ?? actor.iri };
}

function renderEntry(entry: TimelineEntry, around: Surroundings, origin: URL): MastodonStatus {
  if (entry.kind !== "share") return renderSubject(entry, around, origin);
  const shared = renderSubject(entry.shared, around, origin);
  return {
    ...shared,
    id: String(entry.statusId),
    uri: entry.reaction.activityIri,
    url: shared.url,
    created_at: iso(entry.reaction.createdAt),
    edited_at: null,
    account: around.accounts.get(entry.author.id) as MastodonAccount,
    content: "",
    text: null,
    spoiler_text: "",
    media_attachments: [],
    mentions: [],
    tags: [],
    card: null,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: shared,
  };
}

/** Statuses for timeline entries, in their order; `viewer` is the member asking (for `favourited`, `reblogged`). */
export async function renderStatuses(db: Database, origin: URL, entries: readonly TimelineEntry[], viewer: ActorRow | undefined): Promise<MastodonStatus[]> {
  const around = await surroundings(db, origin, entries, viewer);
  return entries.map((entry) => renderEntry(entry, around, origin));
}

export async function renderStatus(db: Database, origin: URL, entry: TimelineEntry, viewer: ActorRow | undefined): Promise<MastodonStatus> {
  const [status] = await renderStatuses(db, origin, [entry], viewer);
  if (!status) throw new Error("no status rendered");
  return status;
}
