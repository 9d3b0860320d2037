import { createOAuthAPIClient, createRestAPIClient, type mastodon } from "masto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Instance, eventually, eventuallyFound } from "../support/instance.ts";
import { oob } from "./support.ts";

const password = "correct horse battery";
const anne = { email: "anne@paris.test", password, username: "anne", name: "Anne Martin", roles: { paris: "admin" as const, lyon: "editor" as const } };
const minji = { email: "minji@seoul.test", password, username: "minji", name: "Minji Kim" };
const colleagues = ["bruno", "chloe", "driss", "emma"].map((username) => ({ email: `${username}@paris.test`, password, username, name: username }));

/** A token the way a command-line client gets one: register an app, then the password grant, all through masto. */
async function signIn(instance: Instance, email: string): Promise<mastodon.rest.Client> {
  const anonymous = createRestAPIClient({ url: instance.origin });
  const app = await anonymous.v1.apps.create({ clientName: "masto test", redirectUris: oob, scopes: "read write follow" });
  if (!app.clientId || !app.clientSecret) throw new Error("the app came back without credentials");
  const token = await createOAuthAPIClient({ url: instance.origin }).token.create({
    grantType: "password",
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri: oob,
    username: email,
    password,
    scope: "read write follow",
  });
  return createRestAPIClient({ url: instance.origin, accessToken: token.accessToken });
}

/** Finds an account on another server by its handle (resolve=true), follows it, and waits until the follow is accepted. */
async function followRemote(client: mastodon.rest.Client, handle: string): Promise<mastodon.v1.Account> {
  const [account] = (await client.v2.search.list({ q: handle, type: "accounts", resolve: true })).accounts;
  if (!account) throw new Error(`${handle} was not found`);
  await client.v1.accounts.$select(account.id).follow();
  await eventually(async () => (await client.v1.accounts.relationships.fetch({ id: [account.id] }))[0]?.following === true);
  return account;
}

describe("the masto client library against two Plaza servers", () => {
  let paris: Instance;
  let seoul: Instance;
  let client: mastodon.rest.Client;

  beforeAll(async () => {
    [paris, seoul] = await Promise.all([
      Instance.create({
        seed: {
          actors: [
            { kind: "city", username: "paris", name: "Paris" },
            { kind: "network", username: "uclg", name: "UCLG Community of Practice" },
            { kind: "city", username: "lyon", name: "Lyon" },
          ],
          members: [anne, ...colleagues],
        },
      }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "seoul", name: "Seoul" }], members: [minji] } }),
    ]);
    await Promise.all([paris.start(), seoul.start()]);
    client = await signIn(paris, anne.email);
  });

  afterAll(async () => {
    await Promise.all([paris?.destroy(), seoul?.destroy()]);
  });

  test("instance, credentials and profile edits", async () => {
    const instance = await client.v2.instance.fetch();
    expect(instance.domain).toBe(paris.ip);
    expect(instance.version).toMatch(/^4\.3\.0 \(compatible; Plaza /);
    expect(instance.registrations.enabled).toBe(false);
    const v1 = await client.v1.instance.fetch();
    expect(v1.uri).toBe(paris.ip);

    const me = await client.v1.accounts.verifyCredentials();
    expect(me).toMatchObject({ username: "anne", acct: "anne", displayName: "Anne Martin", bot: false, group: false, locked: false });
    expect(me.source?.privacy).toBe("public");
    const avatar = await fetch(me.avatar);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get("Content-Type")).toBe("image/png");

    const updated = await client.v1.accounts.updateCredentials({ displayName: "Anne M.", note: "Open data lead.\n\nParis." });
    expect(updated.displayName).toBe("Anne M.");
    expect(updated.note).toBe("<p>Open data lead.</p><p>Paris.</p>");
    expect(updated.source?.note).toBe("Open data lead.\n\nParis.");
    const page = await (await fetch(paris.url("/@anne"), { headers: { Accept: "text/html" } })).text();
    expect(page).toContain("Anne M.");
  });

  test("cities are accounts, networks are groups", async () => {
    const city = await client.v1.accounts.lookup({ acct: "paris" });
    expect(city).toMatchObject({ username: "paris", acct: "paris", displayName: "Paris", group: false, bot: false, url: paris.url("/@paris") });
    const network = await client.v1.accounts.lookup({ acct: `uclg@${paris.ip}` });
    expect(network).toMatchObject({ username: "uclg", group: true });
    expect((await client.v1.accounts.$select(network.id).fetch()).displayName).toBe("UCLG Community of Practice");
    await expect(client.v1.accounts.lookup({ acct: "nobody" })).rejects.toMatchObject({ statusCode: 404, message: "Record not found" });

    const found = await client.v1.accounts.search.list({ q: "ucl" });
    expect(found.map((a) => a.acct)).toEqual(["uclg"]);
  });

  test("a city on another server is found with resolve=true, followed, and listed", async () => {
    const handle = `@seoul@${seoul.ip}`;
    // Not known here yet: without resolve, nothing.
    expect((await client.v2.search.list({ q: handle, type: "accounts" })).accounts).toEqual([]);
    const results = await client.v2.search.list({ q: handle, type: "accounts", resolve: true });
    expect(results.accounts).toHaveLength(1);
    const remote = results.accounts[0];
    if (!remote) throw new Error("unreachable");
    expect(remote).toMatchObject({ username: "seoul", acct: `seoul@${seoul.ip}`, displayName: "Seoul", url: seoul.url("/@seoul") });
    expect(results).toMatchObject({ statuses: [], hashtags: [] });

    const relationship = await client.v1.accounts.$select(remote.id).follow();
    expect(relationship.id).toBe(remote.id);
    expect(relationship.following || relationship.requested).toBe(true);
    await eventually(async () => {
      const [current] = await client.v1.accounts.relationships.fetch({ id: [remote.id] });
      return current?.following === true && !current.requested;
    });
    // Seoul's server sees the member (a Person) among its followers.
    const followers = (await (await fetch(seoul.url("/@seoul/followers"), { headers: { Accept: "application/activity+json" } })).json()) as { totalItems: number };
    expect(followers.totalItems).toBe(1);

    const me = await client.v1.accounts.verifyCredentials();
    const following = await client.v1.accounts.$select(me.id).following.list();
    expect(following.map((a) => a.acct)).toEqual([`seoul@${seoul.ip}`]);
    expect((await client.v1.accounts.$select(remote.id).fetch()).followersCount).toBe(1);

    const unfollowed = await client.v1.accounts.$select(remote.id).unfollow();
    expect(unfollowed).toMatchObject({ following: false, requested: false });
    await eventually(async () => {
      const collection = (await (await fetch(seoul.url("/@seoul/followers"), { headers: { Accept: "application/activity+json" } })).json()) as { totalItems: number };
      return collection.totalItems === 0;
    });
  });

  test("followers come in pages with Link headers (max_id, min_id)", async () => {
    const city = await client.v1.accounts.lookup({ acct: "paris" });
    for (const colleague of colleagues) {
      const theirs = await signIn(paris, colleague.email);
      expect((await theirs.v1.accounts.$select(city.id).follow()).following).toBe(true);
    }
    await client.v1.accounts.$select(city.id).follow();

    const pages: string[][] = [];
    for await (const page of client.v1.accounts.$select(city.id).followers.list({ limit: 2 })) pages.push(page.map((a) => a.username));
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(["anne", "emma", "driss", "chloe", "bruno"]);

    // The same pages by hand, as toot and others read the header.
    const first = await fetch(paris.url(`/api/v1/accounts/${city.id}/followers?limit=2`));
    const link = first.headers.get("Link") ?? "";
    expect(link).toMatch(/^<https:\/\/[^>]+max_id=\d+[^>]*>; rel="next", <[^>]+min_id=\d+[^>]*>; rel="prev"$/);
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? "";
    expect(new URL(next).searchParams.get("limit")).toBe("2");
    const second = (await (await fetch(next)).json()) as { username: string }[];
    expect(second.map((a) => a.username)).toEqual(["driss", "chloe"]);
    const secondLink = (await fetch(next)).headers.get("Link") ?? "";
    const prev = /<([^>]+)>; rel="prev"/.exec(secondLink)?.[1] ?? "";
    const back = (await (await fetch(prev)).json()) as { username: string }[];
    expect(back.map((a) => a.username)).toEqual(["anne", "emma"]);
    // Nothing is newer than the newest follower.
    const newest = new URL(/<([^>]+)>; rel="prev"/.exec(link)?.[1] ?? "").searchParams.get("min_id");
    const sinceNewest = await fetch(`${paris.url(`/api/v1/accounts/${city.id}/followers`)}?since_id=${newest}`);
    expect(await sinceNewest.json()).toEqual([]);
    expect(sinceNewest.headers.get("Link")).toBeNull();
  });

  test("a locked member approves and rejects follow requests", async () => {
    expect((await client.v1.accounts.updateCredentials({ locked: true })).locked).toBe(true);
    const me = await client.v1.accounts.verifyCredentials();
    const [bruno, chloe] = [await signIn(paris, "bruno@paris.test"), await signIn(paris, "chloe@paris.test")];
    const brunoId = (await bruno.v1.accounts.verifyCredentials()).id;
    const chloeId = (await chloe.v1.accounts.verifyCredentials()).id;
    expect(await bruno.v1.accounts.$select(me.id).follow()).toMatchObject({ following: false, requested: true });
    expect(await chloe.v1.accounts.$select(me.id).follow()).toMatchObject({ following: false, requested: true });

    const requests = await client.v1.followRequests.list();
    expect(requests.map((a) => a.username)).toEqual(["chloe", "bruno"]);
    expect((await client.v1.accounts.verifyCredentials()).source?.followRequestsCount).toBe(2);
    expect((await client.v1.accounts.relationships.fetch({ id: [brunoId] }))[0]).toMatchObject({ requestedBy: true, followedBy: false });

    expect(await client.v1.followRequests.$select(brunoId).authorize()).toMatchObject({ followedBy: true, requestedBy: false });
    expect(await client.v1.followRequests.$select(chloeId).reject()).toMatchObject({ followedBy: false, requestedBy: false });
    expect(await client.v1.followRequests.list()).toEqual([]);
    expect((await bruno.v1.accounts.relationships.fetch({ id: [me.id] }))[0]).toMatchObject({ following: true, requested: false });
    expect((await chloe.v1.accounts.relationships.fetch({ id: [me.id] }))[0]).toMatchObject({ following: false, requested: false });
    await expect(client.v1.followRequests.$select(chloeId).authorize()).rejects.toMatchObject({ statusCode: 404 });
    expect((await client.v1.accounts.updateCredentials({ locked: false })).locked).toBe(false);
  });

  test("the home timeline shows the practices of followed cities; markers remember where the member stopped", async () => {
    const editor = await paris.signIn(anne.email, password);
    const draft = await editor.submit("/@paris/practices", {
      title: "Open contracting portal",
      summary: "Every public contract of the city, searchable and downloadable.",
      "place.city": "Paris",
      "place.country": "FR",
      challenge: "Contracts were hard to find.",
      solution: "A portal with open data.",
      leadInstitution: "City of Paris",
      completion: "complete",
      language: "en",
    });
    const practicePath = draft.headers.get("Location") ?? "";
    expect(draft.status).toBe(303);
    expect((await editor.submit(`${practicePath}/publish`, {})).status).toBe(303);

    const city = await client.v1.accounts.lookup({ acct: "paris" });
    await client.v1.accounts.$select(city.id).follow();
    const home = await client.v1.timelines.home.list({ limit: 20 });
    expect(home).toHaveLength(1);
    const status = home[0];
    if (!status) throw new Error("unreachable");
    expect(status).toMatchObject({ url: paris.url(practicePath), visibility: "public", language: "en", reblog: null });
    expect(status.account.acct).toBe("paris");
    expect(status.content).toContain("<strong>Open contracting portal</strong>");
    expect((await client.v1.accounts.$select(city.id).statuses.list()).map((s) => s.id)).toEqual([status.id]);
    expect((await client.v1.accounts.$select(city.id).fetch()).statusesCount).toBe(1);

    const first = await client.v1.markers.create({ home: { lastReadId: status.id } });
    expect(first.home).toMatchObject({ lastReadId: status.id, version: 1 });
    expect((await client.v1.markers.create({ home: { lastReadId: status.id } })).home?.version).toBe(2);
    expect((await client.v1.markers.fetch({ timeline: ["home", "notifications"] })).home?.lastReadId).toBe(status.id);
  });

  test("the whole journey: a member on another server follows a city, reads, replies, likes and shares; the city is notified", async () => {
    const visitor = await signIn(seoul, minji.email);
    const city = await followRemote(visitor, `@paris@${paris.ip}`);

    const editor = await paris.signIn(anne.email, password);
    const draft = await editor.submit("/@paris/practices", {
      title: "Open budget",
      summary: "The city's budget as open data, explained line by line.",
      "place.city": "Paris",
      "place.country": "FR",
      challenge: "The budget was a 600-page PDF.",
      solution: "Open data and plain-language explanations.",
      leadInstitution: "City of Paris",
      completion: "complete",
      language: "en",
      sdgGoals: "16",
      tags: "OpenBudget",
    });
    const practicePath = draft.headers.get("Location") ?? "";
    expect((await editor.submit(`${practicePath}/publish`, {})).status).toBe(303);

    // The practice reaches Seoul's server and the member's home timeline there.
    const practice = await eventuallyFound(async () => (await visitor.v1.timelines.home.list()).find((s) => s.url === paris.url(practicePath)));
    expect(practice.account.acct).toBe(`paris@${paris.ip}`);
    expect(practice.content).toContain("<strong>Open budget</strong>");
    expect(practice.content).toContain("The city's budget as open data");
    expect(practice.tags.map((t) => t.name)).toEqual(expect.arrayContaining(["SDG16", "OpenBudget"]));
    expect(practice.card).toMatchObject({ url: paris.url(practicePath), title: "Open budget", type: "link" });
    expect(practice.uri).toBe(paris.url(practicePath));

    // Reported to Paris's server from the app: its admins find it on their moderation page.
    const report = await visitor.v1.reports.create({ accountId: city.id, statusIds: [practice.id], comment: "Please check the budget figures." });
    expect(report).toMatchObject({ comment: "Please check the budget figures.", statusIds: [practice.id] });
    expect(report.targetAccount.acct).toBe(`paris@${paris.ip}`);
    await eventually(async () => (await (await editor.get("/moderation")).text()).includes("Please check the budget figures."));
    const me = await visitor.v1.accounts.verifyCredentials();
    await expect(visitor.v1.reports.create({ accountId: me.id, comment: "myself" })).rejects.toMatchObject({ statusCode: 422 });
    expect(await visitor.v1.tags.$select("OpenBudget").fetch()).toMatchObject({ name: "OpenBudget", following: false });

    // Reply, like and share, each as Seoul's member.
    const reply = await visitor.v1.statuses.create({ status: "We want to try this in Seoul. Which tools did you use?", inReplyToId: practice.id });
    expect(reply).toMatchObject({ inReplyToId: practice.id, inReplyToAccountId: city.id, visibility: "public" });
    expect(reply.content).toContain("We want to try this in Seoul.");
    expect(await visitor.v1.statuses.$select(practice.id).favourite()).toMatchObject({ favourited: true, favouritesCount: 1 });
    const reblog = await visitor.v1.statuses.$select(practice.id).reblog();
    expect(reblog.reblog).toMatchObject({ id: practice.id, reblogged: true, reblogsCount: 1 });
    expect(reblog.account.acct).toBe("minji");
    const context = await visitor.v1.statuses.$select(practice.id).context.fetch();
    expect(context.descendants.map((s) => s.id)).toEqual([reply.id]);
    expect((await visitor.v1.statuses.$select(reply.id).context.fetch()).ancestors.map((s) => s.id)).toEqual([practice.id]);

    // On Paris's server, the city's admin sees the reply, the like and the share in a Mastodon app.
    const notifications = await eventuallyFound(async () => {
      const list = await client.v1.notifications.list();
      const types = list.filter((n) => n.account.acct === `minji@${seoul.ip}`).map((n) => n.type);
      return ["mention", "favourite", "reblog"].every((t) => types.includes(t as never)) ? list : undefined;
    });
    const mention = notifications.find((n) => n.type === "mention");
    expect(mention?.status?.content).toContain("Which tools did you use?");
    const favourite = notifications.find((n) => n.type === "favourite");
    expect(favourite?.status?.url).toBe(paris.url(practicePath));
    const here = favourite?.status;
    if (!here) throw new Error("unreachable");
    const seen = await client.v1.statuses.$select(here.id).fetch();
    expect(seen).toMatchObject({ favouritesCount: 1, reblogsCount: 1, repliesCount: 1 });
    expect((await client.v1.statuses.$select(here.id).favouritedBy.list()).map((a) => a.acct)).toEqual([`minji@${seoul.ip}`]);
    expect((await client.v1.statuses.$select(here.id).rebloggedBy.list()).map((a) => a.acct)).toEqual([`minji@${seoul.ip}`]);
    const thread = await client.v1.statuses.$select(here.id).context.fetch();
    expect(thread.descendants.map((s) => s.account.acct)).toEqual([`minji@${seoul.ip}`]);

    // Mastodon 4.3's grouped notifications, as Phanpy and Elk read them: one notification per group.
    const grouped = await client.v2.notifications.list({ types: ["favourite", "reblog"] });
    const groups = grouped.notificationGroups.filter((g) => g.sampleAccountIds.includes(favourite?.account.id ?? ""));
    expect(groups.map((g) => g.type).sort()).toEqual(["favourite", "reblog"]);
    expect(groups.every((g) => g.notificationsCount === 1 && g.groupKey.startsWith("ungrouped-"))).toBe(true);
    expect(grouped.statuses.map((s) => s.id)).toContain(here.id);
    expect(grouped.accounts.map((a) => a.acct)).toContain(`minji@${seoul.ip}`);

    // Paris answers from its own app: the answer reaches Seoul, threaded under the reply.
    const reply2 = thread.descendants[0];
    if (!reply2) throw new Error("unreachable");
    await client.v1.statuses.create({ status: "An open-source budget explorer; happy to share it.", inReplyToId: reply2.id });
    await eventually(async () => (await visitor.v1.statuses.$select(reply.id).context.fetch()).descendants.some((s) => s.content.includes("budget explorer")));
    const answered = await eventuallyFound(async () => (await visitor.v1.notifications.list({ types: ["mention"] })).find((n) => n.account.acct === `anne@${paris.ip}`));
    expect(answered.status?.inReplyToId).toBe(reply.id);

    // Taking back the like and the share, and deleting the reply, reach Paris too.
    expect(await visitor.v1.statuses.$select(practice.id).unfavourite()).toMatchObject({ favourited: false });
    expect(await visitor.v1.statuses.$select(practice.id).unreblog()).toMatchObject({ reblogged: false });
    const deleted = await visitor.v1.statuses.$select(reply.id).remove();
    expect(deleted.text).toBe("We want to try this in Seoul. Which tools did you use?");
    await eventually(async () => {
      const now = await client.v1.statuses.$select(here.id).fetch();
      return now.favouritesCount === 0 && now.reblogsCount === 0;
    });
    await expect(visitor.v1.statuses.$select(reply.id).fetch()).rejects.toMatchObject({ statusCode: 404 });

    // A like or share taken back is no longer news; a deleted reply is no longer shown.
    await eventually(async () => {
      const left = (await client.v1.notifications.list()).filter((n) => n.account.acct === `minji@${seoul.ip}`);
      return left.every((n) => n.type === "follow");
    });

    // Notifications are put away by each member alone.
    const first = (await client.v1.notifications.list())[0];
    if (!first) throw new Error("unreachable");
    await client.v1.notifications.$select(first.id).dismiss();
    await expect(client.v1.notifications.$select(first.id).fetch()).rejects.toMatchObject({ statusCode: 404 });
    const bruno = await signIn(paris, "bruno@paris.test");
    expect((await bruno.v1.notifications.list()).map((n) => n.id)).not.toContain(first.id);
    await client.v1.notifications.clear();
    expect(await client.v1.notifications.list()).toEqual([]);
  });

  test("a member posts a short note; followers' servers get it; deleting it takes it back", async () => {
    const visitor = await signIn(seoul, minji.email);
    const anneAccount = await followRemote(visitor, `@anne@${paris.ip}`);

    // A profile edit reaches the follower's server (Update with the actor document).
    await client.v1.accounts.updateCredentials({ displayName: "Anne Martin, Paris" });
    await eventually(async () => (await visitor.v1.accounts.$select(anneAccount.id).fetch()).displayName === "Anne Martin, Paris");
    await expect(client.v1.accounts.updateCredentials({ displayName: "   " })).rejects.toMatchObject({ statusCode: 422 });

    const note = await client.v1.statuses.create({ status: "Slides from today's **open data** meetup are online." });
    expect(note).toMatchObject({ inReplyToId: null, visibility: "public" });
    expect(note.content).toContain("<strong>open data</strong>");
    const me = await client.v1.accounts.verifyCredentials();
    expect((await client.v1.accounts.$select(me.id).statuses.list()).map((s) => s.id)).toContain(note.id);

    const received = await eventuallyFound(async () => (await visitor.v1.timelines.home.list()).find((s) => s.uri === note.uri));
    expect(received.account.acct).toBe(`anne@${paris.ip}`);
    await expect(visitor.v1.statuses.create({ status: "Thanks!", inReplyToId: received.id })).rejects.toMatchObject({ statusCode: 422 });

    await client.v1.statuses.$select(note.id).remove();
    await eventually(async () => !(await visitor.v1.timelines.home.list()).some((s) => s.uri === note.uri));
    expect((await fetch(note.uri, { headers: { Accept: "application/activity+json" } })).status).toBe(410);
  });

  test("public and hashtag timelines, search by URL and by words, and what cannot be posted", async () => {
    const visitor = await signIn(seoul, minji.email);
    const local = await client.v1.timelines.public.list({ local: true });
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((s) => !s.account.acct.includes("@"))).toBe(true);
    const tagged = await client.v1.timelines.tag.$select("openbudget").list();
    expect(tagged.map((s) => s.card?.title)).toEqual(["Open budget"]);
    const byTag = await client.v2.search.list({ q: "#OpenBudget", type: "hashtags" });
    expect(byTag.hashtags.map((h) => h.name)).toEqual(["OpenBudget"]);
    const byWords = await client.v2.search.list({ q: "budget", type: "statuses" });
    expect(byWords.statuses.map((s) => s.card?.title)).toContain("Open budget");

    // A practice of a city nobody on Seoul's server follows, fetched by its URL on the member's request.
    const editor = await paris.signIn(anne.email, password);
    const draft = await editor.submit("/@lyon/practices", {
      title: "Open council meetings",
      summary: "Every council meeting streamed, with minutes published within a week.",
      "place.city": "Lyon",
      "place.country": "FR",
      challenge: "Few people could attend.",
      solution: "Streaming and open minutes.",
      leadInstitution: "City of Lyon",
      completion: "complete",
      language: "en",
    });
    const path = draft.headers.get("Location") ?? "";
    expect((await editor.submit(`${path}/publish`, {})).status).toBe(303);
    const url = paris.url(path);
    expect((await visitor.v2.search.list({ q: url, type: "statuses" })).statuses).toEqual([]);
    const resolved = await visitor.v2.search.list({ q: url, type: "statuses", resolve: true });
    expect(resolved.statuses.map((s) => s.url)).toEqual([url]);
    expect(resolved.statuses[0]?.account.acct).toBe(`lyon@${paris.ip}`);
    // Kept now: found again without fetching.
    expect((await visitor.v2.search.list({ q: url, type: "statuses" })).statuses.map((s) => s.url)).toEqual([url]);

    await expect(client.v1.statuses.create({ status: "Only for my followers", visibility: "private" })).rejects.toMatchObject({ statusCode: 422 });
    await expect(client.v1.statuses.create({ status: "   " })).rejects.toMatchObject({ statusCode: 422 });
    const practiceStatus = tagged[0];
    if (!practiceStatus) throw new Error("unreachable");
    await expect(client.v1.statuses.$select(practiceStatus.id).remove()).rejects.toMatchObject({ statusCode: 403 });
    await expect(visitor.v1.statuses.$select("99999999").fetch()).rejects.toMatchObject({ statusCode: 404 });
  });
});
