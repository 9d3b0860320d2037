import { and, count, desc, eq, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, follows } from "../db/schema.ts";

export type FollowRow = typeof follows.$inferSelect;
export type FollowStatus = FollowRow["status"];

export interface FollowRecord {
  readonly activityIri: string;
  readonly followerId: number;
  readonly followingId: number;
  readonly status: FollowStatus;
}

/**
 * Records a follow. A second `Follow` for the same pair (a server that lost its state, or a
 * retry) takes the new activity id but never demotes an accepted follow back to pending.
 */
export async function recordFollow(db: Database, record: FollowRecord): Promise<FollowRow> {
  const [row] = await db
    .insert(follows)
    .values({ ...record, acceptedAt: record.status === "accepted" ? new Date() : null })
    .onConflictDoUpdate({
      target: [follows.followerId, follows.followingId],
      set: {
        activityIri: record.activityIri,
        status: sql`case when ${follows.status} = 'accepted' then 'accepted'::follow_status else excluded.status end`,
        acceptedAt: sql`coalesce(${follows.acceptedAt}, excluded.accepted_at)`,
      },
    })
    .returning();
  if (!row) throw new Error("follow upsert returned no row");
  return row;
}

export async function findFollowByActivity(db: Database, activityIri: string): Promise<FollowRow | undefined> {
  const [row] = await db.select().from(follows).where(eq(follows.activityIri, activityIri));
  return row;
}

export async function findFollow(db: Database, followerId: number, followingId: number): Promise<FollowRow | undefined> {
  const [row] = await db
    .select()
    .from(follows)
    .where(and(eq(follows.followerId, followerId), eq(follows.followingId, followingId)));
  return row;
}

export async function markFollowAccepted(db: Database, followId: number): Promise<void> {
  await db.update(follows).set({ status: "accepted", acceptedAt: new Date() }).where(eq(follows.id, followId));
}

/** Ends every follow between two actors, either way round; answers how many there were. */
export async function endFollowsBetween(db: Database, one: number, other: number): Promise<number> {
  const ended = await db
    .delete(follows)
    .where(or(and(eq(follows.followerId, one), eq(follows.followingId, other)), and(eq(follows.followerId, other), eq(follows.followingId, one))))
    .returning({ id: follows.id });
  return ended.length;
}

export async function deleteFollow(db: Database, followId: number): Promise<void> {
  await db.delete(follows).where(eq(follows.id, followId));
}

export interface FollowListing {
  readonly follow: FollowRow;
  readonly actor: ActorRow;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `before` to get the next (older) page; `undefined` on the last page. */
  readonly nextCursor: number | undefined;
}

/** Who follows `actorId` (accepted, or only pending requests), newest first, paged by follow id. */
export async function listFollowers(
  db: Database,
  actorId: number,
  options: { status?: FollowStatus; before?: number; limit?: number } = {},
): Promise<Page<FollowListing>> {
  return listSide(db, "followers", actorId, options);
}

/** Whom `actorId` follows (accepted, or requests still waiting), newest first. */
export async function listFollowing(
  db: Database,
  actorId: number,
  options: { status?: FollowStatus; before?: number; limit?: number } = {},
): Promise<Page<FollowListing>> {
  return listSide(db, "following", actorId, options);
}

async function listSide(
  db: Database,
  side: "followers" | "following",
  actorId: number,
  { status = "accepted", before, limit = 40 }: { status?: FollowStatus; before?: number; limit?: number },
): Promise<Page<FollowListing>> {
  const other = alias(actors, "other");
  const [ownColumn, otherColumn] =
    side === "followers" ? [follows.followingId, follows.followerId] : [follows.followerId, follows.followingId];
  const rows = await db
    .select({ follow: follows, actor: other })
    .from(follows)
    .innerJoin(other, eq(other.id, otherColumn))
    .where(and(eq(ownColumn, actorId), eq(follows.status, status), before === undefined ? undefined : lt(follows.id, before)))
    .orderBy(desc(follows.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.follow.id : undefined };
}

export async function countFollows(
  db: Database,
  side: "followers" | "following",
  actorId: number,
): Promise<number> {
  const ownColumn = side === "followers" ? follows.followingId : follows.followerId;
  const [row] = await db
    .select({ n: count() })
    .from(follows)
    .where(and(eq(ownColumn, actorId), eq(follows.status, "accepted")));
  return row?.n ?? 0;
}

/** Inboxes to deliver to an actor's followers: one per server where a shared inbox exists. */
export async function followerInboxes(db: Database, actorId: number): Promise<ActorRow[]> {
  return db
    .select({ actor: actors })
    .from(follows)
    .innerJoin(actors, eq(actors.id, follows.followerId))
    .where(and(eq(follows.followingId, actorId), eq(follows.status, "accepted"), eq(actors.local, false)))
    .then((rows) => rows.map((r) => r.actor));
}
