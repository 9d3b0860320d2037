import { and, desc, eq, sql } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, posts, practiceVersions, practices } from "../db/schema.ts";
import type { PracticeCard } from "../practices/card.ts";
import { type Practice, carriesHashtag, isCurrentVersion } from "../practices/store.ts";
import type { PostRow } from "../social/posts.ts";

/** Read-only queries the pages need and the domain stores do not offer (kept out of the routes). */

export interface PracticeWithOwner {
  readonly practice: Practice;
  readonly owner: ActorRow;
}

/** The newest published practices on this server, ours and those received from other servers. */
export async function listNewestPractices(db: Database, options: { limit?: number } = {}): Promise<PracticeWithOwner[]> {
  const rows = await db
    .select({ practice: practices, card: practiceVersions.card, owner: actors })
    .from(practices)
    .innerJoin(
      practiceVersions,
      isCurrentVersion,
    )
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(eq(practices.status, "published"))
    .orderBy(sql`${practices.publishedAt} desc nulls last`, desc(practices.id))
    .limit(options.limit ?? 20);
  return rows.map((r) => ({ practice: { row: r.practice, card: r.card as PracticeCard }, owner: r.owner }));
}

export interface VersionSummary {
  readonly version: number;
  readonly createdAt: Date;
  /** The member who saved it; absent for versions received from another server (or a deleted member). */
  readonly authorName: string | null;
}

/** A practice's versions, newest first, without their cards. */
export async function listVersionSummaries(db: Database, practiceId: number): Promise<VersionSummary[]> {
  return db
    .select({ version: practiceVersions.version, createdAt: practiceVersions.createdAt, authorName: actors.name })
    .from(practiceVersions)
    .leftJoin(actors, eq(actors.id, practiceVersions.authorId))
    .where(eq(practiceVersions.practiceId, practiceId))
    .orderBy(desc(practiceVersions.version));
}

export interface TaggedPractices {
  readonly items: readonly PracticeWithOwner[];
  /** The `before` of the next (older) page, when there is one. */
  readonly nextCursor: number | undefined;
}

/** When a practice was published, the order of every listing of them (newest first). */
const publishedOrder = sql`coalesce(${practices.publishedAt}, ${practices.createdAt})`;

/**
 * The published practices, ours and received, that carry a hashtag; newest first, paged: `before`
 * is the id of the last practice of the page before (older ones follow it).
 */
export async function listPracticesTagged(
  db: Database,
  name: string,
  options: { before?: number; limit?: number } = {},
): Promise<TaggedPractices> {
  const { before, limit = 20 } = options;
  // Unqualified names in the subquery are the cursor's row, not the outer one.
  const olderThanCursor =
    before === undefined
      ? undefined
      : sql`(${publishedOrder}, ${practices.id}) < (select coalesce(published_at, created_at), id from practices where id = ${before})`;
  const rows = await db
    .select({ practice: practices, card: practiceVersions.card, owner: actors })
    .from(practices)
    .innerJoin(
      practiceVersions,
      isCurrentVersion,
    )
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(and(eq(practices.status, "published"), carriesHashtag(name), olderThanCursor))
    .orderBy(sql`${publishedOrder} desc`, desc(practices.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ practice: { row: r.practice, card: r.card as PracticeCard }, owner: r.owner }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.practice.row.id : undefined };
}

export interface PostWithAuthor {
  readonly post: PostRow;
  readonly author: ActorRow;
}

/** The newest posts from other software (kept from actors followed here), with their authors; our members' own notes are not "from the fediverse". */
export async function listNewestPosts(db: Database, options: { limit?: number } = {}): Promise<PostWithAuthor[]> {
  return db
    .select({ post: posts, author: actors })
    .from(posts)
    .innerJoin(actors, eq(actors.id, posts.authorId))
    .where(eq(actors.local, false))
    // A post dated in the future (a wrong clock, or a wish to stay on top) counts from when it came.
    .orderBy(sql`least(${posts.publishedAt}, ${posts.receivedAt}) desc`, desc(posts.id))
    .limit(options.limit ?? 10);
}
