import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { tombstones } from "../db/schema.ts";

/**
 * Remembers that the object `iri` was deleted, so that its `Create` (or an `Update`) arriving
 * later, out of order or replayed, does not bring it back.
 */
export async function recordTombstone(db: Database, iri: string, deletedAt = new Date()): Promise<void> {
  await db.insert(tombstones).values({ iri, deletedAt }).onConflictDoNothing({ target: tombstones.iri });
}

/** Whether `iri` was deleted. */
export async function isTombstoned(db: Database, iri: string): Promise<boolean> {
  const [row] = await db.select({ iri: tombstones.iri }).from(tombstones).where(eq(tombstones.iri, iri));
  return row !== undefined;
}

/** When `iri` was deleted, if it was. */
export async function findTombstone(db: Database, iri: string): Promise<Date | undefined> {
  const [row] = await db.select().from(tombstones).where(eq(tombstones.iri, iri));
  return row?.deletedAt;
}
