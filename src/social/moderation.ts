import { desc, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { accounts, actors, moderationLog } from "../db/schema.ts";

/** What a moderator did; the page shows these words, so they read as a sentence's verb. */
export type ModerationAction =
  | "block_actor"
  | "block_domain"
  | "unblock_actor"
  | "unblock_domain"
  | "resolve_report"
  | "hide_comment"
  | "unhide_comment"
  | "delete_comment";

export interface ModerationEntry {
  /** The signed-in account that acted; `null` for the server itself. */
  readonly accountId: number | null;
  readonly action: ModerationAction;
  /** What it was done to: an actor IRI, a domain, a comment or practice IRI, `report #12`. */
  readonly target: string;
  /** Why, as the moderator wrote it (plain text). */
  readonly note?: string;
}

export type ModerationLogRow = typeof moderationLog.$inferSelect;

/**
 * Records a moderation action (who, what, to what, when). Call it in the same transaction as the
 * action itself where there is one, so that the log never claims what did not happen.
 */
export async function logModeration(db: Database, entry: ModerationEntry): Promise<ModerationLogRow> {
  const [row] = await db
    .insert(moderationLog)
    .values({ accountId: entry.accountId, action: entry.action, target: entry.target, note: (entry.note ?? "").slice(0, 2000) })
    .returning();
  if (!row) throw new Error("moderation log insert returned no row");
  return row;
}

export interface ModerationLogListing {
  readonly entry: ModerationLogRow;
  /** The moderator as people know them here: their member actor's name and username. */
  readonly by: { readonly name: string; readonly username: string } | null;
}

/** The latest moderation actions, newest first. */
export async function listModerationLog(db: Database, limit = 100): Promise<ModerationLogListing[]> {
  const rows = await db
    .select({ entry: moderationLog, name: actors.name, username: actors.username })
    .from(moderationLog)
    .leftJoin(accounts, eq(accounts.id, moderationLog.accountId))
    .leftJoin(actors, eq(actors.id, accounts.actorId))
    .orderBy(desc(moderationLog.id))
    .limit(limit);
  return rows.map(({ entry, name, username }) => ({ entry, by: name !== null && username !== null ? { name, username } : null }));
}
