import { Note } from "@fedify/vocab";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { findLocalActor, upsertRemoteActor } from "../../src/actors/store.ts";
import { comments, notifications } from "../../src/db/schema.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { draftPractice, publishPractice } from "../../src/federation/practices/publishing.ts";
import { receivePractice } from "../../src/practices/remote.ts";
import type { Practice } from "../../src/practices/store.ts";
import { listReactions, reactionCounts } from "../../src/social/reactions.ts";
import { type Json, loadFixture, replaceIri, rewrite, rewrittenUrl } from "../support/fixtures.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { type Browser, Instance, eventually } from "../support/instance.ts";
import { RemoteServer } from "../support/remote-server.ts";

const password = "correct horse battery";
const html = { headers: { Accept: "text/html" } };
const activityJson = { headers: { Accept: "application/activity+json" } };

const practiceForm = {
  title: "Open council minutes",
  summary: "Every council decision is published within a day.",
  "place.city": "Lisbon",
  "place.country": "PT",
  challenge: "Decisions were hard to find.",
  solution: "Publish minutes online within a day.",
  completion: "complete",
  leadInstitution: "Lisbon City Council",
};

/** The address of a practice on a server's home page, found by its title. */
async function practiceLinkOn(instance: Instance, title: string): Promise<string> {
  const page = await (await fetch(instance.url("/"), html)).text();
  const match = new RegExp(`href="(/practices/[a-z0-9]+)"[^>]*>${title}<`).exec(page);
  if (!match?.[1]) throw new Error(`"${title}" is not on the home page of ${instance.ip}`);
  return match[1];
}

interface ArticleCounts {
  likes: { id: string; totalItems: number };
  shares: { id: string; totalItems: number };
}

describe("likes and shares of a practice reach its owner's server", () => {
  let lisbon: Instance;
  let seoul: Instance;
  let madrid: Instance;
  let editor: Browser;
  let seoulMember: Browser;
  let madridMember: Browser;
  let practicePath: string;
  const copies = new Map<Instance, string>();

  const pageOf = async (instance: Instance, path: string) => (await fetch(instance.url(path), html)).text();
  const article = async () => (await (await fetch(lisbon.url(practicePath), activityJson)).json()) as ArticleCounts;

  beforeAll(async () => {
    const member = (email: string, username: string, city: string) => ({ email, password, username, name: username, roles: { [city]: "admin" as const } });
    [lisbon, seoul, madrid] = await Promise.all([
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "lisbon", name: "Lisbon" }],
          members: [{ email: "ed@lisbon.test", password, username: "ed", name: "Ed", roles: { lisbon: "editor" } }],
        },
      }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "seoul", name: "Seoul" }], members: [member("a@seoul.test", "sa", "seoul")] } }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "madrid", name: "Madrid" }], members: [member("a@madrid.test", "ma", "madrid")] } }),
    ]);
    await Promise.all([lisbon.start(), seoul.start(), madrid.start()]);
    [editor, seoulMember, madridMember] = await Promise.all([
      lisbon.signIn("ed@lisbon.test", password),
      seoul.signIn("a@seoul.test", password),
      madrid.signIn("a@madrid.test", password),
    ]);
    await seoulMember.submitAndFollow("/@seoul/follow", { handle: lisbon.handle("lisbon") });
    await madridMember.submitAndFollow("/@madrid/follow", { handle: lisbon.handle("lisbon") });
    await eventually(async () => (await pageOf(lisbon, "/@lisbon")).includes("2 followers"));

    const created = await editor.submit("/@lisbon/practices", practiceForm);
    expect(created.status).toBe(303);
    practicePath = new URL(created.headers.get("Location") ?? "", lisbon.origin).pathname;
    expect((await editor.submit(`${practicePath}/publish`, {})).status).toBe(303);
    for (const instance of [seoul, madrid]) copies.set(instance, await eventually(() => practiceLinkOn(instance, practiceForm.title)));
  });

  afterAll(async () => {
    await Promise.all([lisbon?.destroy(), seoul?.destroy(), madrid?.destroy()]);
  });

  test("a fresh practice has no likes or shares, and its Article says so", async () => {
    expect(await pageOf(lisbon, practicePath)).toContain("0 likes");
    const json = await article();
    expect(json.likes).toEqual({ id: lisbon.url(`${practicePath}/likes`), type: "Collection", totalItems: 0 });
    expect(json.shares).toEqual({ id: lisbon.url(`${practicePath}/shares`), type: "Collection", totalItems: 0 });
    // Signed out, there is nothing to press.
    expect(await pageOf(seoul, copies.get(seoul) ?? "")).not.toContain("<button type=\"submit\">Like</button>");
  });

  test("members on two other servers like and share their copies; the owner's server counts two of each", async () => {
    for (const [instance, browser] of [[seoul, seoulMember], [madrid, madridMember]] as const) {
      const copy = copies.get(instance) ?? "";
      expect(await (await browser.get(copy)).text()).toContain("<button type=\"submit\">Like</button>");
      expect((await browser.submit(`${copy}/like`, {})).status).toBe(303);
      expect((await browser.submit(`${copy}/share`, {})).status).toBe(303);
      // Pressing again changes nothing.
      expect((await browser.submit(`${copy}/like`, {})).status).toBe(303);
      const page = await (await browser.get(copy)).text();
      expect(page).toContain("Unlike");
      expect(page).toContain("Unshare");
      expect(page).toContain(">1 like<");
    }
    await eventually(async () => {
      const page = await pageOf(lisbon, practicePath);
      return page.includes("2 likes") && page.includes("2 shares");
    });
    const json = await article();
    expect(json.likes.totalItems).toBe(2);
    expect(json.shares.totalItems).toBe(2);

    // The collections list who did it: our members' activities, dereferenceable on their servers.
    const likes = (await (await fetch(json.likes.id, activityJson)).json()) as { totalItems: number; first: string };
    expect(likes.totalItems).toBe(2);
    const page = (await (await fetch(likes.first, activityJson)).json()) as { items: { id: string; type: string; actor: string; object: string }[] };
    expect(page.items.map((i) => i.actor).sort()).toEqual([madrid.url("/@ma"), seoul.url("/@sa")].sort());
    const seoulLike = page.items.find((i) => i.actor === seoul.url("/@sa"));
    expect(seoulLike?.object).toBe(lisbon.url(practicePath));
    const dereferenced = (await (await fetch(seoulLike?.id ?? "", activityJson)).json()) as Json;
    expect(dereferenced).toMatchObject({ id: seoulLike?.id, type: "Like", actor: seoul.url("/@sa"), object: lisbon.url(practicePath) });

    // The city's editors hear of it.
    const notifications = await (await editor.get("/notifications")).text();
    expect(notifications).toContain("liked");
    expect(notifications).toContain("shared");
  });

  test("a member takes back a like and a share; the owner's server counts one of each", async () => {
    const copy = copies.get(seoul) ?? "";
    const likeId = ((await (await fetch((await article()).likes.id + "?cursor=", activityJson)).json()) as { items: { id: string; actor: string }[] }).items.find(
      (i) => i.actor === seoul.url("/@sa"),
    )?.id;
    expect((await seoulMember.submit(`${copy}/unlike`, {})).status).toBe(303);
    expect((await seoulMember.submit(`${copy}/unshare`, {})).status).toBe(303);
    const page = await (await seoulMember.get(copy)).text();
    expect(page).toContain("<button type=\"submit\">Like</button>");
    expect(page).toContain("<button type=\"submit\">Share</button>");
    await eventually(async () => {
      const page = await pageOf(lisbon, practicePath);
      return page.includes(">1 like<") && page.includes(">1 share<");
    });
    const json = await article();
    expect(json.likes.totalItems).toBe(1);
    expect(json.shares.totalItems).toBe(1);
    // A like taken back is gone from its address too.
    expect((await fetch(likeId ?? "", activityJson)).status).toBe(404);
  });

  test("a member likes a comment written on another server; the comment's server counts it", async () => {
    const copy = copies.get(seoul) ?? "";
    expect((await seoulMember.submit(`${copy}/comments`, { content: "How long did the first minutes take?", inReplyTo: "" })).status).toBe(303);
    // The comment reaches the practice's server, where its editor likes it.
    const onLisbon = await eventually(async (): Promise<string> => {
      const page = await (await editor.get(practicePath)).text();
      if (!page.includes("How long did the first minutes take?")) throw new Error("the comment has not reached Lisbon");
      return page;
    }, 60_000);
    const like = /action="([^"]+\/comments\/\d+\/like)"/.exec(onLisbon)?.[1];
    expect(like).toMatch(new RegExp(`^${practicePath}/comments/\\d+/like$`));
    const unlike = like?.replace(/like$/, "unlike") ?? "";
    expect((await editor.submit(like ?? "", {})).status).toBe(303);
    const after = await (await editor.get(practicePath)).text();
    expect(after).toContain(`action="${unlike}"`);
    expect(after).toContain('<span class="likes">1 like</span> · <span class="shares">0 shares</span>'); // the practice has 1 share

    const commentIri = String(((await (await fetch(lisbon.url(practicePath), activityJson)).json()) as { replies: { first: { orderedItems: unknown } } }).replies.first.orderedItems);
    expect(commentIri.startsWith(`${seoul.origin}/comments/`)).toBe(true);
    const likesOf = async () => ((await (await fetch(commentIri, activityJson)).json()) as ArticleCounts).likes;
    await eventually(async () => (await likesOf()).totalItems === 1, 60_000);
    const likes = (await (await fetch(`${commentIri}/likes?cursor=`, activityJson)).json()) as { items: unknown };
    expect([likes.items].flat()).toEqual([expect.objectContaining({ actor: lisbon.url("/@ed"), object: commentIri })]);
    // Its author hears of it; the practice is not liked by that.
    expect(await (await seoulMember.get("/notifications")).text()).toContain("liked");
    expect((await article()).likes.totalItems).toBe(1);

    // Taken back: the comment's server counts none.
    expect((await editor.submit(unlike, {})).status).toBe(303);
    await eventually(async () => (await likesOf()).totalItems === 0, 60_000);
  });
});

/** The targets each recorded payload names, moved onto our practice. */
describe("recorded likes and shares of other servers, pointed at our practice", () => {
  let remote: RemoteServer;
  let plaza: InProcessPlaza;
  let practice: Practice;
  let author: ActorRow;
  let sharedInbox: string;

  /** Delivers a recorded payload, its target replaced by our practice, signed by its actor; waits until it is handled. */
  async function deliver(
    file: string,
    target: string | undefined,
    options: { actorType?: string; change?: (json: Json) => Json; ours?: string } = {},
  ): Promise<Json> {
    let activity = rewrite(loadFixture(file), remote.origin) as Json;
    if (target) activity = replaceIri(activity, rewrittenUrl(target, remote.origin), options.ours ?? practice.row.iri) as Json;
    if (options.change) activity = options.change(activity);
    const actor = await remote.addActor(new URL(String(activity.actor)).pathname, options.actorType);
    const response = await remote.deliver(sharedInbox, activity, actor);
    expect(response.status).toBe(202);
    await plaza.settled();
    return activity;
  }

  const counts = () => reactionCounts(plaza.db, practice.row.iri);
  const likers = async () => (await listReactions(plaza.db, practice.row.iri, "like")).items.map((i) => i.actor.iri);
  const sharers = async () => (await listReactions(plaza.db, practice.row.iri, "share")).items.map((i) => i.actor.iri);
  const actorOf = (path: string) => `${remote.origin}/${path}`;

  beforeAll(async () => {
    [remote, plaza] = await Promise.all([RemoteServer.start(), InProcessPlaza.start()]);
    const city = await plaza.createActor("city", "lisbon", "Lisbon");
    await plaza.createMember({ email: "ed@lisbon.test", password, username: "ed", name: "Ed", roles: { lisbon: "editor" } });
    const ed = await findLocalActor(plaza.db, "ed");
    if (!ed) throw new Error("no member ed");
    author = ed;
    const ctx = plaza.context();
    practice = await publishPractice(ctx, plaza.db, await draftPractice(ctx, plaza.db, city, author, whitePaperCases[0]!.card));
    sharedInbox = ctx.getInboxUri().href;
  });

  afterAll(async () => {
    await plaza?.stop();
    await remote?.stop();
  });

  test("Mastodon: a like counts, and its Undo (with a re-minted id) takes it back", async () => {
    await deliver("mastodon/activities/like_page.json", "https://ds9.lemmy.ml/post/147");
    expect(await likers()).toEqual([actorOf("mastodon.madrid/users/felix")]);
    // The same Like again is still one like.
    await deliver("mastodon/activities/like_page.json", "https://ds9.lemmy.ml/post/147", { change: (json) => ({ ...json, id: `${String(json.id)}-again` }) });
    expect((await counts()).likes).toBe(1);
    await deliver("mastodon/activities/undo_like_page.json", "https://ds9.lemmy.ml/post/147");
    expect(await counts()).toEqual({ likes: 0, shares: 0 });
  });

  test("Lemmy: an upvote of the practice counts as a like, and its Undo takes it back", async () => {
    await deliver("lemmy/activities/voting/like_note.json", "http://ds9.lemmy.ml/comment/1");
    expect(await likers()).toEqual([actorOf("ds9.lemmy.ml/u/lemmy_alpha")]);
    await deliver("lemmy/activities/voting/undo_like_note.json", "http://ds9.lemmy.ml/comment/1");
    expect((await counts()).likes).toBe(0);
  });

  test("Lemmy: an upvote of one of our comments counts on its Note, and its author hears of it", async () => {
    const publicId = "c0mment0001";
    const iri = plaza.context().getObjectUri(Note, { id: publicId }).href;
    const [comment] = await plaza.db
      .insert(comments)
      .values({ iri, publicId, url: iri, practiceId: practice.row.id, inReplyToIri: practice.row.iri, authorId: author.id, local: true, contentHtml: "<p>Thanks</p>", source: "Thanks" })
      .returning();
    await deliver("lemmy/activities/voting/like_note.json", "http://ds9.lemmy.ml/comment/1", {
      ours: iri,
      change: (json) => ({ ...json, id: `${String(json.id)}-comment` }),
    });
    const note = (await (await fetch(iri, activityJson)).json()) as ArticleCounts;
    expect(note.likes).toEqual({ id: `${iri}/likes`, type: "Collection", totalItems: 1 });
    expect(note.shares).toEqual({ id: `${iri}/shares`, type: "Collection", totalItems: 0 });
    const likes = (await (await fetch(`${iri}/likes`, activityJson)).json()) as { totalItems: number };
    expect(likes.totalItems).toBe(1);
    const [notification] = await plaza.db.select().from(notifications).where(eq(notifications.commentId, comment!.id));
    expect(notification).toMatchObject({ recipientId: author.id, kind: "like", practiceId: practice.row.id });
    // The practice itself is not liked by that.
    expect((await counts()).likes).toBe(0);
  });

  test("Friendica and GNU social likes count", async () => {
    await deliver("friendica/activities/like_page.json", "https://pirati.ca/objects/ec054ce7-2062-3bfa-8687-ca8313624820");
    await deliver("gnusocial/activities/like_note.json", "https://instance.gnusocial.test/object/note/1337");
    expect((await likers()).sort()).toEqual([actorOf("another_instance.gnusocial.test/actor/43"), actorOf("pirati.ca/profile/heluecht")].sort());
  });

  test("Dislikes (Friendica, Lemmy) are ignored without an error", async () => {
    const before = await counts();
    await deliver("friendica/activities/dislike_page.json", "https://pirati.ca/objects/ec054ce7-2062-3bfa-8687-ca8313624820");
    await deliver("lemmy/activities/voting/dislike_page.json", "http://ds9.lemmy.ml/post/1");
    await deliver("friendica/activities/undo_dislike_page.json", "https://pirati.ca/objects/ec054ce7-2062-3bfa-8687-ca8313624820");
    expect(await counts()).toEqual(before);
  });

  test("an Undo by another actor is refused, by id or embedded", async () => {
    const like = await deliver("gnusocial/activities/like_note.json", "https://instance.gnusocial.test/object/note/1337");
    // Mallory is known here: she liked the practice herself.
    const mallory = await remote.addActor("/another_instance.gnusocial.test/actor/666");
    await deliver("gnusocial/activities/like_note.json", "https://instance.gnusocial.test/object/note/1337", {
      change: (json) => ({ ...json, id: `${String(json.id)}-mallory`, actor: mallory.iri }),
    });
    const undo = (id: string, object: unknown) => ({ "@context": "https://www.w3.org/ns/activitystreams", id: `${mallory.iri}#undo/${id}`, type: "Undo", actor: mallory.iri, object });
    for (const activity of [undo("1", like.id), undo("2", like), undo("3", { ...like, id: `${remote.origin}/another_instance.gnusocial.test/activity/unknown` })]) {
      expect((await remote.deliver(sharedInbox, activity, mallory)).status).toBe(202);
      await plaza.settled();
    }
    expect((await likers()).sort()).toEqual(
      [mallory.iri, actorOf("another_instance.gnusocial.test/actor/43"), actorOf("pirati.ca/profile/heluecht")].sort(),
    );
  });

  test("PeerTube and WordPress announces count as shares", async () => {
    await deliver("peertube/activities/announce_video.json", "https://tilvids.com/videos/watch/e7946124-7b72-4ad7-9d22-844a84bb2de1", {
      actorType: "Group",
    });
    await deliver("wordpress/activities/announce.json", "https://pfefferle.org/lemmy-part-4/");
    expect((await sharers()).sort()).toEqual([actorOf("pfefferle.org/@pfefferle.org"), actorOf("tilvids.com/video-channels/thelinuxexperiment_channel")].sort());
  });

  test("a Lemmy community announcing the practice's Create counts as its share; announcing a Like does not", async () => {
    await deliver("lemmy/activities/community/announce_create_page.json", "http://enterprise.lemmy.ml/post/7", { actorType: "Group" });
    expect(await sharers()).toContain(actorOf("enterprise.lemmy.ml/c/main"));
    const shares = (await counts()).shares;
    // A community passing on a member's vote: the vote is not the community's share.
    await deliver("lemmy/activities/community/announce_create_page.json", undefined, {
      actorType: "Group",
      change: (json) => ({
        ...json,
        id: `${String(json.id)}-like`,
        actor: actorOf("enterprise.lemmy.ml/c/other"),
        object: { id: actorOf("enterprise.lemmy.ml/activities/like/1"), type: "Like", actor: actorOf("enterprise.lemmy.ml/u/lemmy_beta"), object: practice.row.iri },
      }),
    });
    expect((await counts()).shares).toBe(shares);
  });

  test("a member likes and shares another server's practice: the owner's server gets Like, Announce and their Undo", async () => {
    const seoul = await remote.addActor("/users/seoul", "Organization");
    const owner = await upsertRemoteActor(plaza.db, {
      iri: seoul.iri,
      type: "Organization",
      username: "seoul",
      host: remote.ip,
      name: "Seoul",
      summary: "",
      url: seoul.iri,
      inboxUrl: `${seoul.iri}/inbox`,
      sharedInboxUrl: `${remote.origin}/inbox`,
      followersUrl: `${seoul.iri}/followers`,
      manuallyApprovesFollowers: false,
    });
    const theirs = `${remote.origin}/practices/seoul-1`;
    const received = await receivePractice(plaza.db, {
      iri: theirs,
      ownerId: owner.id,
      url: theirs,
      publishedAt: new Date(),
      updatedAt: new Date(),
      card: whitePaperCases[1]!.card,
    });
    const copy = `/practices/${received?.practice.row.publicId ?? ""}`;
    const member = await plaza.signIn("ed@lisbon.test", password);
    /** What the owner's server has received of a type, once there are `n`. */
    const sent = (type: string, n = 1) =>
      eventually(async () => {
        const found = remote.received.filter((a) => a.type === type);
        if (found.length < n) throw new Error(`${found.length} ${type} received, waiting for ${n}`);
        return found;
      });
    expect((await member.submit(`${copy}/like`, {})).status).toBe(303);
    expect((await member.submit(`${copy}/share`, {})).status).toBe(303);
    const [like] = await sent("Like");
    const [share] = await sent("Announce");
    expect(like).toMatchObject({ type: "Like", actor: author.iri, object: theirs, to: seoul.iri });
    expect(share).toMatchObject({ type: "Announce", actor: author.iri, object: theirs, to: "https://www.w3.org/ns/activitystreams#Public" });
    expect([share?.cc].flat()).toEqual(expect.arrayContaining([author.followersUrl, seoul.iri]));
    // Our activities are there to be fetched while they stand.
    const fetched = await fetch(String(like?.id), activityJson);
    expect(await fetched.json()).toMatchObject({ id: like?.id, type: "Like", actor: author.iri, object: theirs });
    expect(await reactionCounts(plaza.db, theirs)).toEqual({ likes: 1, shares: 1 });
    expect(await (await member.get(copy)).text()).toContain(`${remote.ip} keeps the full counts`);

    expect((await member.submit(`${copy}/unlike`, {})).status).toBe(303);
    expect((await member.submit(`${copy}/unshare`, {})).status).toBe(303);
    const undos = await sent("Undo", 2);
    const undone = undos.map((u) => u.object as Json);
    expect(undone).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: like?.id, type: "Like", actor: author.iri, object: theirs }),
        expect.objectContaining({ id: share?.id, type: "Announce", actor: author.iri, object: theirs }),
      ]),
    );
    expect(undos.every((u) => u.actor === author.iri)).toBe(true);
    expect((await fetch(String(like?.id), activityJson)).status).toBe(404);
    expect(await reactionCounts(plaza.db, theirs)).toEqual({ likes: 0, shares: 0 });
  });

  test("the practice's Article carries both counts", async () => {
    const json = (await (await fetch(practice.row.iri, activityJson)).json()) as ArticleCounts;
    const now = await counts();
    expect(json.likes.totalItems).toBe(now.likes);
    expect(json.shares.totalItems).toBe(now.shares);
    expect(now.shares).toBe(3);
  });
});
