import type { Context, Federation } from "@fedify/fedify";
import { Add, OrderedCollection, PUBLIC_COLLECTION, type Recipient, Remove } from "@fedify/vocab";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import {
  type CollectionAddress,
  type CollectionItemRow,
  type CollectionRow,
  addToCollection,
  collectionsHolding,
  deleteCollection,
  findCollectionByPublicId,
  listCollectionItems,
  removeFromCollection,
} from "../../practices/collections.ts";
import { type Practice, findPracticeById } from "../../practices/store.ts";
import { listFollowers } from "../../social/follows.ts";
import { react, unreact } from "../reactions/publishing.ts";
import { plazaNamespace } from "../practices/vocabulary.ts";

/*
 * What happens when a network's coordinator (or a city's admin) curates, as ActivityPub (DESIGN.md
 * §2, FEP-400e's shape): the collection is an `OrderedCollection` at `/collections/{id}`; adding
 * a practice sends `Add` (target: the collection) to the owner's followers and to the practice's
 * city, and the owner `Announce`s the practice, so that its followers on Mastodon see it as a
 * boost; taking it out sends `Remove`, and `Undo` of the share once no collection of the owner
 * holds it any more.
 */

/** `/collections/{id}`: one of our curated collections. */
export class CuratedCollection extends OrderedCollection {
  static override get typeId(): URL {
    return new URL(`${plazaNamespace}CuratedCollection`);
  }
}

export const collectionPath = "/collections/{id}";
const everyone = 1_000_000;

export function collectionAddress(ctx: Context<void>): CollectionAddress {
  return (publicId) => ctx.getObjectUri(CuratedCollection, { id: publicId });
}

const toInstant = (date: Date) => Temporal.Instant.fromEpochMilliseconds(date.getTime());

export function registerCollectionObjects(federation: Federation<void>, db: Database): void {
  federation.setObjectDispatcher(CuratedCollection, collectionPath, async (_ctx, { id }) => {
    const collection = await findCollectionByPublicId(db, id);
    const owner = collection ? await findActorById(db, collection.ownerId) : undefined;
    if (!collection || !owner) return null;
    const items = await listCollectionItems(db, collection.id);
    return new CuratedCollection({
      id: new URL(collection.iri),
      name: collection.name,
      summary: collection.summary === "" ? null : collection.summary,
      attribution: new URL(owner.iri),
      published: toInstant(collection.createdAt),
      updated: toInstant(collection.updatedAt),
      totalItems: items.length,
      items: items.map((i) => new URL(i.practice.row.iri)),
    });
  });
}

/** The collection as `Add` and `Remove` name it in `target`: embedded, so that a server need not fetch it to show its name. */
function targetOf(collection: CollectionRow, owner: ActorRow): OrderedCollection {
  return new OrderedCollection({ id: new URL(collection.iri), name: collection.name, attribution: new URL(owner.iri) });
}

/** The owner's followers and the practice's city (when it is another server's), once per server. */
async function recipientsOf(db: Database, owner: ActorRow, practice: Practice): Promise<Recipient[]> {
  const others = new Map<string, ActorRow>();
  for (const { actor } of (await listFollowers(db, owner.id, { limit: everyone })).items) others.set(actor.iri, actor);
  const city = await findActorById(db, practice.row.ownerId);
  if (city) others.set(city.iri, city);
  return [...others.values()]
    .filter((actor) => !actor.local)
    .map((actor) => ({ id: new URL(actor.iri), inboxId: new URL(actor.inboxUrl), endpoints: actor.sharedInboxUrl ? { sharedInbox: new URL(actor.sharedInboxUrl) } : null }));
}

async function deliver(ctx: Context<void>, db: Database, owner: ActorRow, practice: Practice, activity: Add | Remove, key: string): Promise<void> {
  const recipients = await recipientsOf(db, owner, practice);
  if (recipients.length === 0) return;
  await ctx.sendActivity({ identifier: owner.username }, recipients, activity, {
    preferSharedInbox: true,
    excludeBaseUris: [new URL(ctx.canonicalOrigin)],
    orderingKey: key,
  });
}

/**
 * A curator adds a published practice (ours or one we keep) to one of our collections, with a
 * note. The owner's followers and the practice's city hear of it (`Add`), and the owner shares
 * the practice (`Announce`) so that Mastodon users who follow it see it.
 */
export async function curate(ctx: Context<void>, db: Database, collection: CollectionRow, practice: Practice, input: { note: string; curatorId: number }): Promise<CollectionItemRow> {
  const owner = await findActorById(db, collection.ownerId);
  if (!owner?.local) throw new Error(`collection ${collection.id} has no local owner`);
  const item = await addToCollection(db, collection, practice, input);
  await deliver(
    ctx,
    db,
    owner,
    practice,
    new Add({
      id: new URL(`${collection.iri}#add-${item.id}`),
      actor: new URL(owner.iri),
      object: new URL(practice.row.iri),
      target: targetOf(collection, owner),
      content: item.note === "" ? null : item.note,
      to: PUBLIC_COLLECTION,
      ccs: [...(owner.followersUrl ? [new URL(owner.followersUrl)] : [])],
      published: toInstant(item.addedAt),
    }),
    collection.iri,
  );
  await react(ctx, db, owner, practice.row.iri, "share");
  return item;
}

/** A curator takes a practice out of a collection: `Remove` to the same audience; the share is undone once no collection of the owner holds it. */
export async function uncurate(ctx: Context<void>, db: Database, collection: CollectionRow, itemId: number): Promise<void> {
  const owner = await findActorById(db, collection.ownerId);
  if (!owner?.local) throw new Error(`collection ${collection.id} has no local owner`);
  const item = await removeFromCollection(db, collection, itemId);
  const practice = await findPracticeById(db, item.practiceId);
  if (!practice) return;
  await deliver(
    ctx,
    db,
    owner,
    practice,
    new Remove({
      id: new URL(`${collection.iri}#remove-${item.id}`),
      actor: new URL(owner.iri),
      object: new URL(practice.row.iri),
      target: targetOf(collection, owner),
      to: PUBLIC_COLLECTION,
      ccs: [...(owner.followersUrl ? [new URL(owner.followersUrl)] : [])],
    }),
    collection.iri,
  );
  const stillHeld = (await collectionsHolding(db, practice.row.id)).some((held) => held.owner.id === owner.id);
  if (!stillHeld) await unreact(ctx, db, owner, practice.row.iri, "share");
}

/**
 * A curator deletes a collection: each practice in it is taken out first (`Remove`, and `Undo`
 * of the owner's share where no other collection of the owner holds it), so that followers'
 * servers stop counting what the network no longer recommends.
 */
export async function dropCollection(ctx: Context<void>, db: Database, collection: CollectionRow): Promise<void> {
  for (const { item } of await listCollectionItems(db, collection.id)) await uncurate(ctx, db, collection, item.id);
  await deleteCollection(db, collection);
}
