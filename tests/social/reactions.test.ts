import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { upsertRemoteActor } from "../../src/actors/store.ts";
import { comments, notifications } from "../../src/db/schema.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { createPractice, markPublished, markWithdrawn } from "../../src/practices/authoring.ts";
import type { Practice } from "../../src/practices/store.ts";
import {
  countReactions,
  findReactionTarget,
  listReactions,
  notifyReaction,
  reactionCounts,
  recordReaction,
  removeReaction,
  removeReactionOf,
} from "../../src/social/reactions.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, remoteActorData, testPracticeAddress } from "../support/domain.ts";

const card = whitePaperCases[0]!.card;

describe("likes and shares on a database", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let paris: ActorRow;
  let anne: ActorRow;
  let felix: ActorRow;
  let mallory: ActorRow;
  let practice: Practice;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    paris = await createTestActor(db, { kind: "city", username: "paris", name: "Paris" });
    anne = await createTestActor(db, { kind: "member", username: "anne", name: "Anne" });
    felix = await upsertRemoteActor(db, remoteActorData("https://remote.test/users/felix"));
    mallory = await upsertRemoteActor(db, remoteActorData("https://remote.test/users/mallory"));
    const draft = await createPractice(db, testPracticeAddress, paris, anne, card);
    practice = { row: await markPublished(db, draft.row), card: draft.card };
  });

  afterAll(async () => {
    await database?.dispose();
  });

  const like = (actor: ActorRow, id: string) => ({ activityIri: `https://remote.test/${id}`, kind: "like" as const, actorId: actor.id, objectIri: practice.row.iri });

  test("a like is stored once, however often it arrives, and under whatever id", async () => {
    const { db } = database;
    const first = await recordReaction(db, like(felix, "likes/1"));
    expect(first.created).toBe(true);
    const again = await recordReaction(db, like(felix, "likes/1"));
    expect(again).toEqual({ reaction: first.reaction, created: false });
    // The same like re-sent with a new id (a server that lost its state) is still one like.
    const reminted = await recordReaction(db, like(felix, "likes/2"));
    expect(reminted).toEqual({ reaction: first.reaction, created: false });
    expect(await countReactions(db, practice.row.iri, "like")).toBe(1);
  });

  test("likes and shares are counted and listed apart, newest first", async () => {
    const { db } = database;
    await recordReaction(db, like(anne, "likes/anne"));
    await recordReaction(db, { ...like(felix, "shares/1"), kind: "share" });
    expect(await reactionCounts(db, practice.row.iri)).toEqual({ likes: 2, shares: 1 });
    expect(await reactionCounts(db, "https://plaza.test/practices/other")).toEqual({ likes: 0, shares: 0 });
    const likes = await listReactions(db, practice.row.iri, "like");
    expect(likes.items.map((i) => i.actor.iri)).toEqual([anne.iri, felix.iri]);
    expect(likes.nextCursor).toBeUndefined();
    const firstPage = await listReactions(db, practice.row.iri, "like", { limit: 1 });
    expect(firstPage.items.map((i) => i.actor.iri)).toEqual([anne.iri]);
    const secondPage = await listReactions(db, practice.row.iri, "like", { limit: 1, before: firstPage.nextCursor });
    expect(secondPage.items.map((i) => i.actor.iri)).toEqual([felix.iri]);
    expect(secondPage.nextCursor).toBeUndefined();
    const shares = await listReactions(db, practice.row.iri, "share");
    expect(shares.items.map((i) => i.reaction.activityIri)).toEqual(["https://remote.test/shares/1"]);
  });

  test("only its actor may take a reaction back by its activity id", async () => {
    const { db } = database;
    const refused = await removeReaction(db, "https://remote.test/likes/1", mallory.id);
    expect(refused.outcome).toBe("forbidden");
    expect(await countReactions(db, practice.row.iri, "like")).toBe(2);
    expect((await removeReaction(db, "https://remote.test/likes/unknown", felix.id)).outcome).toBe("not_found");
    const removed = await removeReaction(db, "https://remote.test/likes/1", felix.id);
    expect(removed.outcome).toBe("removed");
    expect(await reactionCounts(db, practice.row.iri)).toEqual({ likes: 1, shares: 1 });
  });

  test("a reaction can be taken back by kind, actor and object, touching no one else's", async () => {
    const { db } = database;
    expect(await removeReactionOf(db, "share", mallory.id, practice.row.iri)).toBeUndefined();
    expect(await removeReactionOf(db, "like", felix.id, practice.row.iri)).toBeUndefined();
    const removed = await removeReactionOf(db, "share", felix.id, practice.row.iri);
    expect(removed?.activityIri).toBe("https://remote.test/shares/1");
    expect(await reactionCounts(db, practice.row.iri)).toEqual({ likes: 1, shares: 0 });
  });

  test("published practices and visible comments can be reacted to; their owners hear of it", async () => {
    const { db } = database;
    const target = await findReactionTarget(db, practice.row.iri);
    expect(target).toMatchObject({ practiceId: practice.row.id, commentId: undefined, ownerId: paris.id, ownerLocal: true });
    await notifyReaction(db, target!, "like", felix.id);
    const [comment] = await db
      .insert(comments)
      .values({ iri: "https://plaza.test/comments/c1", practiceId: practice.row.id, inReplyToIri: practice.row.iri, authorId: anne.id, local: true, contentHtml: "<p>Hi</p>" })
      .returning();
    const onComment = await findReactionTarget(db, "https://plaza.test/comments/c1");
    expect(onComment).toMatchObject({ practiceId: practice.row.id, commentId: comment!.id, ownerId: anne.id, ownerLocal: true });
    await notifyReaction(db, onComment!, "share", felix.id);
    const rows = await db.select().from(notifications).where(eq(notifications.actorId, felix.id));
    expect(rows.map((r) => [r.recipientId, r.kind, r.practiceId, r.commentId])).toEqual([
      [paris.id, "like", practice.row.id, null],
      [anne.id, "share", practice.row.id, comment!.id],
    ]);
    // Taking a like or share back takes its notification with it, and only that one.
    await recordReaction(db, { activityIri: "https://remote.test/shares/c1", kind: "share", actorId: felix.id, objectIri: "https://plaza.test/comments/c1" });
    await removeReaction(db, "https://remote.test/shares/c1", felix.id);
    const left = await db.select().from(notifications).where(eq(notifications.actorId, felix.id));
    expect(left.map((r) => [r.kind, r.commentId])).toEqual([["like", null]]);
    await db.update(comments).set({ status: "hidden" }).where(eq(comments.id, comment!.id));
    expect(await findReactionTarget(db, "https://plaza.test/comments/c1")).toBeUndefined();
    expect(await findReactionTarget(db, "https://plaza.test/practices/unknown")).toBeUndefined();
    await markWithdrawn(db, practice.row);
    expect(await findReactionTarget(db, practice.row.iri)).toBeUndefined();
  });
});
