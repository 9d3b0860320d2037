import { type SQL, and, asc, count, desc, eq, gt, ilike, inArray, lt, max, ne, or, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { alias } from "drizzle-orm/pg-core";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, follows, practices, reactions } from "../db/schema.ts";
import type { FollowStatus } from "../social/follows.ts";
import type { PageRequest } from "./pagination.ts";

/**
 * The reads the Mastodon API needs that the domain modules do not offer in this shape: counts
 * for many accounts at once, and pages by id in both directions (max_id, since_id, min_id).
 */

export interface AccountStats {
  readonly followers: number;
  readonly following: number;
  readonly statuses: number;
  readonly lastStatusAt: Date | null;
}

const noStats: AccountStats = { followers: 0, following: 0, statuses: 0, lastStatusAt: null };

/** Follower, following and practice counts for a set of actors, in three queries whatever their number. */
export async function accountStats(db: Database, actorIds: readonly number[]): Promise<(id: number) => AccountStats> {
  const ids = [...new Set(actorIds)];
  if (ids.length === 0) return () => noStats;
  const [followerRows, followingRows, practiceRows] = await Promise.all([
    db
      .select({ id: follows.followingId, n: count() })
      .from(follows)
      .where(and(inArray(follows.followingId, ids), eq(follows.status, "accepted")))
      .groupBy(follows.followingId),
    db
      .select({ id: follows.followerId, n: count() })
      .from(follows)
      .where(and(inArray(follows.followerId, ids), eq(follows.status, "accepted")))
      .groupBy(follows.followerId),
    db
      .select({ id: practices.ownerId, n: count(), last: max(practices.publishedAt) })
      .from(practices)
      .where(and(inArray(practices.ownerId, ids), eq(practices.status, "published")))
      .groupBy(practices.ownerId),
  ]);
  const followers = new Map(followerRows.map((r) => [r.id, r.n]));
  const following = new Map(followingRows.map((r) => [r.id, r.n]));
  const statuses = new Map(practiceRows.map((r) => [r.id, r]));
  return (id) => ({
    followers: followers.get(id) ?? 0,
    following: following.get(id) ?? 0,
    statuses: statuses.get(id)?.n ?? 0,
    lastStatusAt: statuses.get(id)?.last ?? null,
  });
}

/** The condition and order for one page over an integer id column, newest first unless `min_id` asks for the oldest above it. */
export function pageQuery(column: PgColumn, page: PageRequest): { where: SQL | undefined; orderBy: SQL; ascending: boolean } {
  const ascending = page.minId !== undefined && page.sinceId === undefined;
  const lower = page.sinceId ?? page.minId;
  return {
    where: and(page.maxId === undefined ? undefined : lt(column, page.maxId), lower === undefined ? undefined : gt(column, lower)),
    orderBy: ascending ? asc(column) : desc(column),
    ascending,
  };
}

/** A page read with one extra row: newest first, and whether older rows remain (for the "next" link). */
export function finishPage<T>(rows: readonly T[], page: PageRequest, ascending: boolean): { items: T[]; hasMore: boolean } {
  if (ascending) {
    // min_id: the rows just above the bound; older ones (at least the bound itself) are the next page.
    const items = rows.slice(0, page.limit).reverse();
    return { items, hasMore: items.length > 0 };
  }
  return { items: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export interface FollowEntry {
  readonly followId: number;
  readonly actor: ActorRow;
}

/** An actor's followers or followings (accepted, or pending requests), paged by follow id as Mastodon pages them. */
export async function pageFollows(
  db: Database,
  side: "followers" | "following",
  actorId: number,
  page: PageRequest,
  status: FollowStatus = "accepted",
): Promise<{ items: FollowEntry[]; hasMore: boolean }> {
  const other = alias(actors, "other");
  const [ownColumn, otherColumn] = side === "followers" ? [follows.followingId, follows.followerId] : [follows.followerId, follows.followingId];
  const { where, orderBy, ascending } = pageQuery(follows.id, page);
  const rows = await db
    .select({ followId: follows.id, actor: other })
    .from(follows)
    .innerJoin(other, eq(other.id, otherColumn))
    .where(and(eq(ownColumn, actorId), eq(follows.status, status), where))
    .orderBy(orderBy)
    .limit(page.limit + 1);
  return finishPage(rows, page, ascending);
}

/** Who liked or shared an object, newest first, paged by the reaction's status id. */
export async function pageReactors(
  db: Database,
  objectIri: string,
  kind: "like" | "share",
  page: PageRequest,
): Promise<{ items: { statusId: number; actor: ActorRow }[]; hasMore: boolean }> {
  const { where, orderBy, ascending } = pageQuery(reactions.statusId, page);
  const rows = await db
    .select({ statusId: reactions.statusId, actor: actors })
    .from(reactions)
    .innerJoin(actors, eq(actors.id, reactions.actorId))
    .where(and(eq(reactions.objectIri, objectIri), eq(reactions.kind, kind), where))
    .orderBy(orderBy)
    .limit(page.limit + 1);
  return finishPage(rows, page, ascending);
}

/** What an actor liked, newest like first, paged by the like's status id. */
export async function pageLikesBy(db: Database, actorId: number, page: PageRequest): Promise<{ items: { statusId: number; objectIri: string }[]; hasMore: boolean }> {
  const { where, orderBy, ascending } = pageQuery(reactions.statusId, page);
  const rows = await db
    .select({ statusId: reactions.statusId, objectIri: reactions.objectIri })
    .from(reactions)
    .where(and(eq(reactions.actorId, actorId), eq(reactions.kind, "like"), where))
    .orderBy(orderBy)
    .limit(page.limit + 1);
  return finishPage(rows, page, ascending);
}

export interface Relation {
  readonly following: FollowStatus | undefined;
  readonly followedBy: FollowStatus | undefined;
}

/** How `meId` and each of `otherIds` follow each other. */
export async function relations(db: Database, meId: number, otherIds: readonly number[]): Promise<(id: number) => Relation> {
  const ids = [...new Set(otherIds)];
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({ followerId: follows.followerId, followingId: follows.followingId, status: follows.status })
          .from(follows)
          .where(
            or(and(eq(follows.followerId, meId), inArray(follows.followingId, ids)), and(eq(follows.followingId, meId), inArray(follows.followerId, ids))),
          );
  return (id) => ({
    following: rows.find((r) => r.followerId === meId && r.followingId === id)?.status,
    followedBy: rows.find((r) => r.followingId === meId && r.followerId === id)?.status,
  });
}

/** An actor by Mastodon's `acct`: `name` (ours) or `name@host`; never fetched from the network. */
export async function findActorByAcct(db: Database, acct: string, ourHost: string): Promise<ActorRow | undefined> {
  const match = /^@?([^@\s]+)(?:@([^@\s]+))?$/.exec(acct.trim());
  if (!match?.[1]) return undefined;
  const [, username, host] = match;
  const local = host === undefined || host.toLowerCase() === ourHost.toLowerCase();
  const [row] = await db
    .select()
    .from(actors)
    .where(
      and(
        sql`lower(${actors.username}) = lower(${username})`,
        local ? eq(actors.local, true) : and(eq(actors.local, false), sql`lower(${actors.host}) = lower(${host})`),
        ne(actors.type, "Application"),
      ),
    )
    .orderBy(desc(actors.updatedAt))
    .limit(1);
  return row;
}

/** Actors we know (ours first) whose handle or name contains the words typed; server actors left out. */
export async function searchActors(db: Database, query: string, options: { limit: number; offset: number; ourHost: string }): Promise<ActorRow[]> {
  const text = query.trim().replace(/^@/, "");
  if (text === "") return [];
  const [username = "", host] = text.split("@");
  const pattern = `%${username.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const hostCondition =
    host === undefined || host === ""
      ? undefined
      : host.toLowerCase() === options.ourHost.toLowerCase()
        ? eq(actors.local, true)
        : sql`lower(${actors.host}) = lower(${host})`;
  return db
    .select()
    .from(actors)
    .where(and(ne(actors.type, "Application"), hostCondition, or(ilike(actors.username, pattern), host === undefined ? ilike(actors.name, pattern) : undefined)))
    .orderBy(desc(actors.local), sql`lower(${actors.username}) = lower(${username}) desc`, actors.name, actors.id)
    .limit(options.limit)
    .offset(options.offset);
}

/** How many follow requests wait for the actor's approval. */
export async function countFollowRequests(db: Database, actorId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(follows)
    .where(and(eq(follows.followingId, actorId), eq(follows.status, "pending")));
  return row?.n ?? 0;
}
