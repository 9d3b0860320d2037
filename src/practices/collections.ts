import { and, asc, desc, eq } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, collectionItems, collections, practiceVersions, practices } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { notify } from "../social/notifications.ts";
import type { PracticeCard } from "./card.ts";
import { type Practice, isCurrentVersion, newPublicId } from "./store.ts";

/**
 * Curated collections (DESIGN.md §2): a network's coordinators, or a city's admins, gather
 * published practices from any server under a name, each with a note saying why it is there.
 * This module keeps them; federation/collections/ says so to other servers.
 */

export type CollectionRow = typeof collections.$inferSelect;
export type CollectionItemRow = typeof collectionItems.$inferSelect;

export const collectionLimits = { name: 100, summary: 500, note: 500 } as const;

/** Where our collections live, as only the federation layer can say. */
export type CollectionAddress = (publicId: string) => URL;

function checkedText(value: string, field: string, label: string, max: number, required: boolean): string {
  const text = value.replace(/\r\n?/g, "\n").trim();
  if (required && text === "") throw new PlazaError("invalid", `Give the collection a ${label}.`, field);
  if (text.length > max) throw new PlazaError("invalid", `The ${label} can be at most ${max} characters long; this one has ${text.length}.`, field);
  return text;
}

/** A new, empty collection of one of our cities or networks. */
export async function createCollection(
  db: Database,
  address: CollectionAddress,
  owner: ActorRow,
  input: { name: string; summary: string },
): Promise<CollectionRow> {
  if (!owner.local) throw new PlazaError("forbidden", "Only this server's cities and networks keep collections here.");
  const name = checkedText(input.name, "name", "name", collectionLimits.name, true);
  const summary = checkedText(input.summary, "summary", "description", collectionLimits.summary, false);
  const publicId = newPublicId();
  const [row] = await db.insert(collections).values({ iri: address(publicId).href, publicId, ownerId: owner.id, name, summary }).returning();
  if (!row) throw new Error("collection insert returned no row");
  return row;
}

/** Renames a collection or changes what it says it gathers. */
export async function updateCollection(db: Database, collection: CollectionRow, input: { name: string; summary: string }): Promise<CollectionRow> {
  const name = checkedText(input.name, "name", "name", collectionLimits.name, true);
  const summary = checkedText(input.summary, "summary", "description", collectionLimits.summary, false);
  const [row] = await db.update(collections).set({ name, summary, updatedAt: new Date() }).where(eq(collections.id, collection.id)).returning();
  if (!row) throw new PlazaError("not_found", "This collection no longer exists.");
  return row;
}

/** Deletes a collection, its entries with it. */
export async function deleteCollection(db: Database, collection: CollectionRow): Promise<void> {
  await db.delete(collections).where(eq(collections.id, collection.id));
}

export async function findCollectionByPublicId(db: Database, publicId: string): Promise<CollectionRow | undefined> {
  const [row] = await db.select().from(collections).where(eq(collections.publicId, publicId));
  return row;
}

/** An owner's collections, oldest first (the order they were set up in). */
export async function listCollectionsOf(db: Database, ownerId: number): Promise<CollectionRow[]> {
  return db.select().from(collections).where(eq(collections.ownerId, ownerId)).orderBy(asc(collections.createdAt), asc(collections.id));
}

export interface CollectedPractice {
  readonly item: CollectionItemRow;
  readonly practice: Practice;
  readonly owner: ActorRow;
}

/** What a collection holds that is still published, newest addition first. */
export async function listCollectionItems(db: Database, collectionId: number): Promise<CollectedPractice[]> {
  const rows = await db
    .select({ item: collectionItems, practice: practices, card: practiceVersions.card, owner: actors })
    .from(collectionItems)
    .innerJoin(practices, eq(practices.id, collectionItems.practiceId))
    .innerJoin(practiceVersions, isCurrentVersion)
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(and(eq(collectionItems.collectionId, collectionId), eq(practices.status, "published")))
    .orderBy(desc(collectionItems.addedAt), desc(collectionItems.id));
  return rows.map((r) => ({ item: r.item, practice: { row: r.practice, card: r.card as PracticeCard }, owner: r.owner }));
}

/**
 * Adds a published practice (ours or one we keep) to a collection, with the curator's note.
 * The practice's city is told when it is ours. A practice is in a collection once.
 */
export async function addToCollection(
  db: Database,
  collection: CollectionRow,
  practice: Practice,
  input: { note: string; curatorId: number },
): Promise<CollectionItemRow> {
  if (practice.row.status !== "published") throw new PlazaError("conflict", "Only a published practice can be added to a collection.");
  const note = checkedText(input.note, "note", "note", collectionLimits.note, false);
  const [item] = await db
    .insert(collectionItems)
    .values({ collectionId: collection.id, practiceId: practice.row.id, note, addedBy: input.curatorId })
    .onConflictDoNothing()
    .returning();
  if (!item) throw new PlazaError("conflict", `“${practice.card.title}” is already in “${collection.name}”.`, "practice");
  await db.update(collections).set({ updatedAt: new Date() }).where(eq(collections.id, collection.id));
  if (practice.row.local) await notify(db, { recipientId: practice.row.ownerId, kind: "curation", actorId: collection.ownerId, practiceId: practice.row.id });
  return item;
}

/** Takes a practice out of a collection; answers what was removed. */
export async function removeFromCollection(db: Database, collection: CollectionRow, itemId: number): Promise<CollectionItemRow> {
  const [item] = await db
    .delete(collectionItems)
    .where(and(eq(collectionItems.id, itemId), eq(collectionItems.collectionId, collection.id)))
    .returning();
  if (!item) throw new PlazaError("not_found", "That practice is not in this collection.");
  await db.update(collections).set({ updatedAt: new Date() }).where(eq(collections.id, collection.id));
  return item;
}

/** The collections of ours that hold a practice, with their owners (for the practice's page). */
export async function collectionsHolding(db: Database, practiceId: number): Promise<{ collection: CollectionRow; owner: ActorRow }[]> {
  return db
    .select({ collection: collections, owner: actors })
    .from(collectionItems)
    .innerJoin(collections, eq(collections.id, collectionItems.collectionId))
    .innerJoin(actors, eq(actors.id, collections.ownerId))
    .where(eq(collectionItems.practiceId, practiceId))
    .orderBy(asc(collections.name));
}

/** Tells one of our cities that another server's network added its practice to a collection (a received `Add`). */
export async function notifyCuration(db: Database, practice: Practice, curatorId: number): Promise<void> {
  if (!practice.row.local) return;
  await notify(db, { recipientId: practice.row.ownerId, kind: "curation", actorId: curatorId, practiceId: practice.row.id });
}
