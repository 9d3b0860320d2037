import { and, count, desc, eq, inArray, lt } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, comments, practices, reactions } from "../db/schema.ts";
import { forgetNotifications, notify } from "./notifications.ts";

export type ReactionRow = typeof reactions.$inferSelect;
/** `like` (a `Like`) or `share` (an `Announce`, a boost). */
export type ReactionKind = ReactionRow["kind"];

export interface NewReaction {
  /** The `Like` or `Announce` activity's id. */
  readonly activityIri: string;
  readonly kind: ReactionKind;
  readonly actorId: number;
  /** The practice or comment, by its ActivityPub id. */
  readonly objectIri: string;
}

/**
 * Records a like or share. Each actor likes (or shares) an object once: the same activity
 * delivered twice, or a second `Like` of the same object with a new id, keeps the first row.
 * `created` says whether this call stored it.
 */
export async function recordReaction(db: Database, reaction: NewReaction): Promise<{ reaction: ReactionRow; created: boolean }> {
  const [inserted] = await db.insert(reactions).values(reaction).onConflictDoNothing().returning();
  if (inserted) return { reaction: inserted, created: true };
  const existing =
    (await findReaction(db, reaction.kind, reaction.actorId, reaction.objectIri)) ?? (await findReactionByActivity(db, reaction.activityIri));
  if (!existing) throw new Error("reaction insert conflicted, but no reaction was found");
  return { reaction: existing, created: false };
}

export async function findReactionByActivity(db: Database, activityIri: string): Promise<ReactionRow | undefined> {
  const [row] = await db.select().from(reactions).where(eq(reactions.activityIri, activityIri));
  return row;
}

export async function findReaction(db: Database, kind: ReactionKind, actorId: number, objectIri: string): Promise<ReactionRow | undefined> {
  const [row] = await db
    .select()
    .from(reactions)
    .where(and(eq(reactions.kind, kind), eq(reactions.actorId, actorId), eq(reactions.objectIri, objectIri)));
  return row;
}

/** What removing a reaction by its activity id came to. */
export type Removal =
  | { readonly outcome: "removed"; readonly reaction: ReactionRow }
  | { readonly outcome: "not_found" }
  /** The activity is someone else's: only the actor who liked or shared may take it back. */
  | { readonly outcome: "forbidden"; readonly reaction: ReactionRow };

/** Takes back a like or share named by its activity id (an `Undo`); only its own actor may. */
export async function removeReaction(db: Database, activityIri: string, actorId: number): Promise<Removal> {
  const [removed] = await db
    .delete(reactions)
    .where(and(eq(reactions.activityIri, activityIri), eq(reactions.actorId, actorId)))
    .returning();
  if (removed) {
    await forgetReactionNotification(db, removed);
    return { outcome: "removed", reaction: removed };
  }
  const other = await findReactionByActivity(db, activityIri);
  return other ? { outcome: "forbidden", reaction: other } : { outcome: "not_found" };
}

/** Takes back an actor's like or share of an object, whatever activity id recorded it. */
export async function removeReactionOf(db: Database, kind: ReactionKind, actorId: number, objectIri: string): Promise<ReactionRow | undefined> {
  const [removed] = await db
    .delete(reactions)
    .where(and(eq(reactions.kind, kind), eq(reactions.actorId, actorId), eq(reactions.objectIri, objectIri)))
    .returning();
  if (removed) await forgetReactionNotification(db, removed);
  return removed;
}

/** A like or share taken back is no longer news: its notification goes too. */
async function forgetReactionNotification(db: Database, reaction: ReactionRow): Promise<void> {
  const [comment] = await db.select({ id: comments.id }).from(comments).where(eq(comments.iri, reaction.objectIri));
  const [practice] = comment ? [] : await db.select({ id: practices.id }).from(practices).where(eq(practices.iri, reaction.objectIri));
  if (!comment && !practice) return;
  await forgetNotifications(db, { kind: reaction.kind, actorId: reaction.actorId, practiceId: practice?.id, commentId: comment?.id });
}

export async function countReactions(db: Database, objectIri: string, kind: ReactionKind): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(reactions)
    .where(and(eq(reactions.objectIri, objectIri), eq(reactions.kind, kind)));
  return row?.n ?? 0;
}

export interface ReactionCounts {
  readonly likes: number;
  readonly shares: number;
}

/** Both counts of an object at once. */
export async function reactionCounts(db: Database, objectIri: string): Promise<ReactionCounts> {
  const rows = await db
    .select({ kind: reactions.kind, n: count() })
    .from(reactions)
    .where(eq(reactions.objectIri, objectIri))
    .groupBy(reactions.kind);
  const of = (kind: ReactionKind) => rows.find((r) => r.kind === kind)?.n ?? 0;
  return { likes: of("like"), shares: of("share") };
}

export interface ReactionListing {
  readonly reaction: ReactionRow;
  readonly actor: ActorRow;
}

export interface ReactionPage {
  readonly items: readonly ReactionListing[];
  /** Pass as `before` for the next (older) page; `undefined` on the last page. */
  readonly nextCursor: number | undefined;
}

/** Who liked (or shared) an object, newest first, paged by reaction id. */
export async function listReactions(
  db: Database,
  objectIri: string,
  kind: ReactionKind,
  options: { before?: number; limit?: number } = {},
): Promise<ReactionPage> {
  const { before, limit = 40 } = options;
  const rows = await db
    .select({ reaction: reactions, actor: actors })
    .from(reactions)
    .innerJoin(actors, eq(actors.id, reactions.actorId))
    .where(and(eq(reactions.objectIri, objectIri), eq(reactions.kind, kind), before === undefined ? undefined : lt(reactions.id, before)))
    .orderBy(desc(reactions.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.reaction.id : undefined };
}

/** What a like or share can be about here: a published practice (ours or one we keep) or a visible comment. */
export interface ReactionTarget {
  /** The object's ActivityPub id. */
  readonly iri: string;
  readonly practiceId: number;
  readonly commentId: number | undefined;
  /** The practice's owner, or the comment's author. */
  readonly ownerId: number;
  /** Whether that owner or author is one of ours (then they hear of it). */
  readonly ownerLocal: boolean;
}

/** The practice or comment with this id, if we keep it and it is public. */
export async function findReactionTarget(db: Database, iri: string): Promise<ReactionTarget | undefined> {
  const [practice] = await db
    .select({ id: practices.id, ownerId: practices.ownerId, ownerLocal: actors.local })
    .from(practices)
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(and(eq(practices.iri, iri), eq(practices.status, "published")));
  if (practice) return { iri, practiceId: practice.id, commentId: undefined, ownerId: practice.ownerId, ownerLocal: practice.ownerLocal };
  const [comment] = await db
    .select({ id: comments.id, practiceId: comments.practiceId, authorId: comments.authorId, authorLocal: actors.local })
    .from(comments)
    .innerJoin(actors, eq(actors.id, comments.authorId))
    .where(and(eq(comments.iri, iri), eq(comments.status, "visible")));
  if (comment) return { iri, practiceId: comment.practiceId, commentId: comment.id, ownerId: comment.authorId, ownerLocal: comment.authorLocal };
  return undefined;
}

/** Tells the practice's city (or the comment's author) about a new like or share, when they are ours. */
export async function notifyReaction(db: Database, target: ReactionTarget, kind: ReactionKind, actorId: number): Promise<void> {
  if (!target.ownerLocal) return;
  await notify(db, { recipientId: target.ownerId, kind, actorId, practiceId: target.practiceId, commentId: target.commentId });
}

/**
 * Who owns the practice (whatever its status) or wrote the comment (even deleted) with this id:
 * a like taken back is still owed to them.
 */
export async function findObjectOwnerId(db: Database, iri: string): Promise<number | undefined> {
  const [practice] = await db.select({ ownerId: practices.ownerId }).from(practices).where(eq(practices.iri, iri));
  if (practice) return practice.ownerId;
  const [comment] = await db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.iri, iri));
  return comment?.authorId;
}

/** The likes and shares of several objects at once (a thread's comments), by object id; objects without any are left out. */
export async function reactionCountsOf(db: Database, objectIris: readonly string[]): Promise<Map<string, ReactionCounts>> {
  if (objectIris.length === 0) return new Map();
  const rows = await db
    .select({ iri: reactions.objectIri, kind: reactions.kind, n: count() })
    .from(reactions)
    .where(inArray(reactions.objectIri, [...new Set(objectIris)]))
    .groupBy(reactions.objectIri, reactions.kind);
  const counts = new Map<string, ReactionCounts>();
  for (const row of rows) {
    const now = counts.get(row.iri) ?? { likes: 0, shares: 0 };
    counts.set(row.iri, row.kind === "like" ? { ...now, likes: row.n } : { ...now, shares: row.n });
  }
  return counts;
}

/** Which of `objectIris` the actor has liked (or shared). */
export async function reactedAmong(db: Database, actorId: number, kind: ReactionKind, objectIris: readonly string[]): Promise<Set<string>> {
  if (objectIris.length === 0) return new Set();
  const rows = await db
    .select({ iri: reactions.objectIri })
    .from(reactions)
    .where(and(eq(reactions.actorId, actorId), eq(reactions.kind, kind), inArray(reactions.objectIri, [...new Set(objectIris)])));
  return new Set(rows.map((r) => r.iri));
}
