import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { findActorByIri } from "../../src/actors/store.ts";
import { comments, fedifyQueue, notifications, posts } from "../../src/db/schema.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { practiceAddress } from "../../src/federation/practices/publishing.ts";
import { createPractice, markPublished } from "../../src/practices/authoring.ts";
import { findCommentByIri } from "../../src/social/comments.ts";
import { type Json, fixtureFiles, fixtureLabel, idOf, loadFixture, rewrite } from "../support/fixtures.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { eventually } from "../support/instance.ts";
import { RemoteServer } from "../support/remote-server.ts";

const asPublic = "https://www.w3.org/ns/activitystreams#Public";
/** How long to wait for the queue, on a machine that may be busy. */
const patience = 60_000;
const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const isPublic = (object: Json) => [...list(object.to), ...list(object.cc)].some((v) => v === asPublic || v === "as:Public" || v === "Public");

/**
 * The reply shapes recorded from other servers: every `Create` of a `Note`, and every public
 * `Note` object written in reply to something (wrapped in the `Create` its author would send).
 */
function replyShapes(): { label: string; build: (origin: string) => Json }[] {
  const shapes: { label: string; build: (origin: string) => Json }[] = [];
  for (const file of fixtureFiles()) {
    const json = loadFixture(file);
    const object = typeof json.object === "object" && json.object !== null ? (json.object as Json) : undefined;
    if (json.type === "Create" && object?.type === "Note" && isPublic(object)) {
      shapes.push({ label: fixtureLabel(file), build: (origin) => rewrite(json, origin) as Json });
    } else if (json.type === "Note" && json.inReplyTo && isPublic(json)) {
      shapes.push({
        label: fixtureLabel(file),
        build: (origin) => {
          const note = rewrite(json, origin) as Json;
          const { "@context": context, ...rest } = note;
          return { "@context": context, id: `${String(note.id)}#create`, type: "Create", actor: idOf(list(note.attributedTo)[0]), to: note.to, cc: note.cc, object: rest };
        },
      });
    }
  }
  return shapes;
}

/** What a Misskey-like server sends: `_misskey_content`, its own Markdown as `source`, custom emoji and a mention. */
function misskeyLike(origin: string, mentioned: string): Json {
  const actor = `${origin}/misskey.example/users/9b3kz1`;
  const id = `${origin}/misskey.example/notes/9k2x7q`;
  return {
    "@context": [
      "https://www.w3.org/ns/activitystreams",
      "https://w3id.org/security/v1",
      {
        misskey: "https://misskey-hub.net/ns#",
        _misskey_content: "misskey:_misskey_content",
        _misskey_quote: "misskey:_misskey_quote",
        _misskey_reaction: "misskey:_misskey_reaction",
        quoteUrl: "as:quoteUrl",
        sensitive: "as:sensitive",
        Hashtag: "as:Hashtag",
        toot: "http://joinmastodon.org/ns#",
        Emoji: "toot:Emoji",
        isCat: "misskey:isCat",
      },
    ],
    id: `${id}/activity`,
    type: "Create",
    actor,
    published: "2026-05-02T10:00:00.000Z",
    to: [asPublic],
    cc: [`${actor}/followers`, mentioned],
    object: {
      id,
      type: "Note",
      attributedTo: actor,
      summary: null,
      content: `<p><a href="${mentioned}" class="u-url mention">@ana</a> We tried this in <b>Kyoto</b> :kyoto_flag: <img src=x onerror=alert(1)></p>`,
      _misskey_content: "@ana We tried this in **Kyoto** :kyoto_flag:",
      source: { content: "@ana We tried this in **Kyoto** :kyoto_flag:", mediaType: "text/x.misskeymarkdown" },
      published: "2026-05-02T10:00:00.000Z",
      to: [asPublic],
      cc: [`${actor}/followers`, mentioned],
      inReplyTo: null,
      attachment: [],
      sensitive: false,
      tag: [
        { type: "Mention", href: mentioned, name: "@ana" },
        { id: `${origin}/misskey.example/emojis/kyoto_flag`, type: "Emoji", name: ":kyoto_flag:", updated: "2026-01-01T00:00:00.000Z", icon: { type: "Image", mediaType: "image/png", url: `${origin}/misskey.example/files/kyoto.png` } },
      ],
    },
  };
}

describe("replies recorded from other servers become comments on our practice", () => {
  let plaza: InProcessPlaza;
  let remote: RemoteServer;
  let sharedInbox: string;
  let practiceIri: string;
  let practiceId: number;
  let city: ActorRow;
  let ana: ActorRow;
  let serial = 0;

  /** Waits until every activity delivered so far has been handled (the queue is empty). */
  async function settled(): Promise<void> {
    await eventually(async () => {
      const [row] = await plaza.db.select({ n: count() }).from(fedifyQueue);
      return row?.n === 0;
    }, patience);
  }

  /** A recorded shape as a fresh reply to our practice: new ids (so each test has its own), the same everything else. */
  function asReplyToUs(build: (origin: string) => Json): { activity: Json; object: Json; actorIri: string } {
    serial += 1;
    const activity = build(remote.origin);
    const object = { ...(activity.object as Json) };
    object.id = `${String(object.id).replace(/#.*$/, "")}-reply-${serial}`;
    object.inReplyTo = practiceIri;
    const actorIri = idOf(list(activity.actor)[0]);
    if (!actorIri) throw new Error("no actor");
    return { activity: { ...activity, id: `${String(object.id)}/create`, object }, object, actorIri };
  }

  async function deliver(activity: Json, actorIri: string): Promise<void> {
    const actor = await remote.addActor(new URL(actorIri).pathname);
    const response = await remote.deliver(sharedInbox, activity, actor);
    expect(response.status, await response.text()).toBeLessThan(300);
  }

  const stored = (iri: string) => findCommentByIri(plaza.db, iri);

  /** Waits until the comment `iri` is stored. */
  async function arrived(iri: string) {
    return eventually(async () => {
      const comment = await stored(iri);
      if (!comment) throw new Error(`${iri} is not stored`);
      return comment;
    }, patience);
  }

  beforeAll(async () => {
    [plaza, remote] = await Promise.all([InProcessPlaza.start(), RemoteServer.start()]);
    city = await plaza.createActor("city", "lisbon", "Lisbon");
    await plaza.createMember({ email: "ana@lisbon.test", password: "correct horse battery", username: "ana", name: "Ana" });
    const found = await findActorByIri(plaza.db, plaza.context().getActorUri("ana").href);
    if (!found) throw new Error("no member");
    ana = found;
    const practice = await createPractice(plaza.db, practiceAddress(plaza.context()), city, ana, whitePaperCases[0]!.card);
    await markPublished(plaza.db, practice.row);
    practiceIri = practice.row.iri;
    practiceId = practice.row.id;
    sharedInbox = plaza.context().getInboxUri().href;
  });

  afterAll(async () => {
    await plaza?.stop();
    await remote?.stop();
  });

  const shapes = replyShapes();

  test("the recorded replies are there: Mastodon, Pleroma, Lemmy, Friendica, Mitra, Smithereen…", () => {
    const labels = shapes.map((s) => s.label);
    for (const expected of [
      "mastodon/activities/create_note.json",
      "pleroma/activities/create_note.json",
      "lemmy/activities/create_or_update/create_comment.json",
      "friendica/activities/create_note.json",
      "mitra/activities/create_post.json",
      "smithereen/activities/create_note.json",
      "gnusocial/activities/create_note.json",
      "lotide/activities/create_note_reply.json",
      "peertube/objects/note.json",
      "wordpress/objects/note.json",
    ]) {
      expect(labels).toContain(expected);
    }
    expect(labels).not.toContain("mastodon/activities/private_message.json");
  });

  const cases = [...shapes, { label: "Misskey-like (synthesized)", build: (origin: string) => misskeyLike(origin, plaza.context().getActorUri("ana").href) }];

  describe.each(cases.map((shape) => [shape.label, shape] as const))("%s", (_label, { build }) => {
    test("becomes a comment on the practice, sanitized, with its author; delivered twice, it is stored once", async () => {
      const { activity, object, actorIri } = asReplyToUs(build);
      await deliver(activity, actorIri);
      const comment = await arrived(String(object.id));
      expect(comment.practiceId).toBe(practiceId);
      expect(comment.parentId).toBeNull();
      expect(comment.inReplyToIri).toBe(practiceIri);
      expect(comment.local).toBe(false);
      expect(comment.status).toBe("visible");
      expect(comment.contentHtml).not.toMatch(/<script|<img|onerror=|javascript:/i);
      const author = await findActorByIri(plaza.db, actorIri);
      expect(comment.authorId).toBe(author?.id);
      // Not also kept as a plain post.
      expect(await plaza.db.select().from(posts).where(eq(posts.iri, String(object.id)))).toEqual([]);
      // The city is told.
      const told = await plaza.db.select().from(notifications).where(eq(notifications.commentId, comment.id));
      expect(told.map((n) => [n.recipientId, n.kind])).toContainEqual([city.id, "comment"]);

      // The same activity again, and the same Note in a new Create: still one comment.
      await deliver(activity, actorIri);
      await deliver({ ...activity, id: `${String(activity.id)}-again` }, actorIri);
      await settled();
      const [rows] = await plaza.db.select({ n: count() }).from(comments).where(eq(comments.iri, String(object.id)));
      expect(rows?.n).toBe(1);
    });

    test("an Update of the comment by another actor is refused; by its author, it edits it", async () => {
      const { activity, object, actorIri } = asReplyToUs(build);
      await deliver(activity, actorIri);
      const original = await arrived(String(object.id));
      const mallory = `${remote.origin}/${new URL(actorIri).pathname.split("/")[1]}/users/mallory`;
      const hijack = (by: string, attributedTo: string) => ({
        "@context": activity["@context"],
        id: `${String(object.id)}#update-by-${by.split("/").at(-1)}-${attributedTo.split("/").at(-1)}`,
        type: "Update",
        actor: by,
        to: [asPublic],
        object: { ...object, attributedTo, content: "<p>hijacked</p>", updated: "2030-01-01T00:00:00Z" },
      });
      // Another actor of the same server, claiming the Note as theirs, or as the author's.
      await deliver(hijack(mallory, mallory), mallory);
      await deliver(hijack(mallory, actorIri), mallory);
      await settled();
      expect((await stored(String(object.id)))?.contentHtml).toBe(original.contentHtml);

      await deliver({ ...hijack(actorIri, actorIri), id: `${String(object.id)}#update-by-author`, object: { ...object, content: "<p>edited <b>by</b> the author</p>" } }, actorIri);
      await eventually(async () => (await stored(String(object.id)))?.contentHtml.includes("<p>edited <b>by</b> the author</p>"), patience);
    });

    test("a Delete arriving before its Create leaves nothing", async () => {
      const { activity, object, actorIri } = asReplyToUs(build);
      await deliver(
        { "@context": "https://www.w3.org/ns/activitystreams", id: `${String(object.id)}#delete`, type: "Delete", actor: actorIri, to: [asPublic], object: { id: object.id, type: "Tombstone" } },
        actorIri,
      );
      await settled();
      await deliver(activity, actorIri);
      await settled();
      expect(await stored(String(object.id))).toBeUndefined();
    });

    test("a Delete of the comment by its author removes it", async () => {
      const { activity, object, actorIri } = asReplyToUs(build);
      await deliver(activity, actorIri);
      await eventually(async () => (await stored(String(object.id))) !== undefined);
      await deliver({ "@context": "https://www.w3.org/ns/activitystreams", id: `${String(object.id)}#delete`, type: "Delete", actor: actorIri, object: object.id }, actorIri);
      await eventually(async () => (await stored(String(object.id))) === undefined, patience);
    });
  });

  test("a Misskey-like mention of a member tells the member", async () => {
    const rows = await plaza.db.select().from(notifications).where(eq(notifications.recipientId, ana.id));
    expect(rows.map((n) => n.kind)).toContain("mention");
  });

  test("a reply that is not public is not shown under the practice", async () => {
    const note = loadFixture("mastodon/activities/private_message.json");
    const { activity, object, actorIri } = asReplyToUs((origin) => {
      const rewritten = rewrite(note, origin) as Json;
      const { "@context": context, ...rest } = rewritten;
      return { "@context": context, id: `${String(rewritten.id)}#create`, type: "Create", actor: idOf(list(rewritten.attributedTo)[0]), to: rewritten.to, object: rest };
    });
    await deliver(activity, actorIri);
    await settled();
    expect(await stored(String(object.id))).toBeUndefined();
  });

  test("a reply to a comment we never received is followed up its thread, when it concerns us", async () => {
    const author = await remote.addActor("/thread.example/users/tess");
    const note = (id: string, inReplyTo: string, cc: string[]) => ({
      "@context": "https://www.w3.org/ns/activitystreams",
      id,
      type: "Note",
      attributedTo: author.iri,
      content: `<p>${id.split("/").at(-1)}</p>`,
      inReplyTo,
      to: [asPublic],
      cc,
      published: "2026-04-01T10:00:00Z",
    });
    // Two levels we were never sent, only served by their server.
    const first = note(`${remote.origin}/thread.example/notes/first`, practiceIri, [city.iri]);
    const second = note(`${remote.origin}/thread.example/notes/second`, first.id, []);
    remote.serve("/thread.example/notes/first", first);
    remote.serve("/thread.example/notes/second", second);
    const third = note(`${remote.origin}/thread.example/notes/third`, second.id, [city.iri]);
    await deliver({ "@context": "https://www.w3.org/ns/activitystreams", id: `${third.id}/create`, type: "Create", actor: author.iri, to: [asPublic], object: third }, author.iri);
    const thirdRow = await arrived(third.id);
    const secondRow = await arrived(second.id);
    const firstRow = await arrived(first.id);
    expect([firstRow.parentId, secondRow.parentId, thirdRow.parentId]).toEqual([null, firstRow.id, secondRow.id]);
    expect(new Set([firstRow.practiceId, secondRow.practiceId, thirdRow.practiceId])).toEqual(new Set([practiceId]));

    // Not addressed to any of our actors, nor to a practice's owner: nothing is fetched or kept.
    const stray = note(`${remote.origin}/thread.example/notes/stray`, `${remote.origin}/thread.example/notes/unknown`, []);
    remote.serve("/thread.example/notes/unknown", note(`${remote.origin}/thread.example/notes/unknown`, practiceIri, []));
    await deliver({ "@context": "https://www.w3.org/ns/activitystreams", id: `${stray.id}/create`, type: "Create", actor: author.iri, to: [asPublic], object: stray }, author.iri);
    await settled();
    expect(await stored(stray.id)).toBeUndefined();
    expect(await stored(`${remote.origin}/thread.example/notes/unknown`)).toBeUndefined();
  });

  test("a reply to a comment we keep is threaded under it", async () => {
    const parent = asReplyToUs(cases[0]!.build);
    await deliver(parent.activity, parent.actorIri);
    const parentRow = await arrived(String(parent.object.id));
    const child = asReplyToUs(cases[1]!.build);
    const object: Json = { ...child.object, inReplyTo: parent.object.id };
    await deliver({ ...child.activity, object }, child.actorIri);
    const childRow = await arrived(String(object.id));
    expect(childRow.parentId).toBe(parentRow.id);
    expect(childRow.practiceId).toBe(practiceId);
    expect(childRow.inReplyToIri).toBe(parent.object.id);
  });
});
