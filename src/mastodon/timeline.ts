import { type SQL, and, eq, inArray, or, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, comments, posts, practiceVersions, practices, reactions } from "../db/schema.ts";
import type { PracticeCard } from "../practices/card.ts";
import { type PracticeRow, carriesHashtag, isCurrentVersion } from "../practices/store.ts";
import type { CommentRow } from "../social/comments.ts";
import type { PostRow } from "../social/posts.ts";
import type { ReactionRow } from "../social/reactions.ts";
import type { PageRequest } from "./pagination.ts";
import { finishPage, pageQuery } from "./queries.ts";

/**
 * What a Mastodon app sees as statuses: published practices, visible comments, posts (notes from
 * other software and our members' own) and shares (reblogs). Each lives in its own table; all
 * four take their `status_id` from one sequence, so a timeline is their merge by that id.
 */
export type StatusSubject =
  | { readonly kind: "practice"; readonly statusId: number; readonly practice: PracticeRow; readonly card: PracticeCard; readonly author: ActorRow }
  | { readonly kind: "comment"; readonly statusId: number; readonly comment: CommentRow; readonly author: ActorRow }
  | { readonly kind: "post"; readonly statusId: number; readonly post: PostRow; readonly author: ActorRow };

/** A share of a subject, as a reblog: its own status id, by the sharer. */
export interface ShareEntry {
  readonly kind: "share";
  readonly statusId: number;
  readonly reaction: ReactionRow;
  readonly author: ActorRow;
  readonly shared: StatusSubject;
}

export type TimelineEntry = StatusSubject | ShareEntry;

/** Which statuses a timeline holds. `authors` limits them to these actors. */
export interface TimelineFilter {
  readonly authors?: readonly number[];
  readonly localOnly?: boolean;
  /** Only practices whose card carries this hashtag. */
  readonly hashtag?: string;
  /** Only statuses with attachments: practices with files (comments and posts carry none here). */
  readonly onlyMedia?: boolean;
  readonly exclude?: { readonly comments?: boolean; readonly posts?: boolean; readonly shares?: boolean };
}

function authoredBy(column: PgColumn, filter: TimelineFilter) {
  if (filter.authors === undefined) return undefined;
  return filter.authors.length === 0 ? sql`false` : inArray(column, [...filter.authors]);
}

const localOnly = (filter: TimelineFilter) => (filter.localOnly ? eq(actors.local, true) : undefined);

async function practiceEntries(db: Database, where: SQL | undefined, orderBy: SQL | PgColumn, limit: number): Promise<StatusSubject[]> {
  const rows = await db
    .select({ practice: practices, card: practiceVersions.card, author: actors })
    .from(practices)
    .innerJoin(practiceVersions, isCurrentVersion)
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(and(eq(practices.status, "published"), where))
    .orderBy(orderBy)
    .limit(limit);
  return rows.map((r) => ({ kind: "practice", statusId: r.practice.statusId, practice: r.practice, card: r.card as PracticeCard, author: r.author }));
}

/** Visible comments under published practices. */
async function commentEntries(db: Database, where: SQL | undefined, orderBy: SQL | PgColumn, limit: number): Promise<StatusSubject[]> {
  const rows = await db
    .select({ comment: comments, author: actors })
    .from(comments)
    .innerJoin(actors, eq(actors.id, comments.authorId))
    .innerJoin(practices, eq(practices.id, comments.practiceId))
    .where(and(eq(comments.status, "visible"), eq(practices.status, "published"), where))
    .orderBy(orderBy)
    .limit(limit);
  return rows.map((r) => ({ kind: "comment", statusId: r.comment.statusId, comment: r.comment, author: r.author }));
}

async function postEntries(db: Database, where: SQL | undefined, orderBy: SQL | PgColumn, limit: number): Promise<StatusSubject[]> {
  const rows = await db.select({ post: posts, author: actors }).from(posts).innerJoin(actors, eq(actors.id, posts.authorId)).where(where).orderBy(orderBy).limit(limit);
  return rows.map((r) => ({ kind: "post", statusId: r.post.statusId, post: r.post, author: r.author }));
}

/** Shares of what we still show (a published practice or a visible comment). */
async function shareEntries(db: Database, where: SQL | undefined, orderBy: SQL | PgColumn, limit: number): Promise<ShareEntry[]> {
  const shown = or(
    inArray(reactions.objectIri, db.select({ iri: practices.iri }).from(practices).where(eq(practices.status, "published"))),
    inArray(reactions.objectIri, db.select({ iri: comments.iri }).from(comments).where(eq(comments.status, "visible"))),
  );
  const rows = await db
    .select({ reaction: reactions, author: actors })
    .from(reactions)
    .innerJoin(actors, eq(actors.id, reactions.actorId))
    .where(and(eq(reactions.kind, "share"), shown, where))
    .orderBy(orderBy)
    .limit(limit);
  // Only practices and comments are shared here (see `shown`).
  const shared = await subjectsByIri(
    db,
    rows.map((r) => r.reaction.objectIri),
    ["practice", "comment"],
  );
  return rows.flatMap((r) => {
    const subject = shared.get(r.reaction.objectIri);
    return subject ? [{ kind: "share" as const, statusId: r.reaction.statusId, reaction: r.reaction, author: r.author, shared: subject }] : [];
  });
}

/** One page of a timeline, newest first: each table read with the page's bounds, then merged. */
export async function pageTimeline(db: Database, filter: TimelineFilter, page: PageRequest): Promise<{ items: TimelineEntry[]; hasMore: boolean }> {
  const read = async <T extends TimelineEntry>(
    column: PgColumn,
    author: PgColumn,
    extra: SQL | undefined,
    query: (db: Database, where: SQL | undefined, orderBy: SQL | PgColumn, limit: number) => Promise<T[]>,
  ) => {
    const { where, orderBy } = pageQuery(column, page);
    return query(db, and(where, authoredBy(author, filter), localOnly(filter), extra), orderBy, page.limit + 1);
  };
  const hashtag = filter.hashtag === undefined ? undefined : carriesHashtag(filter.hashtag);
  const withMedia = filter.onlyMedia ? sql`jsonb_array_length(${practiceVersions.card} -> 'attachments') > 0` : undefined;
  const onlyPractices = filter.hashtag !== undefined || filter.onlyMedia === true;
  const lists = await Promise.all([
    read(practices.statusId, practices.ownerId, and(hashtag, withMedia), practiceEntries),
    onlyPractices || filter.exclude?.comments ? [] : read(comments.statusId, comments.authorId, undefined, commentEntries),
    onlyPractices || filter.exclude?.posts ? [] : read(posts.statusId, posts.authorId, undefined, postEntries),
    onlyPractices || filter.exclude?.shares ? [] : read(reactions.statusId, reactions.actorId, undefined, shareEntries),
  ]);
  const { ascending } = pageQuery(practices.statusId, page);
  const merged = lists.flat().sort((a, b) => (ascending ? a.statusId - b.statusId : b.statusId - a.statusId));
  return finishPage(merged.slice(0, page.limit + 1), page, ascending);
}

/** The practices, comments and posts (or only the `kinds` asked for) with these ActivityPub ids that a client may see. */
export async function subjectsByIri(
  db: Database,
  iris: readonly string[],
  kinds: readonly StatusSubject["kind"][] = ["practice", "comment", "post"],
): Promise<Map<string, StatusSubject>> {
  const unique = [...new Set(iris)];
  if (unique.length === 0) return new Map();
  const none = Promise.resolve([]);
  const [ps, cs, os] = await Promise.all([
    kinds.includes("practice") ? practiceEntries(db, inArray(practices.iri, unique), practices.id, unique.length) : none,
    kinds.includes("comment") ? commentEntries(db, inArray(comments.iri, unique), comments.id, unique.length) : none,
    kinds.includes("post") ? postEntries(db, inArray(posts.iri, unique), posts.id, unique.length) : none,
  ]);
  return new Map([...ps, ...cs, ...os].map((s) => [iriOf(s), s]));
}

export function iriOf(subject: StatusSubject): string {
  switch (subject.kind) {
    case "practice":
      return subject.practice.iri;
    case "comment":
      return subject.comment.iri;
    case "post":
      return subject.post.iri;
  }
}

/** The status with this id, whatever table holds it. */
export async function findStatus(db: Database, statusId: number): Promise<TimelineEntry | undefined> {
  const [found] = (
    await Promise.all([
      practiceEntries(db, eq(practices.statusId, statusId), practices.statusId, 1),
      commentEntries(db, eq(comments.statusId, statusId), comments.statusId, 1),
      postEntries(db, eq(posts.statusId, statusId), posts.statusId, 1),
      shareEntries(db, eq(reactions.statusId, statusId), reactions.statusId, 1),
    ])
  ).flat();
  return found;
}
