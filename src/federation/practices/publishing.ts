import type { Context, Federation } from "@fedify/fedify";
import { Article, Create, Delete, PUBLIC_COLLECTION, type Recipient, Tombstone } from "@fedify/vocab";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById, findLocalActor } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import { type PracticeAddress, createPractice, editPractice, markPublished, markWithdrawn } from "../../practices/authoring.ts";
import { type Practice, countPracticesOf, findPracticeByPublicId, listPracticesOf, updatePracticeRow } from "../../practices/store.ts";
import { listReplyIris } from "../../social/comments.ts";
import { reactionCounts } from "../../social/reactions.ts";
import { practiceArticle } from "./article.ts";
import { PracticeCreate, PracticeUpdate } from "./activities.ts";
import { originalCity } from "./adaptations.ts";

const practicePath = "/practices/{id}";

/** Where our practices live: the Article id and its HTML page are the same URL (content negotiation). */
export function practiceAddress(ctx: Context<void>): PracticeAddress {
  return (publicId) => {
    const iri = ctx.getObjectUri(Article, { id: publicId });
    return { iri, url: iri };
  };
}

/** Serves our published practices as Articles, and each owner's outbox of `Create` activities. */
export function registerPracticeObjects(federation: Federation<void>, db: Database): void {
  federation.setObjectDispatcher(Article, practicePath, async (ctx, { id }) => {
    const practice = await findPracticeByPublicId(db, id);
    if (!practice?.row.local || practice.row.status !== "published") return null;
    const owner = await findActorById(db, practice.row.ownerId);
    return owner ? practiceArticle(ctx, practice, owner, await reactionCounts(db, practice.row.iri), await listReplyIris(db, practice.row)) : null;
  });
}

export function registerOutbox(federation: Federation<void>, db: Database): void {
  federation
    .setOutboxDispatcher("/@{identifier}/outbox", async (ctx, identifier, cursor) => {
      const owner = await findLocalActor(db, identifier);
      if (!owner) return null;
      if (cursor === null) return { items: [] };
      const before = cursor === "" ? undefined : Number(cursor);
      const page = await listPracticesOf(db, owner.id, { before: Number.isInteger(before) ? before : undefined });
      return {
        items: page.items.map((practice) => createActivity(ctx, practice, owner)),
        nextCursor: page.nextCursor?.toString() ?? null,
      };
    })
    .setCounter(async (_ctx, identifier) => {
      const owner = await findLocalActor(db, identifier);
      return owner ? countPracticesOf(db, owner.id) : null;
    })
    .setFirstCursor(async (_ctx, identifier) => ((await findLocalActor(db, identifier)) ? "" : null));
}

function createActivity(ctx: Context<void>, practice: Practice, owner: ActorRow): Create {
  const article = practiceArticle(ctx, practice, owner);
  return new PracticeCreate({
    id: new URL(`${practice.row.iri}#create`),
    actor: new URL(owner.iri),
    to: PUBLIC_COLLECTION,
    cc: owner.followersUrl ? new URL(owner.followersUrl) : null,
    object: article,
    published: article.published,
  });
}

function recipientOf(actor: ActorRow): Recipient {
  return { id: new URL(actor.iri), inboxId: new URL(actor.inboxUrl), endpoints: actor.sharedInboxUrl ? { sharedInbox: new URL(actor.sharedInboxUrl) } : null };
}

async function ownerOf(db: Database, practice: Practice): Promise<ActorRow> {
  const owner = await findActorById(db, practice.row.ownerId);
  if (!owner?.local) throw new PlazaError("not_found", "This practice does not belong to a city on this server.");
  return owner;
}

/** A city's new practice, saved as a private draft. */
export async function draftPractice(ctx: Context<void>, db: Database, owner: ActorRow, author: ActorRow, input: unknown): Promise<Practice> {
  return createPractice(db, practiceAddress(ctx), owner, author, input);
}

/** Publishes a draft: its followers' servers get `Create(Article)`, one delivery per server. */
export async function publishPractice(ctx: Context<void>, db: Database, practice: Practice): Promise<Practice> {
  const owner = await ownerOf(db, practice);
  const published = { row: await markPublished(db, practice.row), card: practice.card };
  try {
    await ctx.sendActivity({ identifier: owner.username }, "followers", createActivity(ctx, published, owner), deliveryOptions(ctx, practice));
  } catch (error) {
    // Not public unless the followers will hear of it: back to draft, and the official may retry.
    await updatePracticeRow(db, practice.row.id, { status: "draft", publishedAt: null, updatedAt: null });
    throw error;
  }
  // An adaptation also goes to the original's city, wherever it is (see adaptations.ts).
  const original = await originalCity(db, published, owner);
  if (original) await ctx.sendActivity({ identifier: owner.username }, recipientOf(original), createActivity(ctx, published, owner), deliveryOptions(ctx, practice));
  return published;
}

/** Saves an edit as a new version; once published, followers get `Update` with `updated` set. */
export async function revisePractice(
  ctx: Context<void>,
  db: Database,
  practice: Practice,
  author: ActorRow,
  input: unknown,
): Promise<{ practice: Practice; changed: boolean }> {
  const result = await editPractice(db, practice, author, input);
  if (!result.changed || result.practice.row.status !== "published") return result;
  const owner = await ownerOf(db, result.practice);
  const article = practiceArticle(ctx, result.practice, owner, await reactionCounts(db, practice.row.iri), await listReplyIris(db, result.practice.row));
  await ctx.sendActivity(
    { identifier: owner.username },
    "followers",
    new PracticeUpdate({
      id: new URL(`${practice.row.iri}#update-${result.practice.row.currentVersion}`),
      actor: new URL(owner.iri),
      to: PUBLIC_COLLECTION,
      cc: owner.followersUrl ? new URL(owner.followersUrl) : null,
      object: article,
      updated: article.updated,
    }),
    deliveryOptions(ctx, practice),
  );
  return result;
}

/** Withdraws a published practice: followers get `Delete` with a `Tombstone`; its URL answers 410. */
export async function withdrawPractice(ctx: Context<void>, db: Database, practice: Practice): Promise<Practice> {
  const owner = await ownerOf(db, practice);
  const row = await markWithdrawn(db, practice.row);
  await ctx.sendActivity(
    { identifier: owner.username },
    "followers",
    new Delete({
      id: new URL(`${practice.row.iri}#delete`),
      actor: new URL(owner.iri),
      to: PUBLIC_COLLECTION,
      cc: owner.followersUrl ? new URL(owner.followersUrl) : null,
      object: practiceTombstone(practice.row.iri, row.withdrawnAt ?? new Date()),
    }),
    deliveryOptions(ctx, practice),
  );
  return { row, card: practice.card };
}

/**
 * One delivery per remote server; none to ourselves (our own followers read our database); and
 * the activities of one practice in the order they were made (a Delete never overtakes its Create).
 */
function deliveryOptions(ctx: Context<void>, practice: Practice) {
  return { preferSharedInbox: true, excludeBaseUris: [new URL(ctx.canonicalOrigin)], orderingKey: practice.row.iri };
}

export function practiceTombstone(iri: string, deletedAt: Date): Tombstone {
  return new Tombstone({
    id: new URL(iri),
    formerType: Article,
    deleted: Temporal.Instant.fromEpochMilliseconds(deletedAt.getTime()),
  });
}
