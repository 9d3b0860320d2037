import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { upsertRemoteActor } from "../../src/actors/store.ts";
import { notifications } from "../../src/db/schema.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { PlazaError } from "../../src/errors.ts";
import { createPractice, markPublished } from "../../src/practices/authoring.ts";
import { receivePractice } from "../../src/practices/remote.ts";
import type { PracticeRow } from "../../src/practices/store.ts";
import {
  type CommentAddress,
  type CommentRow,
  checkedCommentSource,
  concernsOurThreads,
  countComments,
  createLocalComment,
  deleteComment,
  editComment,
  findCommentById,
  findCommentByIri,
  findCommentByPublicId,
  findReplyTarget,
  listReplyIris,
  listThread,
  listThreadIris,
  maxCommentLength,
  nestThread,
  notifyAboutComment,
  removeComment,
  setCommentStatus,
  storeComment,
} from "../../src/social/comments.ts";
import { isTombstoned, recordTombstone } from "../../src/social/tombstones.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, remoteActorData, testPracticeAddress } from "../support/domain.ts";

const commentAddress: CommentAddress = (publicId) => ({ iri: new URL(`https://plaza.test/comments/${publicId}`), url: new URL(`https://plaza.test/comments/${publicId}`) });

describe("comments on a database", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let city: ActorRow;
  let ana: ActorRow;
  let bo: ActorRow;
  let remoteBob: ActorRow;
  let remoteCity: ActorRow;
  let practice: PracticeRow;
  let draft: PracticeRow;
  let remotePractice: PracticeRow;
  let serial = 0;

  const db = () => database.db;

  /** A comment from another server, stored as the inbox stores it. */
  async function remoteComment(values: { parent?: CommentRow; practiceRow?: PracticeRow; author?: ActorRow; publishedAt?: Date }) {
    serial += 1;
    const on = values.practiceRow ?? practice;
    const { comment } = await storeComment(db(), {
      iri: `https://remote.test/notes/${serial}`,
      practiceId: on.id,
      parentId: values.parent?.id ?? null,
      inReplyToIri: values.parent?.iri ?? on.iri,
      authorId: (values.author ?? remoteBob).id,
      local: false,
      contentHtml: `<p>remote ${serial}</p>`,
      publishedAt: values.publishedAt ?? new Date(Date.now() - 1000 * (100 - serial)),
    });
    return comment;
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    city = await createTestActor(db(), { kind: "city", username: "lisbon", name: "Lisbon" });
    ana = await createTestActor(db(), { kind: "member", username: "ana", name: "Ana" });
    bo = await createTestActor(db(), { kind: "member", username: "bo", name: "Bo" });
    remoteBob = await upsertRemoteActor(db(), remoteActorData("https://remote.test/users/bob"));
    remoteCity = await upsertRemoteActor(db(), remoteActorData("https://remote.test/users/seoul", { type: "Organization" }));
    const card = whitePaperCases[0]!.card;
    practice = await markPublished(db(), (await createPractice(db(), testPracticeAddress, city, ana, card)).row);
    draft = (await createPractice(db(), testPracticeAddress, city, ana, card)).row;
    const received = await receivePractice(db(), {
      iri: "https://remote.test/practices/seoul-1",
      ownerId: remoteCity.id,
      url: null,
      publishedAt: new Date(),
      updatedAt: new Date(),
      card,
    });
    if (!received) throw new Error("the remote practice was not kept");
    remotePractice = received.practice.row;
  });

  afterAll(async () => {
    await database?.dispose();
  });

  test("a member's Markdown is checked and rendered, and the comment gets its own id and address", async () => {
    const comment = await createLocalComment(db(), commentAddress, {
      practiceId: practice.id,
      parentId: null,
      inReplyToIri: practice.iri,
      authorId: bo.id,
      source: "  **Great** work <script>alert(1)</script>  ",
    });
    expect(comment.local).toBe(true);
    expect(comment.publicId).toMatch(/^[a-z0-9]{10}$/);
    expect(comment.iri).toBe(`https://plaza.test/comments/${comment.publicId}`);
    expect(comment.source).toBe("**Great** work <script>alert(1)</script>");
    expect(comment.contentHtml).toContain("<strong>Great</strong>");
    expect(comment.contentHtml).not.toContain("<script");
    expect((await findCommentByPublicId(db(), comment.publicId ?? ""))?.id).toBe(comment.id);
    expect((await findCommentByIri(db(), comment.iri))?.id).toBe(comment.id);
    await deleteComment(db(), comment.id);
  });

  test("an empty or overlong comment is refused", () => {
    expect(() => checkedCommentSource("   \n ")).toThrow(PlazaError);
    expect(() => checkedCommentSource("x".repeat(maxCommentLength + 1))).toThrow(/at most/);
    expect(checkedCommentSource("a\r\nb")).toBe("a\nb");
  });

  test("the same comment stored twice is kept once", async () => {
    const first = await remoteComment({});
    const again = await storeComment(db(), { ...first, contentHtml: "<p>changed</p>" });
    expect(again.created).toBe(false);
    expect(again.comment.id).toBe(first.id);
    expect(again.comment.contentHtml).toBe(first.contentHtml);
    await deleteComment(db(), first.id);
  });

  test("a reply target is a published practice (ours or kept from another server) or a comment under one", async () => {
    expect((await findReplyTarget(db(), practice.iri))?.practice.id).toBe(practice.id);
    expect((await findReplyTarget(db(), practice.iri))?.parent).toBeUndefined();
    expect((await findReplyTarget(db(), remotePractice.iri))?.practice.id).toBe(remotePractice.id);
    expect(await findReplyTarget(db(), draft.iri)).toBeUndefined();
    expect(await findReplyTarget(db(), "https://elsewhere.test/notes/1")).toBeUndefined();
    const comment = await remoteComment({});
    const target = await findReplyTarget(db(), comment.iri);
    expect(target?.practice.id).toBe(practice.id);
    expect(target?.parent?.id).toBe(comment.id);
    await deleteComment(db(), comment.id);
  });

  test("a thread is listed oldest first, nested by parent, with authors, and counted", async () => {
    const first = await remoteComment({});
    const second = await remoteComment({ author: remoteCity });
    const reply = await remoteComment({ parent: first, author: remoteCity });
    const replyToReply = await remoteComment({ parent: reply });
    const thread = await listThread(db(), practice.id);
    expect(thread.map((t) => t.comment.id)).toEqual([first.id, second.id, reply.id, replyToReply.id]);
    expect(thread.find((t) => t.comment.id === second.id)?.author.iri).toBe(remoteCity.iri);
    const nested = nestThread(thread);
    expect(nested.map((n) => n.comment.id)).toEqual([first.id, second.id]);
    expect(nested[0]?.replies.map((n) => n.comment.id)).toEqual([reply.id]);
    expect(nested[0]?.replies[0]?.replies.map((n) => n.comment.id)).toEqual([replyToReply.id]);
    expect(await countComments(db(), practice.id)).toBe(4);
    expect(await listReplyIris(db(), practice)).toEqual([first.iri, second.iri]);
    expect(await listReplyIris(db(), practice, first)).toEqual([reply.iri]);
    expect(await listThreadIris(db(), practice.id)).toEqual([first.iri, second.iri, reply.iri, replyToReply.iri]);
    for (const c of [replyToReply, reply, second, first]) await deleteComment(db(), c.id);
  });

  test("a hidden comment leaves the thread and the collections; moderators still see it; it can be shown again", async () => {
    const shown = await remoteComment({});
    const hidden = await remoteComment({});
    await setCommentStatus(db(), hidden.id, "hidden");
    expect((await listThread(db(), practice.id)).map((t) => t.comment.id)).toEqual([shown.id]);
    expect((await listThread(db(), practice.id, { includeHidden: true })).map((t) => t.comment.id)).toEqual([shown.id, hidden.id]);
    expect(await countComments(db(), practice.id)).toBe(1);
    expect(await listThreadIris(db(), practice.id)).toEqual([shown.iri]);
    await setCommentStatus(db(), hidden.id, "visible");
    expect(await countComments(db(), practice.id)).toBe(2);
    for (const c of [shown, hidden]) await deleteComment(db(), c.id);
  });

  test("a hidden comment with a visible reply stays as a placeholder", async () => {
    const parent = await remoteComment({});
    const child = await remoteComment({ parent });
    await setCommentStatus(db(), parent.id, "hidden");
    const thread = await listThread(db(), practice.id);
    expect(thread.map((t) => [t.comment.id, t.comment.status])).toEqual([
      [parent.id, "hidden"],
      [child.id, "visible"],
    ]);
    for (const c of [child, parent]) await deleteComment(db(), c.id);
  });

  test("a deleted comment with replies stays as a placeholder without its text; without replies it goes", async () => {
    const parent = await remoteComment({});
    const child = await remoteComment({ parent });
    const lonely = await remoteComment({});
    expect(await removeComment(db(), parent.id)).toBe("placeholder");
    expect(await removeComment(db(), lonely.id)).toBe("removed");
    expect(await findCommentById(db(), lonely.id)).toBeUndefined();
    const kept = await findCommentById(db(), parent.id);
    expect(kept?.status).toBe("deleted");
    expect(kept?.contentHtml).toBe("");
    const thread = nestThread(await listThread(db(), practice.id));
    expect(thread.map((n) => [n.comment.id, n.comment.status])).toEqual([[parent.id, "deleted"]]);
    expect(thread[0]?.replies.map((n) => n.comment.id)).toEqual([child.id]);
    expect(await countComments(db(), practice.id)).toBe(1);
    expect(await listThreadIris(db(), practice.id)).toEqual([child.iri]);
    // The last reply gone, the placeholder above it goes too.
    expect(await removeComment(db(), child.id)).toBe("removed");
    expect(await findCommentById(db(), parent.id)).toBeUndefined();
    expect(await listThread(db(), practice.id)).toEqual([]);
    expect(await removeComment(db(), child.id)).toBeUndefined();
  });

  test("only the author edits a comment, and a deleted one is not brought back", async () => {
    const parent = await remoteComment({});
    const child = await remoteComment({ parent });
    expect(await editComment(db(), parent.iri, remoteCity.id, { contentHtml: "<p>hijacked</p>" })).toBeUndefined();
    const edited = await editComment(db(), parent.iri, remoteBob.id, { contentHtml: "<p>edited</p>" });
    expect(edited?.contentHtml).toBe("<p>edited</p>");
    expect(edited?.updatedAt).toBeInstanceOf(Date);
    await removeComment(db(), parent.id);
    expect(await editComment(db(), parent.iri, remoteBob.id, { contentHtml: "<p>back</p>" })).toBeUndefined();
    expect(await setCommentStatus(db(), parent.id, "visible")).toBeUndefined();
    for (const c of [child, parent]) await deleteComment(db(), c.id);
  });

  test("the practice's city and the parent's author are notified of a comment, mentioned actors of a mention, each once", async () => {
    const own = await createLocalComment(db(), commentAddress, {
      practiceId: practice.id,
      parentId: null,
      inReplyToIri: practice.iri,
      authorId: ana.id,
      source: "First!",
    });
    await notifyAboutComment(db(), own);
    const reply = await remoteComment({ parent: own });
    // Ana is the parent's author and mentioned: one notification. Bo is mentioned. Remote actors are never notified.
    await notifyAboutComment(db(), reply, [ana.id, bo.id, remoteCity.id]);
    const of = async (recipientId: number) =>
      (await db().select().from(notifications).where(and(eq(notifications.recipientId, recipientId)))).map((n) => [n.kind, n.commentId]);
    expect(await of(city.id)).toEqual([
      ["comment", own.id],
      ["comment", reply.id],
    ]);
    expect(await of(ana.id)).toEqual([["comment", reply.id]]);
    expect(await of(bo.id)).toEqual([["mention", reply.id]]);
    expect(await of(remoteCity.id)).toEqual([]);
    // Nobody is told of their own comment (Ana on her own reply).
    await notifyAboutComment(db(), await remoteComment({ parent: own, author: ana }));
    expect(await of(ana.id)).toHaveLength(1);
  });

  test("a reply addressed to our actors or to owners of practices we keep concerns our threads", async () => {
    expect(await concernsOurThreads(db(), [bo.iri])).toBe(true);
    expect(await concernsOurThreads(db(), ["https://elsewhere.test/users/x", remoteCity.iri])).toBe(true);
    expect(await concernsOurThreads(db(), [remoteBob.iri, "https://www.w3.org/ns/activitystreams#Public"])).toBe(false);
    expect(await concernsOurThreads(db(), [])).toBe(false);
  });

  test("tombstones remember deleted ids", async () => {
    expect(await isTombstoned(db(), "https://remote.test/notes/gone")).toBe(false);
    await recordTombstone(db(), "https://remote.test/notes/gone");
    await recordTombstone(db(), "https://remote.test/notes/gone");
    expect(await isTombstoned(db(), "https://remote.test/notes/gone")).toBe(true);
  });
});
