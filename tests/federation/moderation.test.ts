import { readFileSync } from "node:fs";
import path from "node:path";
import { signRequest } from "@fedify/fedify";
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMember } from "../../src/accounts/accounts.ts";
import type { ActorRow } from "../../src/actors/model.ts";
import { findActorByIri } from "../../src/actors/store.ts";
import { actors, blocks, comments, fedifyQueue, follows, posts, reactions, reports } from "../../src/db/schema.ts";
import { localActorUris } from "../../src/federation/actors.ts";
import { recordFollow } from "../../src/social/follows.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { type Browser, Instance, eventually } from "../support/instance.ts";
import { RemoteServer } from "../support/remote-server.ts";

type Json = Record<string, unknown>;
type RemoteActor = Awaited<ReturnType<RemoteServer["addActor"]>>;

const password = "correct horse battery";
const activityJson = "application/activity+json";
const fixtures = path.resolve(import.meta.dirname, "../../../shared/fixtures/fediverse");

/** A recorded payload with every host moved onto `remote`, as tests/federation/fixtures.test.ts does. */
function recorded(file: string, remote: RemoteServer): Json {
  const vocabularyHosts = new Set(["www.w3.org", "w3id.org", "schema.org", "purl.archive.org", "joinmastodon.org", "ostatus.org"]);
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string" && /^https?:\/\//.test(value) && URL.canParse(value)) {
      const url = new URL(value);
      return vocabularyHosts.has(url.hostname) ? value : `${remote.origin}/${url.hostname}${url.pathname}${url.search}${url.hash}`;
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    return value;
  };
  const json: unknown = rewrite(JSON.parse(readFileSync(path.join(fixtures, file), "utf8")));
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new Error(`${file} is not an object`);
  return Object.fromEntries(Object.entries(json));
}

const minimalPractice = (title: string) => ({
  title,
  summary: `${title}: a summary.`,
  "place.city": "Somewhere",
  "place.country": "FR",
  challenge: "A challenge.",
  solution: "A solution.",
  leadInstitution: "City hall",
  completion: "complete",
});

/** Writes and publishes a practice through the forms; returns its path (`/practices/{id}`). */
async function publish(browser: Browser, city: string, title: string): Promise<string> {
  const created = await browser.submit(`/@${city}/practices`, minimalPractice(title));
  const location = created.headers.get("Location");
  if (created.status !== 303 || !location) throw new Error(`creating failed with ${created.status}: ${await created.text()}`);
  const practicePath = new URL(location, browser.origin).pathname;
  const published = await browser.submit(`${practicePath}/publish`, {});
  if (published.status !== 303) throw new Error(`publishing failed with ${published.status}`);
  return practicePath;
}

async function page(browser: Browser, pathname: string): Promise<string> {
  const response = await browser.get(pathname);
  expect(response.status).toBe(200);
  return response.text();
}

/** The actor `plaza` knows by this IRI; throws (for `eventually`) while it knows none. */
async function known(plaza: InProcessPlaza, iri: string): Promise<ActorRow> {
  const row = await findActorByIri(plaza.db, iri);
  if (!row) throw new Error(`${iri} is not known yet`);
  return row;
}

/** The one-time message on the page a form leads to. */
async function flashAfter(browser: Browser, pathname: string, fields: Record<string, string>): Promise<string> {
  const html = await browser.submitAndFollow(pathname, fields);
  return /<p class="flash [a-z]+"[^>]*>([^<]*)<\/p>/.exec(html)?.[1] ?? "(no message)";
}

describe("moderation across servers", () => {
  let paris: InProcessPlaza;
  let lisbon: Instance;
  let remote: RemoteServer;
  let trolls: RemoteServer;
  let parisCity: ActorRow;
  let parisAdmin: Browser;
  let lyonAdmin: Browser;
  let member: Browser;
  let operator: Browser;
  let lisbonAdmin: Browser;
  let parisPractice: string;
  let neighbour: RemoteActor;

  beforeAll(async () => {
    [paris, remote, trolls] = await Promise.all([InProcessPlaza.start(), RemoteServer.start(), RemoteServer.start()]);
    lisbon = await Instance.create({
      seed: {
        actors: [{ kind: "city", username: "lisbon", name: "Lisbon" }],
        members: [{ email: "ed@lisbon.test", password, username: "ed", name: "Ed", roles: { lisbon: "admin" } }],
      },
    });
    await lisbon.start();
    parisCity = await paris.createActor("city", "paris", "Paris");
    await paris.createActor("city", "lyon", "Lyon");
    await paris.createMember({ email: "pa@paris.test", password, username: "pa", name: "Pa", roles: { paris: "admin" } });
    await paris.createMember({ email: "la@paris.test", password, username: "la", name: "La", roles: { lyon: "admin" } });
    await paris.createMember({ email: "mia@paris.test", password, username: "mia", name: "Mia" });
    await createMember(paris.db, localActorUris(paris.context()), { email: "op@paris.test", password, username: "op", name: "Op", isOperator: true });
    [parisAdmin, lyonAdmin, member, operator, lisbonAdmin] = await Promise.all([
      paris.signIn("pa@paris.test", password),
      paris.signIn("la@paris.test", password),
      paris.signIn("mia@paris.test", password),
      paris.signIn("op@paris.test", password),
      lisbon.signIn("ed@lisbon.test", password),
    ]);
    parisPractice = paris.url(await publish(parisAdmin, "paris", "Paris cools its schoolyards"));
    neighbour = await remote.addActor("/users/neighbour");
  });

  afterAll(async () => {
    await Promise.all([paris?.stop(), lisbon?.destroy(), remote?.stop(), trolls?.stop()]);
  });

  test("only operators and admins reach the moderation page", async () => {
    expect((await member.get("/moderation")).status).toBe(403);
    expect((await fetch(paris.url("/moderation"), { headers: { Accept: "text/html" } })).status).toBe(403);
    expect(await page(lyonAdmin, "/moderation")).toContain("Block an actor or a server");
    expect(await page(parisAdmin, "/")).toContain('href="/moderation"');
    expect(await page(member, "/")).not.toContain('href="/moderation"');
  });

  test("a member's report of another server's practice sends a Flag, which lands in that server's queue", async () => {
    await parisAdmin.submitAndFollow("/@paris/follow", { handle: lisbon.handle("lisbon") });
    await eventually(async () => (await paris.db.select().from(follows).where(and(eq(follows.followerId, parisCity.id), eq(follows.status, "accepted")))).length === 1);
    const practicePath = await publish(lisbonAdmin, "lisbon", "Lisbon opens its budget");
    const iri = lisbon.url(practicePath);
    await eventually(async () => (await findActorByIri(paris.db, lisbon.url("/@lisbon"))) !== undefined && (await paris.db.query.practices.findFirst({ where: (p, { eq: equals }) => equals(p.iri, iri) })) !== undefined);

    // The kept copy's page offers the report; our own practices' pages do not.
    const kept = await paris.db.query.practices.findFirst({ where: (p, { eq: equals }) => equals(p.iri, iri) });
    expect(await page(member, `/practices/${kept?.publicId}`)).toContain(`href="/report?target=${encodeURIComponent(iri)}"`);
    expect(await page(member, new URL(parisPractice).pathname)).not.toContain("/report?target=");
    const form = await page(member, `/report?target=${encodeURIComponent(iri)}`);
    expect(form).toContain("Lisbon opens its budget");
    expect(await flashAfter(member, "/report", { target: iri, comment: "Copied from our city without credit", back: "/" })).toBe("Report sent. Thank you.");
    // Our own content is not reported to anyone.
    expect((await member.get(`/report?target=${encodeURIComponent(parisPractice)}`)).status).toBe(422);

    const queue = await eventually(async () => {
      const html = await page(lisbonAdmin, "/moderation");
      return html.includes("Copied from our city without credit") ? html : false;
    });
    expect(queue).toContain("Lisbon opens its budget");
    expect(queue).toContain("about Lisbon");
    // Sent from Paris's server actor: the member stays anonymous there.
    expect(queue).toContain(`@plaza.instance@${paris.ip}`);
    expect(queue).not.toContain("Mia");
    // On Paris's server the operator sees what was sent; the city admin does not.
    expect(await page(operator, "/moderation")).toContain("Copied from our city without credit");
    expect(await page(parisAdmin, "/moderation")).not.toContain("Copied from our city without credit");
  });

  test("Flags in Mastodon's and Mbin's shapes reach the admins of the city they are about, and the operators", async () => {
    const mastodon = recorded("mastodon/activities/flag.json", remote);
    const mastodonActor = await remote.addActor(new URL(String(mastodon.actor)).pathname, "Application");
    mastodon.object = [parisCity.iri, parisPractice];
    mastodon.to = parisCity.iri;
    expect((await remote.deliver(paris.url("/inbox"), mastodon, mastodonActor)).status).toBe(202);

    const mbin = recorded("mbin/activities/flag.json", remote);
    const mbinActor = await remote.addActor(new URL(String(mbin.actor)).pathname);
    mbin.object = [parisPractice, mbinActor.iri];
    expect((await remote.deliver(paris.url("/@paris/inbox"), mbin, mbinActor)).status).toBe(202);

    // About nothing kept here: ignored.
    const stray = recorded("mastodon/activities/flag.json", remote);
    stray.id = `${String(stray.id)}-stray`;
    expect((await remote.deliver(paris.url("/inbox"), stray, mastodonActor)).status).toBe(202);

    const queue = await eventually(async () => {
      const html = await page(parisAdmin, "/moderation");
      return html.includes("Please take a look at this user and their posts") && html.includes("dikjhgasdpas dsaü") ? html : false;
    });
    expect(queue).toContain("Paris cools its schoolyards");
    expect(await page(operator, "/moderation")).toContain("dikjhgasdpas dsaü");
    expect(await page(lyonAdmin, "/moderation")).not.toContain("dikjhgasdpas dsaü");
    await eventually(async () => (await paris.db.select().from(reports).where(eq(reports.incoming, true))).length === 2);
    expect(await paris.db.select().from(reports).where(eq(reports.activityIri, String(stray.id)))).toEqual([]);

    const [report] = await paris.db.select().from(reports).where(eq(reports.activityIri, String(mastodon.id)));
    if (!report) throw new Error("Mastodon's report was not recorded");
    expect(report.targetIris).toEqual([parisCity.iri, parisPractice]);
    // The admin of another city may not resolve it; Paris's admin may.
    expect(await flashAfter(lyonAdmin, `/moderation/reports/${report.id}/resolve`, { note: "" })).toContain("Only an operator");
    expect(await flashAfter(parisAdmin, `/moderation/reports/${report.id}/resolve`, { note: "Asked them what they meant" })).toBe(`Report #${report.id} resolved.`);
    expect(await page(parisAdmin, "/moderation")).not.toContain("Please take a look at this user and their posts");
  });

  test("blocking a server ends every follow with it, both ways, telling it once with Reject and Undo", async () => {
    const follow = { "@context": "https://www.w3.org/ns/activitystreams", id: `${neighbour.iri}/follows/1`, type: "Follow", actor: neighbour.iri, object: parisCity.iri };
    expect((await remote.deliver(paris.url("/@paris/inbox"), follow, neighbour)).status).toBe(202);
    await parisAdmin.submitAndFollow("/@paris/follow", { handle: neighbour.iri });
    const remoteRow = await eventually(() => known(paris, neighbour.iri));
    const between = () =>
      paris.db.select().from(follows).where(or(eq(follows.followerId, remoteRow.id), eq(follows.followingId, remoteRow.id)));
    await eventually(async () => (await between()).filter((f) => f.status === "accepted").length === 2);

    expect(await flashAfter(parisAdmin, "/moderation/blocks", { kind: "domain", target: remote.ip, reason: "spam wave" })).toBe(`Blocked ${remote.ip}; 2 follows ended.`);
    expect(await between()).toEqual([]);
    await eventually(() => Promise.resolve(remote.received.some((a) => a.type === "Reject") && remote.received.some((a) => a.type === "Undo")));
    // Our own server cannot be blocked.
    expect(await flashAfter(parisAdmin, "/moderation/blocks", { kind: "domain", target: paris.ip, reason: "" })).toContain("own domain");
  });

  test("a blocked server's Follow, comment and Like are refused with 403, and nothing is recorded", async () => {
    const follow = { "@context": "https://www.w3.org/ns/activitystreams", id: `${neighbour.iri}/follows/2`, type: "Follow", actor: neighbour.iri, object: parisCity.iri };
    const comment = recorded("mastodon/activities/create_note.json", remote);
    const commenter = await remote.addActor(new URL(String(comment.actor)).pathname);
    const note = comment.object;
    if (typeof note !== "object" || note === null) throw new Error("the recorded Create has no embedded object");
    comment.object = { ...note, inReplyTo: parisPractice, cc: [parisCity.iri], tag: [{ type: "Mention", href: parisCity.iri, name: `@paris@${paris.ip}` }] };
    const like = recorded("mastodon/activities/like_page.json", remote);
    const liker = await remote.addActor(new URL(String(like.actor)).pathname);
    like.object = parisPractice;

    for (const inbox of ["/inbox", "/@paris/inbox"]) {
      const responses = [
        await remote.deliver(paris.url(inbox), follow, neighbour),
        await remote.deliver(paris.url(inbox), comment, commenter),
        await remote.deliver(paris.url(inbox), like, liker),
      ];
      expect(responses.map((r) => r.status)).toEqual([403, 403, 403]);
    }
    const remoteActors = await paris.db.select({ id: actors.id }).from(actors).where(inArray(actors.iri, [neighbour.iri, commenter.iri, liker.iri]));
    const ids = remoteActors.map((a) => a.id);
    expect(await paris.db.select().from(follows).where(or(inArray(follows.followerId, ids), inArray(follows.followingId, ids)))).toEqual([]);
    expect(await paris.db.select().from(comments).where(inArray(comments.authorId, ids))).toEqual([]);
    expect(await paris.db.select().from(posts).where(inArray(posts.authorId, ids))).toEqual([]);
    expect(await paris.db.select().from(reactions).where(eq(reactions.objectIri, parisPractice))).toEqual([]);

    // A signed GET from the blocked server is refused too; unsigned, the practice is public (no secure mode here).
    const signedGet = await signRequest(new Request(parisPractice, { headers: { Accept: activityJson } }), neighbour.keys.privateKey, neighbour.keyId);
    expect((await fetch(signedGet)).status).toBe(403);
    expect((await fetch(parisPractice, { headers: { Accept: activityJson } })).status).toBe(200);
  });

  test("nothing is delivered to a blocked server, even through a follow that outlived its block", async () => {
    // Lisbon follows Paris, so that it can tell us when the delivery has gone out.
    await lisbonAdmin.submitAndFollow("/@lisbon/follow", { handle: `@paris@${paris.ip}` });
    const lisbonRow = await eventually(() => known(paris, lisbon.url("/@lisbon")));
    await eventually(async () => (await paris.db.select().from(follows).where(and(eq(follows.followerId, lisbonRow.id), eq(follows.status, "accepted")))).length === 1);
    const lingering = await remote.addActor("/users/lingering");
    const [lingeringRow] = await paris.db
      .insert(actors)
      .values({ iri: lingering.iri, type: "Person", username: "lingering", host: remote.ip, local: false, name: "Lingering", inboxUrl: `${lingering.iri}/inbox`, sharedInboxUrl: `${remote.origin}/inbox` })
      .returning();
    if (!lingeringRow) throw new Error("not inserted");
    await recordFollow(paris.db, { activityIri: `${lingering.iri}/follows/1`, followerId: lingeringRow.id, followingId: parisCity.id, status: "accepted" });

    const before = remote.received.length;
    await publish(parisAdmin, "paris", "Paris plants a thousand trees");
    await eventually(async () => (await (await fetch(lisbon.url("/"), { headers: { Accept: "text/html" } })).text()).includes("Paris plants a thousand trees"));
    // Every delivery due has had its turn (a handled message leaves the queue).
    await eventually(async () => (await paris.db.select({ id: fedifyQueue.id }).from(fedifyQueue).where(lte(fedifyQueue.runAt, sql`now()`))).length === 0);
    expect(remote.received.slice(before).filter((a) => a.type === "Create")).toEqual([]);
  });

  test("an actor block refuses that actor only; a handle is resolved to its actor", async () => {
    const troll = await trolls.addActor("/users/troll");
    const friend = await trolls.addActor("/users/friend");
    const handled = await trolls.addActor("/users/sockpuppet");
    expect(await flashAfter(parisAdmin, "/moderation/blocks", { kind: "actor", target: troll.iri, reason: "harassment" })).toBe(`Blocked ${troll.iri}; 0 follows ended.`);
    expect(await flashAfter(parisAdmin, "/moderation/blocks", { kind: "actor", target: `@sockpuppet@${trolls.ip}`, reason: "" })).toBe(`Blocked ${handled.iri}; 0 follows ended.`);
    expect(await flashAfter(parisAdmin, "/moderation/blocks", { kind: "actor", target: parisCity.iri, reason: "" })).toContain("cannot be blocked");

    const followOf = (actor: RemoteActor) => ({ "@context": "https://www.w3.org/ns/activitystreams", id: `${actor.iri}/follows/1`, type: "Follow", actor: actor.iri, object: parisCity.iri });
    expect((await trolls.deliver(paris.url("/@paris/inbox"), followOf(troll), troll)).status).toBe(403);
    expect((await trolls.deliver(paris.url("/@paris/inbox"), followOf(handled), handled)).status).toBe(403);
    expect((await trolls.deliver(paris.url("/@paris/inbox"), followOf(friend), friend)).status).toBe(202);
    // Nor can anyone here follow a blocked actor (nothing is even looked up).
    expect(await flashAfter(parisAdmin, "/@paris/follow", { handle: troll.iri })).toContain("is blocked on this server");
    await eventually(async () => {
      const row = await findActorByIri(paris.db, friend.iri);
      return row !== undefined && (await paris.db.select().from(follows).where(eq(follows.followerId, row.id))).length === 1;
    });
  });

  test("unblocking restores nothing, and the log lists every action with who did it", async () => {
    const [domainBlock] = await paris.db.select().from(blocks).where(eq(blocks.value, remote.ip));
    if (!domainBlock) throw new Error("no domain block");
    expect(await flashAfter(operator, `/moderation/blocks/${domainBlock.id}/unblock`, {})).toBe(`Unblocked ${remote.ip}. Follows it had ended stay ended.`);
    const remoteRow = await findActorByIri(paris.db, neighbour.iri);
    if (!remoteRow) throw new Error("neighbour unknown");
    expect(await paris.db.select().from(follows).where(or(eq(follows.followerId, remoteRow.id), eq(follows.followingId, remoteRow.id)))).toEqual([]);
    // They may follow again, as anyone may.
    const follow = { "@context": "https://www.w3.org/ns/activitystreams", id: `${neighbour.iri}/follows/3`, type: "Follow", actor: neighbour.iri, object: parisCity.iri };
    expect((await remote.deliver(paris.url("/@paris/inbox"), follow, neighbour)).status).toBe(202);

    const html = await page(parisAdmin, "/moderation");
    const log = [...html.matchAll(/<li class="log-entry" data-action="([a-z_]+)">([^]*?)<\/li>/g)].map((m) => [m[1], m[2] ?? ""]);
    expect(log.map(([action]) => action)).toEqual(["unblock_domain", "block_actor", "block_actor", "block_domain", "resolve_report"]);
    expect(log[0]?.[1]).toContain("Op (@op)");
    expect(log[3]?.[1]).toContain("Pa (@pa)");
    expect(log[3]?.[1]).toContain("spam wave");
    expect(log[4]?.[1]).toContain("Asked them what they meant");
  });
});
