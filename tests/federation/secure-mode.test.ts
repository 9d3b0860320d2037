import { signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { type Browser, Instance, eventually } from "../support/instance.ts";
import { RemoteServer } from "../support/remote-server.ts";
import { activityJson, readActorRsaKeys, signedPost } from "../support/signing.ts";

const password = "correct horse battery";

const minimalPractice = (title: string) => ({
  title,
  summary: `${title}: a summary.`,
  "place.city": "Lisbon",
  "place.country": "PT",
  challenge: "A challenge.",
  solution: "A solution.",
  leadInstitution: "Lisbon City Council",
  completion: "complete",
});

async function publish(browser: Browser, title: string): Promise<string> {
  const created = await browser.submit("/@lisbon/practices", minimalPractice(title));
  const location = created.headers.get("Location");
  if (created.status !== 303 || !location) throw new Error(`creating failed with ${created.status}: ${await created.text()}`);
  const practicePath = new URL(location, browser.origin).pathname;
  expect((await browser.submit(`${practicePath}/publish`, {})).status).toBe(303);
  return practicePath;
}

const onHomePage = async (instance: Instance, text: string) =>
  (await (await fetch(instance.url("/"), { headers: { Accept: "text/html" } })).text()).includes(text);

describe("PLAZA_SECURE_MODE", () => {
  test("is off by default, and must be true or false", () => {
    expect(loadConfig({}).secureMode).toBe(false);
    expect(loadConfig({ PLAZA_SECURE_MODE: "true" }).secureMode).toBe(true);
    expect(() => loadConfig({ PLAZA_SECURE_MODE: "strict" })).toThrow(ConfigError);
  });
});

describe("secure mode (authorized fetch) between two Plaza servers", () => {
  let lisbon: Instance;
  let seoul: Instance;
  let outsider: RemoteServer;
  let editor: Browser;
  let seoulAdmin: Browser;
  let seoulInstanceKey: CryptoKey;
  let lisbonKey: CryptoKey;
  let early: string;

  beforeAll(async () => {
    const env = { PLAZA_SECURE_MODE: "true" };
    [lisbon, seoul, outsider] = await Promise.all([
      Instance.create({
        env,
        seed: {
          actors: [{ kind: "city", username: "lisbon", name: "Lisbon" }],
          members: [{ email: "ed@lisbon.test", password, username: "ed", name: "Ed", roles: { lisbon: "admin" } }],
        },
      }),
      Instance.create({
        env,
        seed: {
          actors: [{ kind: "city", username: "seoul", name: "Seoul" }],
          members: [{ email: "sa@seoul.test", password, username: "sa", name: "Sa", roles: { seoul: "admin" } }],
        },
      }),
      RemoteServer.start(),
    ]);
    // Keys are read from the databases before the servers own them (an embedded database has one owner).
    [seoulInstanceKey, lisbonKey] = await Promise.all([
      readActorRsaKeys(seoul, "plaza.instance").then((keys) => keys.privateKey),
      readActorRsaKeys(lisbon, "lisbon").then((keys) => keys.privateKey),
    ]);
    await Promise.all([lisbon.start(), seoul.start()]);
    [editor, seoulAdmin] = await Promise.all([lisbon.signIn("ed@lisbon.test", password), seoul.signIn("sa@seoul.test", password)]);
    // Published before Seoul follows: Seoul only learns of it later, by reference.
    early = lisbon.url(await publish(editor, "Lisbon maps its heat islands"));
  });

  afterAll(async () => {
    await Promise.all([lisbon?.destroy(), seoul?.destroy(), outsider?.stop()]);
  });

  const get = (url: string, accept = activityJson) => fetch(url, { headers: { Accept: accept } });
  const signedGet = async (url: string, key: CryptoKey, keyId: URL) =>
    fetch(await signRequest(new Request(url, { headers: { Accept: activityJson } }), key, keyId));

  test("an unsigned GET of a practice, the outbox or a collection is refused with 401; the page for browsers is not", async () => {
    for (const pathname of [new URL(early).pathname, "/@lisbon/outbox", "/@lisbon/outbox?cursor=", "/@lisbon/followers", "/@lisbon/following"]) {
      const response = await get(lisbon.url(pathname));
      expect(response.status, pathname).toBe(401);
      expect(await response.text()).toContain("secure mode");
    }
    expect((await get(early, "text/html")).status).toBe(200);
    // Unknown objects stay 404, whoever asks.
    expect((await get(lisbon.url("/practices/nosuchcard"))).status).toBe(404);
  });

  test("actors with their keys, WebFinger and NodeInfo stay public", async () => {
    const actor = await get(lisbon.url("/@lisbon"));
    expect(actor.status).toBe(200);
    expect(((await actor.json()) as { publicKey: { publicKeyPem: string } }).publicKey.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    expect((await get(lisbon.url("/@plaza.instance"))).status).toBe(200);
    expect((await fetch(lisbon.url(`/.well-known/webfinger?resource=acct:lisbon@${lisbon.ip}`))).status).toBe(200);
    expect((await fetch(lisbon.url("/nodeinfo/2.1"))).status).toBe(200);
  });

  test("a GET signed by another running server's instance actor gets the documents", async () => {
    const keyId = new URL(seoul.url("/@plaza.instance#main-key"));
    const practice = await signedGet(early, seoulInstanceKey, keyId);
    expect(practice.status).toBe(200);
    expect(((await practice.json()) as { name: string }).name).toBe("Lisbon maps its heat islands");
    expect((await signedGet(lisbon.url("/@lisbon/outbox?cursor="), seoulInstanceKey, keyId)).status).toBe(200);
    expect((await signedGet(lisbon.url("/@lisbon/followers"), seoulInstanceKey, keyId)).status).toBe(200);
  });

  test("two servers in secure mode federate: follow, delivery, and an Article sent by reference", async () => {
    await seoulAdmin.submitAndFollow("/@seoul/follow", { handle: lisbon.handle("lisbon") });
    await eventually(async () => (await (await seoulAdmin.get("/@seoul")).text()).includes("following 1"));

    await publish(editor, "Lisbon opens its budget");
    await eventually(() => onHomePage(seoul, "Lisbon opens its budget"));

    // A Create naming the card only by its id: Seoul must fetch it from Lisbon, with a signed GET.
    expect(await onHomePage(seoul, "Lisbon maps its heat islands")).toBe(false);
    const create = JSON.stringify({
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${early}#create-by-reference`,
      type: "Create",
      actor: lisbon.url("/@lisbon"),
      object: early,
    });
    const delivered = await fetch(await signedPost(seoul.url("/inbox"), create, lisbonKey, new URL(lisbon.url("/@lisbon#main-key"))));
    expect(delivered.status).toBe(202);
    await eventually(() => onHomePage(seoul, "Lisbon maps its heat islands"));
  });

  test("a signed GET from a blocked server is refused", async () => {
    const stranger = await outsider.addActor("/users/crawler");
    expect((await signedGet(early, stranger.keys.privateKey, stranger.keyId)).status).toBe(200);
    await editor.submitAndFollow("/moderation/blocks", { kind: "domain", target: outsider.ip, reason: "scraping" });
    const refused = await signedGet(early, stranger.keys.privateKey, stranger.keyId);
    expect(refused.status).toBe(403);
    // Their actor documents are refused too when they ask signed; our other peers are unaffected.
    expect((await signedGet(lisbon.url("/@lisbon"), stranger.keys.privateKey, stranger.keyId)).status).toBe(403);
    expect((await signedGet(early, seoulInstanceKey, new URL(seoul.url("/@plaza.instance#main-key")))).status).toBe(200);
  });
});
