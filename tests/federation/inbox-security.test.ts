import { request as httpsRequest } from "node:https";
import { generateCryptoKeyPair } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Instance, eventually } from "../support/instance.ts";
import { activityJson, readActorRsaKeys, signedPost, withBody } from "../support/signing.ts";

/**
 * What a Plaza inbox does with requests it must refuse. `paris` receives; `seoul` is a real second
 * server whose actor can be fetched by `paris`, so that signature checks go all the way (fetch the
 * key named by keyId, then verify). To sign as `seoul` we read its actor's private RSA key out of its
 * database before starting it (rather than serving a hand-written actor document): that way the key
 * `paris` fetches is exactly the one a real Plaza server publishes.
 */
describe("inbox security", () => {
  let paris: Instance;
  let seoul: Instance;
  let seoulKey: CryptoKey;
  let seoulKeyId: URL;
  let sequence = 0;

  beforeAll(async () => {
    [paris, seoul] = await Promise.all([
      Instance.create({
        seed: {
          actors: [
            { kind: "city", username: "paris", name: "Paris" },
            { kind: "city", username: "lyon", name: "Lyon" },
          ],
        },
      }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "seoul", name: "Seoul" }] } }),
    ]);
    seoulKey = (await readActorRsaKeys(seoul, "seoul")).privateKey;
    await Promise.all([paris.start(), seoul.start()]);
    const actor = (await (await fetch(seoul.url("/@seoul"), { headers: { Accept: activityJson } })).json()) as { publicKey: { id: string } };
    seoulKeyId = new URL(actor.publicKey.id);
    expect(seoulKeyId.href).toBe(seoul.url("/@seoul#main-key"));
  });

  afterAll(async () => {
    await Promise.all([paris?.destroy(), seoul?.destroy()]);
  });

  /** A valid `Follow` from seoul's city to one of paris's actors, with a fresh id each time. */
  function follow(target = "paris", context: unknown = "https://www.w3.org/ns/activitystreams"): string {
    sequence += 1;
    return JSON.stringify({
      "@context": context,
      id: seoul.url(`/follows/test-${sequence}`),
      type: "Follow",
      actor: seoul.url("/@seoul"),
      object: paris.url(`/@${target}`),
    });
  }

  async function followerCount(username: string): Promise<number> {
    const response = await fetch(paris.url(`/@${username}/followers`), { headers: { Accept: activityJson } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { totalItems: number }).totalItems;
  }

  /** The status and text of a response, so that failures show what the server said. */
  async function outcome(request: Request | Promise<Request>): Promise<{ status: number; text: string }> {
    const response = await fetch(await request);
    return { status: response.status, text: await response.text() };
  }

  async function expectStillServing(): Promise<void> {
    expect((await fetch(paris.url("/nodeinfo/2.1"))).status).toBe(200);
    expect((await fetch(paris.url("/@paris"), { headers: { Accept: activityJson } })).status).toBe(200);
  }

  const inboxes = ["/@paris/inbox", "/inbox"];

  test.each(inboxes)("an unsigned Follow to %s is refused with 401 and nothing is recorded", async (inbox) => {
    const response = await outcome(
      new Request(paris.url(inbox), { method: "POST", headers: { "Content-Type": activityJson }, body: follow() }),
    );
    expect(response.status).toBe(401);
    expect(response.text).toContain("signature");
    expect(await followerCount("paris")).toBe(0);
  });

  test.each(inboxes)("a Follow to %s signed with a fresh key that claims to be seoul's real key is refused with 401", async (inbox) => {
    const impostor = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    const response = await outcome(signedPost(paris.url(inbox), follow(), impostor.privateKey, seoulKeyId));
    expect(response.status).toBe(401);
    expect(await followerCount("paris")).toBe(0);
  });

  test.each(inboxes)("a correctly signed request to %s whose body was changed after signing is refused with 401", async (inbox) => {
    // Signed as a Follow of lyon; delivered as a Follow of paris, with the original Digest and Signature.
    const signed = await signedPost(paris.url(inbox), follow("lyon"), seoulKey, seoulKeyId);
    const response = await outcome(withBody(signed, follow("paris")));
    expect(response.status).toBe(401);
    expect(await followerCount("paris")).toBe(0);
    expect(await followerCount("lyon")).toBe(0);
  });

  test.each(["{not json", '{"type": "Follow",', ""])("signed malformed JSON %j is a 400, and the server keeps answering", async (body) => {
    const response = await outcome(signedPost(paris.url("/@paris/inbox"), body, seoulKey, seoulKeyId));
    expect(response.status).toBe(400);
    expect(response.text).toBe("Invalid JSON.");
    await expectStillServing();
  });

  test.each([
    { label: "a number", context: 42 },
    { label: "an @vocab that is not a string", context: { "@vocab": 5 } },
    { label: "a term defined as a number", context: ["https://www.w3.org/ns/activitystreams", { Follow: 7 }] },
  ])("signed JSON-LD whose @context is $label is a 400, and the server keeps answering", async ({ context }) => {
    const response = await outcome(signedPost(paris.url("/@paris/inbox"), follow("paris", context), seoulKey, seoulKeyId));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await followerCount("paris")).toBe(0);
    await expectStillServing();
  });

  // A remote @context that cannot be loaded (404, or an HTML page instead of JSON-LD) makes Fedify throw from
  // federation.fetch(); the error reaches the web app's onError and comes back as a 500 — for signed and unsigned
  // requests alike, since Fedify parses the activity (and fetches its context) before it checks the HTTP signature.
  test("JSON-LD whose @context URL cannot be loaded is a 4xx, not a 500, signed or not", async () => {
    for (const contextUrl of [paris.url("/contexts/missing.jsonld"), paris.url("/")]) {
      const signed = await outcome(signedPost(paris.url("/@paris/inbox"), follow("paris", contextUrl), seoulKey, seoulKeyId));
      expect.soft(signed.status, `signed, @context ${contextUrl}: ${signed.text}`).toBeGreaterThanOrEqual(400);
      expect.soft(signed.status, `signed, @context ${contextUrl}: ${signed.text}`).toBeLessThan(500);
      const unsigned = await outcome(
        new Request(paris.url("/inbox"), { method: "POST", headers: { "Content-Type": activityJson }, body: follow("paris", contextUrl) }),
      );
      expect.soft(unsigned.status, `unsigned, @context ${contextUrl}: ${unsigned.text}`).toBeGreaterThanOrEqual(400);
      expect.soft(unsigned.status, `unsigned, @context ${contextUrl}: ${unsigned.text}`).toBeLessThan(500);
    }
    expect(await followerCount("paris")).toBe(0);
    await expectStillServing();
  });

  test("a body over 1 MiB is refused with 413 and a message a person can read, with or without Content-Length", async () => {
    const oversized = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Note", content: "x".repeat(1024 * 1024) });
    for (const inbox of inboxes) {
      for (const chunked of [false, true]) {
        const response = await postOnItsOwnConnection(paris.url(inbox), oversized, chunked);
        expect(response.status, `${inbox}, chunked: ${chunked}`).toBe(413);
        expect(response.text).toBe("The request body is larger than 1024 KiB, the most this server accepts.");
      }
    }
    await expectStillServing();
  });

  // The control: the same signer, key and shape of request is accepted when nothing is wrong with it. Because
  // the inbox queue works in order, once this follow shows up any refused request that had slipped into the
  // queue would have been recorded too; paris must still have no follower.
  test("a correctly signed Follow is accepted and recorded, and none of the refused ones was", async () => {
    const accepted = await outcome(signedPost(paris.url("/@lyon/inbox"), follow("lyon"), seoulKey, seoulKeyId));
    expect(accepted.status).toBe(202);
    await eventually(async () => (await followerCount("lyon")) === 1);
    expect(await followerCount("paris")).toBe(0);
    const page = await (await fetch(paris.url("/@paris"), { headers: { Accept: "text/html" } })).text();
    expect(page).toContain("0 followers");
    expect(page).not.toContain(seoul.handle("seoul"));
  });
});

/**
 * POSTs `body` on a connection of its own (`agent: false`), with Content-Length or chunked (the limit must hold
 * while streaming, too). The server answers 413 without reading the whole body and then drops the connection;
 * through `fetch`'s shared pool, that dropped connection could be handed to the next test's request.
 */
function postOnItsOwnConnection(url: string, body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  const length = chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { method: "POST", agent: false, headers: { "Content-Type": activityJson, ...length } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
    });
    // The server may answer and close before reading everything: that is the point, not a failure.
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    for (let offset = 0; offset < body.length; offset += 64 * 1024) request.write(body.slice(offset, offset + 64 * 1024));
    request.end();
  });
}
