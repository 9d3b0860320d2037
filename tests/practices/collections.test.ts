import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { createLocalActor } from "../../src/actors/store.ts";
import { notifications } from "../../src/db/schema.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { PlazaError } from "../../src/errors.ts";
import { type PracticeAddress, createPractice, markPublished, markWithdrawn } from "../../src/practices/authoring.ts";
import {
  type CollectionRow,
  addToCollection,
  collectionsHolding,
  createCollection,
  listCollectionItems,
  listCollectionsOf,
  removeFromCollection,
} from "../../src/practices/collections.ts";
import type { Practice } from "../../src/practices/store.ts";
import { openTestDatabase } from "../support/database.ts";
import { testActorUris } from "../support/domain.ts";

const address: PracticeAddress = (publicId) => ({
  iri: new URL(`https://plaza.test/practices/${publicId}`),
  url: new URL(`https://plaza.test/practices/${publicId}`),
});
const collectionAt = (publicId: string) => new URL(`https://plaza.test/collections/${publicId}`);

async function refusal(promise: Promise<unknown>): Promise<PlazaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PlazaError)) throw new Error(`expected a PlazaError, got ${String(error)}`);
  return error;
}

describe("curated collections", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let uclg: ActorRow;
  let paris: ActorRow;
  let anne: ActorRow;
  let first: Practice;
  let second: Practice;
  let collection: CollectionRow;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    uclg = await db.transaction((tx) => createLocalActor(tx, testActorUris, { kind: "network", username: "uclg", name: "UCLG" }));
    paris = await db.transaction((tx) => createLocalActor(tx, testActorUris, { kind: "city", username: "paris", name: "Paris" }));
    anne = await db.transaction((tx) => createLocalActor(tx, testActorUris, { kind: "member", username: "anne", name: "Anne" }));
    const publish = async (index: number) => {
      const draft = await createPractice(db, address, paris, anne, whitePaperCases[index]!.card);
      return { row: await markPublished(db, draft.row), card: draft.card };
    };
    first = await publish(0);
    second = await publish(1);
  });

  afterAll(async () => {
    await database?.dispose();
  });

  test("a collection needs a name; name and description have limits", async () => {
    const { db } = database;
    expect(await refusal(createCollection(db, collectionAt, uclg, { name: "  ", summary: "" }))).toMatchObject({ kind: "invalid", field: "name" });
    expect(await refusal(createCollection(db, collectionAt, uclg, { name: "x".repeat(101), summary: "" }))).toMatchObject({ kind: "invalid", field: "name" });
    expect(await refusal(createCollection(db, collectionAt, uclg, { name: "Climate", summary: "y".repeat(501) }))).toMatchObject({ kind: "invalid", field: "summary" });
    collection = await createCollection(db, collectionAt, uclg, { name: " Climate action ", summary: "Cities acting on climate.\r\n" });
    expect(collection).toMatchObject({ name: "Climate action", summary: "Cities acting on climate.", ownerId: uclg.id });
    expect(collection.iri).toBe(`https://plaza.test/collections/${collection.publicId}`);
    expect((await listCollectionsOf(db, uclg.id)).map((c) => c.name)).toEqual(["Climate action"]);
  });

  test("practices go in once each, newest addition first, with the curator's note; the city is told", async () => {
    const { db } = database;
    await addToCollection(db, collection, first, { note: "Where it started.", curatorId: anne.id });
    await addToCollection(db, collection, second, { note: "", curatorId: anne.id });
    expect(await refusal(addToCollection(db, collection, first, { note: "", curatorId: anne.id }))).toMatchObject({ kind: "conflict" });
    expect(await refusal(addToCollection(db, collection, second, { note: "z".repeat(501), curatorId: anne.id }))).toMatchObject({ kind: "invalid", field: "note" });
    const items = await listCollectionItems(db, collection.id);
    expect(items.map((i) => [i.practice.row.id, i.item.note, i.owner.username])).toEqual([
      [second.row.id, "", "paris"],
      [first.row.id, "Where it started.", "paris"],
    ]);
    expect((await collectionsHolding(db, first.row.id)).map((h) => [h.collection.name, h.owner.username])).toEqual([["Climate action", "uclg"]]);
    const told = await db.select().from(notifications).where(eq(notifications.kind, "curation"));
    expect(told.map((n) => [n.recipientId, n.actorId])).toEqual([
      [paris.id, uclg.id],
      [paris.id, uclg.id],
    ]);
  });

  test("a withdrawn practice leaves the listing; a draft cannot go in; taking one out", async () => {
    const { db } = database;
    const draft = await createPractice(db, address, paris, anne, whitePaperCases[2]!.card);
    expect(await refusal(addToCollection(db, collection, draft, { note: "", curatorId: anne.id }))).toMatchObject({ kind: "conflict" });
    await markWithdrawn(db, second.row);
    const items = await listCollectionItems(db, collection.id);
    expect(items.map((i) => i.practice.row.id)).toEqual([first.row.id]);
    const [item] = items;
    if (!item) throw new Error("unreachable");
    expect((await removeFromCollection(db, collection, item.item.id)).practiceId).toBe(first.row.id);
    expect(await refusal(removeFromCollection(db, collection, item.item.id))).toMatchObject({ kind: "not_found" });
    expect(await collectionsHolding(db, first.row.id)).toEqual([]);
  });
});
