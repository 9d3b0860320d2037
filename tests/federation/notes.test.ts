import { InProcessMessageQueue, MemoryKvStore } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMember } from "../../src/accounts/accounts.ts";
import type { ActorRow } from "../../src/actors/model.ts";
import { createLocalActor, findLocalActor, upsertRemoteActor } from "../../src/actors/store.ts";
import { PlazaError } from "../../src/errors.ts";
import { localActorUris } from "../../src/federation/actors.ts";
import { type PlazaFederation, createPlazaFederation } from "../../src/federation/federation.ts";
import { postNote } from "../../src/federation/notes/publishing.ts";
import { maxCommentLength } from "../../src/social/comments.ts";
import { listPostsBy } from "../../src/social/posts.ts";
import { api, passwordToken, registerApp } from "../mastodon/support.ts";
import { openTestDatabase } from "../support/database.ts";
import { type Browser, Instance, eventually } from "../support/instance.ts";

type Json = Record<string, unknown>;

const password = "correct horse battery";
const activityJson = { headers: { Accept: "application/activity+json" } };
const publicCollection = "https://www.w3.org/ns/activitystreams#Public";

/** Deliveries between servers are queued: on a busy machine they take a while. */
const patience = 60_000;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

describe("a member's note reaches the servers of their followers", () => {
  let a: Instance; // Ana posts here
  let b: Instance; // Bo follows her from here
  let ana: Browser;
  let bo: Browser;
  let noteIri: string;

  const feedOfBo = async () => (await bo.get("/feed")).text();

  beforeAll(async () => {
    [a, b] = await Promise.all([
      Instance.create({
        seed: {
          members: [
            { email: "ana@a.test", password, username: "ana", name: "Ana" },
            { email: "cy@a.test", password, username: "cy", name: "Cy" },
          ],
        },
      }),
      Instance.create({ seed: { members: [{ email: "bo@b.test", password, username: "bo", name: "Bo" }] } }),
    ]);
    await Promise.all([a.start(), b.start()]);
    [ana, bo] = await Promise.all([a.signIn("ana@a.test", password), b.signIn("bo@b.test", password)]);
    // A member follows as themselves through a Mastodon app (the web pages follow for cities).
    const token = await passwordToken(b, await registerApp(b), "bo@b.test", password);
    const search = await api<{ accounts: { id: string }[] }>(b, token, `/api/v2/search?type=accounts&resolve=true&q=${encodeURIComponent(a.handle("ana"))}`);
    const id = search.body.accounts[0]?.id;
    expect(id).toBeDefined();
    expect((await api(b, token, `/api/v1/accounts/${id}/follow`, { method: "POST" })).status).toBe(200);
    // B keeps Ana's posts only once it knows the follow is accepted: wait for A's Accept to arrive there.
    await eventually(async () => {
      const { body } = await api<{ following: boolean }[]>(b, token, `/api/v1/accounts/relationships?id[]=${id}`);
      return body[0]?.following === true;
    }, patience);
    expect(((await (await fetch(a.url("/@ana/followers"), activityJson)).json()) as Json).totalItems).toBe(1);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.destroy(), b?.destroy()]);
  });

  test("a member posts a note from their own page; it is a public Note at its own address", { timeout: 180_000 }, async () => {
    expect(await (await ana.get("/@ana")).text()).toContain('id="note-form"');
    expect(await (await fetch(a.url("/@ana"), { headers: { Accept: "text/html" } })).text()).not.toContain('id="note-form"'); // not signed in
    expect(await (await bo.get(`/@bo`)).text()).toContain('id="note-form"');

    const refused = await ana.submitAndFollow("/notes", { content: "   " });
    expect(refused).toContain("Write something before sending the note.");

    const sent = await ana.submit("/notes", { content: "Budget hearings are **open** tonight." });
    expect(sent.status).toBe(303);
    const location = sent.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/notes\/[a-z0-9]{10}$/);
    noteIri = a.url(location);

    const note = (await (await fetch(noteIri, activityJson)).json()) as Json;
    expect(note).toMatchObject({ id: noteIri, type: "Note", attributedTo: a.url("/@ana"), url: noteIri, mediaType: "text/html" });
    expect(String(note.content)).toContain("<strong>open</strong>");
    expect(list(note.to)).toEqual([publicCollection]);
    expect(list(note.cc)).toEqual([a.url("/@ana/followers")]);
    expect(note.inReplyTo).toBeUndefined();
    // Browsers get a page, with the author's profile listing it.
    const html = await (await fetch(noteIri, { headers: { Accept: "text/html" } })).text();
    expect(html).toContain("Budget hearings are <strong>open</strong> tonight.");
    expect(await (await fetch(a.url("/@ana"), { headers: { Accept: "text/html" } })).text()).toContain(`href="${location}"`);
  });

  test("the follower's server keeps it as a post and shows it in the follower's feed", { timeout: 180_000 }, async () => {
    const feed = await eventually(async () => {
      const html = await feedOfBo();
      return html.includes("Budget hearings are <strong>open</strong> tonight.") ? html : false;
    }, patience);
    expect(feed).toContain(a.handle("ana"));
    expect(feed).toContain(`href="${noteIri}"`);
  });

  test("only its author may delete it; then it is gone from the follower's feed, and its address answers 410", { timeout: 180_000 }, async () => {
    const path = new URL(noteIri).pathname;
    const cy = await a.signIn("cy@a.test", password);
    expect(await (await cy.get(path)).text()).not.toContain(`action="${path}/delete"`);
    expect((await cy.submit(`${path}/delete`, {})).status).toBe(403);
    expect(await (await ana.get(path)).text()).toContain(`action="${path}/delete"`);
    expect((await ana.submit(`${path}/delete`, {})).status).toBe(303);

    await eventually(async () => !(await feedOfBo()).includes("Budget hearings"), patience);
    const gone = await fetch(noteIri, activityJson);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ id: noteIri, type: "Tombstone", formerType: expect.stringMatching(/Note$/) });
    expect((await fetch(noteIri, { headers: { Accept: "text/html" } })).status).toBe(410);
    expect((await fetch(a.url("/notes/nosuchnote"), activityJson)).status).toBe(404);
  });
});

describe("who may post a note, and what", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let federation: PlazaFederation;
  let member: ActorRow;
  let city: ActorRow;
  const origin = new URL("https://plaza.test");
  const context = () => federation.createContext(origin, undefined);

  beforeAll(async () => {
    database = await openTestDatabase();
    federation = createPlazaFederation({
      db: database.db,
      kv: new MemoryKvStore(),
      queue: new InProcessMessageQueue(),
      config: { origin, allowPrivateAddress: false, role: "all" },
    });
    const uris = localActorUris(context());
    city = await database.db.transaction((tx) => createLocalActor(tx, uris, { kind: "city", username: "lisbon", name: "Lisbon" }));
    await createMember(database.db, uris, { email: "ana@plaza.test", password, username: "ana", name: "Ana" });
    member = (await findLocalActor(database.db, "ana")) as ActorRow;
  });

  afterAll(() => database.dispose());

  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => (error instanceof PlazaError ? error : undefined));

  test("a city, or someone from another server, cannot post one", async () => {
    expect(await refusal(postNote(context(), database.db, city, "Hello"))).toMatchObject({ kind: "forbidden" });
    const remote = await upsertRemoteActor(database.db, {
      iri: "https://elsewhere.test/users/eve",
      type: "Person",
      username: "eve",
      host: "elsewhere.test",
      name: "Eve",
      summary: "",
      url: "https://elsewhere.test/users/eve",
      inboxUrl: "https://elsewhere.test/users/eve/inbox",
      sharedInboxUrl: null,
      followersUrl: null,
      manuallyApprovesFollowers: false,
    });
    expect(await refusal(postNote(context(), database.db, remote, "Hello"))).toMatchObject({ kind: "forbidden" });
    expect(await listPostsBy(database.db, remote.id)).toEqual([]);
  });

  test("empty or too long text is refused, and nothing is stored", async () => {
    expect(await refusal(postNote(context(), database.db, member, " \n "))).toMatchObject({ kind: "invalid", message: "Write something before sending the note." });
    const long = await refusal(postNote(context(), database.db, member, "x".repeat(maxCommentLength + 1)));
    expect(long).toMatchObject({ kind: "invalid" });
    expect(long?.message).toContain(`at most ${maxCommentLength} characters`);
    expect(await listPostsBy(database.db, member.id)).toEqual([]);
  });

  test("a note is stored rendered from Markdown, and removed again when it cannot be sent", async () => {
    const note = await postNote(context(), database.db, member, "Hello _Lisbon_ <script>alert(1)</script>");
    expect(note).toMatchObject({ authorId: member.id, type: "Note", url: note.iri });
    expect(note.iri).toMatch(/^https:\/\/plaza\.test\/notes\/[a-z0-9]{10}$/);
    expect(note.contentHtml).toContain("<em>Lisbon</em>");
    expect(note.contentHtml).not.toContain("<script>");
    const served = await federation.fetch(new Request(note.iri, activityJson), { contextData: undefined });
    expect(served.status).toBe(200);
    expect(await served.json()).toMatchObject({ id: note.iri, type: "Note", attributedTo: member.iri });

    const failing = Object.assign(Object.create(context()), {
      sendActivity: async () => {
        throw new Error("the queue is down");
      },
    }) as ReturnType<typeof context>;
    await expect(postNote(failing, database.db, member, "Never seen")).rejects.toThrow("the queue is down");
    expect((await listPostsBy(database.db, member.id)).map((p) => p.iri)).toEqual([note.iri]);
  });
});
