import { and, desc, eq, sql } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, practiceVersions, practices } from "../db/schema.ts";
import type { PracticeCard } from "../practices/card.ts";
import type { Practice } from "../practices/store.ts";

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
      and(eq(practiceVersions.practiceId, practices.id), eq(practiceVersions.version, practices.currentVersion)),
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
