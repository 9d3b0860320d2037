import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { upsertRemoteActor } from "../../src/actors/store.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { renderStatuses } from "../../src/mastodon/entities/status.ts";
import type { PageRequest } from "../../src/mastodon/pagination.ts";
import { type TimelineEntry, type TimelineFilter, findStatus, pageTimeline } from "../../src/mastodon/timeline.ts";
import { createPractice, markPublished, markWithdrawn } from "../../src/practices/authoring.ts";
import type { Practice } from "../../src/practices/store.ts";
import { setCommentStatus, storeComment } from "../../src/social/comments.ts";
import { upsertPost } from "../../src/social/posts.ts";
import { recordReaction } from "../../src/social/reactions.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, remoteActorData, testPracticeAddress } from "../support/domain.ts";

const origin = new URL("https://plaza.test");
const [firstCard, lateCard] = whitePaperCases.map((c) => c.card);
const page = (limit: number, bounds: Partial<PageRequest> = {}): PageRequest => ({ maxId: undefined, sinceId: undefined, minId: undefined, limit, ...bounds });

/** What a page holds, as names: the kind of each entry and the practice title, comment or post text. */
function names(entries: readonly TimelineEntry[]): string[] {
  return entries.map((e) => {
    switch (e.kind) {
      case "practice":
        return `practice:${e.card.title.slice(0, 12)}`;
      case "comment":
        return `comment:${e.comment.contentHtml}`;
      case "post":
        return `post:${e.post.contentHtml}`;
      case "share":
        return `share:${e.author.username}`;
    }
  });
}

describe("Mastodon timelines over practices, comments, posts and shares", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let paris: ActorRow;
  let anne: ActorRow;
  let felix: ActorRow;
  let first: Practice;
  let late: Practice;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    if (!firstCard || !lateCard) throw new Error("the white paper has fewer than two cases");
    paris = await createTestActor(db, { kind: "city", username: "paris", name: "Paris" });
    anne = await createTestActor(db, { kind: "member", username: "anne", name: "Anne" });
    felix = await upsertRemoteActor(db, remoteActorData("https://remote.test/users/felix", { name: "Felix" }));
    // A draft written first and published last must come out as the newest status.
    const draft = await createPractice(db, testPracticeAddress, paris, anne, lateCard);
    const published = await createPractice(db, testPracticeAddress, paris, anne, firstCard);
    first = { row: await markPublished(db, published.row), card: published.card };
    await storeComment(db, {
      iri: "https://remote.test/notes/1",
      practiceId: first.row.id,
      parentId: null,
      inReplyToIri: first.row.iri,
      authorId: felix.id,
      local: false,
      contentHtml: "<p>How did you start?</p>",
    });
    await upsertPost(db, { iri: "https://remote.test/notes/2", authorId: felix.id, type: "Note", contentHtml: "<p>Hello</p>" });
    await recordReaction(db, { activityIri: "https://remote.test/shares/1", kind: "share", actorId: felix.id, objectIri: first.row.iri });
    late = { row: await markPublished(db, draft.row), card: draft.card };
  });

  afterAll(async () => {
    await database?.dispose();
  });

  const everything: TimelineFilter = {};

  test("everything, newest first, in the order it reached us", async () => {
    const { items, hasMore } = await pageTimeline(database.db, everything, page(10));
    expect(names(items)).toEqual([
      `practice:${late.card.title.slice(0, 12)}`,
      "share:felix",
      "post:<p>Hello</p>",
      "comment:<p>How did you start?</p>",
      `practice:${first.card.title.slice(0, 12)}`,
    ]);
    expect(hasMore).toBe(false);
  });

  test("pages across the four tables with max_id, since_id and min_id", async () => {
    const { db } = database;
    const all = (await pageTimeline(db, everything, page(10))).items.map((e) => e.statusId);
    const [a, b, c, d, e] = all;
    const firstPage = await pageTimeline(db, everything, page(2));
    expect(firstPage.items.map((i) => i.statusId)).toEqual([a, b]);
    expect(firstPage.hasMore).toBe(true);
    const second = await pageTimeline(db, everything, page(2, { maxId: b }));
    expect(second.items.map((i) => i.statusId)).toEqual([c, d]);
    const last = await pageTimeline(db, everything, page(2, { maxId: d }));
    expect(last.items.map((i) => i.statusId)).toEqual([e]);
    expect(last.hasMore).toBe(false);
    // min_id: the entries just above, still newest first; since_id: the newest above.
    expect((await pageTimeline(db, everything, page(2, { minId: e }))).items.map((i) => i.statusId)).toEqual([c, d]);
    expect((await pageTimeline(db, everything, page(2, { sinceId: e }))).items.map((i) => i.statusId)).toEqual([a, b]);
    expect((await pageTimeline(db, everything, page(2, { sinceId: a }))).items).toEqual([]);
  });

  test("filters: authors, ours only, a hashtag, no replies, no shares", async () => {
    const { db } = database;
    const kinds = async (filter: TimelineFilter) => (await pageTimeline(db, filter, page(10))).items.map((e) => e.kind);
    expect(await kinds({ authors: [paris.id] })).toEqual(["practice", "practice"]);
    expect(await kinds({ authors: [felix.id] })).toEqual(["share", "post", "comment"]);
    expect(await kinds({ authors: [] })).toEqual([]);
    expect(await kinds({ localOnly: true })).toEqual(["practice", "practice"]);
    expect(await kinds({ authors: [felix.id], exclude: { comments: true, shares: true } })).toEqual(["post"]);
    const tag = first.card.tags[0] ?? "";
    const tagged = await pageTimeline(db, { hashtag: tag.toUpperCase() }, page(10));
    expect(tagged.items.map((e) => e.statusId)).toEqual([first.row.statusId]);
  });

  test("statuses render as Mastodon sees them: a practice with card and tags, a reply, a reblog", async () => {
    const { db } = database;
    const { items } = await pageTimeline(db, everything, page(10));
    const statuses = await renderStatuses(db, origin, items, anne);
    const [latePractice, share, post, comment, firstPractice] = statuses;
    expect(firstPractice).toMatchObject({ id: String(first.row.statusId), uri: first.row.iri, replies_count: 1, reblogs_count: 1, favourites_count: 0 });
    expect(firstPractice?.content).toContain(`<strong>${first.card.title}</strong>`);
    expect(firstPractice?.card).toMatchObject({ title: first.card.title, description: first.card.summary, url: first.row.iri, author_name: "Paris" });
    expect(firstPractice?.tags.map((t) => t.name)).toContain(`SDG${first.card.sdgGoals[0]}`);
    expect(comment).toMatchObject({ in_reply_to_id: String(first.row.statusId), in_reply_to_account_id: String(paris.id) });
    expect(comment?.mentions.map((m) => m.acct)).toEqual(["paris"]);
    expect(comment?.account.acct).toBe("felix@remote.test");
    expect(post).toMatchObject({ content: "<p>Hello</p>", in_reply_to_id: null });
    expect(share).toMatchObject({ content: "", uri: "https://remote.test/shares/1" });
    expect(share?.reblog?.id).toBe(String(first.row.statusId));
    expect(latePractice?.reblog).toBeNull();
  });

  test("what is hidden, withdrawn or gone is no status", async () => {
    const { db } = database;
    const { items } = await pageTimeline(db, everything, page(10));
    const comment = items.find((e) => e.kind === "comment");
    if (comment?.kind !== "comment") throw new Error("no comment listed");
    expect((await findStatus(db, comment.statusId))?.kind).toBe("comment");
    await setCommentStatus(db, comment.comment.id, "hidden");
    expect(await findStatus(db, comment.statusId)).toBeUndefined();
    await markWithdrawn(db, first.row);
    const left = await pageTimeline(db, everything, page(10));
    // The withdrawn practice and the share of it are gone; the post stays.
    expect(left.items.map((e) => e.kind)).toEqual(["practice", "post"]);
    expect(await findStatus(db, first.row.statusId)).toBeUndefined();
    expect(await findStatus(db, 987654321)).toBeUndefined();
  });

  test("only_media: practices with files, nothing else", async () => {
    const { db } = database;
    expect((await pageTimeline(db, { onlyMedia: true }, page(10))).items).toEqual([]);
    const card = { ...lateCard!, title: "With a map", attachments: [{ url: "https://plaza.test/media/0123456789abcdef0123456789abcdef.png", mediaType: "image/png", name: "map.png" }] };
    const draft = await createPractice(db, testPracticeAddress, paris, anne, card);
    const published = await markPublished(db, draft.row);
    expect((await pageTimeline(db, { onlyMedia: true }, page(10))).items.map((e) => e.statusId)).toEqual([published.statusId]);
    expect((await pageTimeline(db, { onlyMedia: true, authors: [felix.id] }, page(10))).items).toEqual([]);
  });
});
