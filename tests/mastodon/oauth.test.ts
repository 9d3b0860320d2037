import { createHash } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../../src/db/client.ts";
import { oauthAccessTokens, oauthApplications, oauthAuthorizationCodes } from "../../src/db/schema.ts";
import { Browser, Instance } from "../support/instance.ts";
import { type RegisteredApp, api, oob, passwordToken, pkcePair, registerApp, tokenRequest } from "./support.ts";

const password = "correct horse battery";
const anne = { email: "anne@paris.test", password, username: "anne", name: "Anne Martin" };
const guessed = { email: "guessed@paris.test", password, username: "guessed", name: "Guessed" };
const callback = "https://app.example/callback";

interface Token {
  access_token: string;
  token_type: string;
  scope: string;
  created_at: number;
}

/** Every secret the server handed out in this file: none may be found in its database. */
const handedOut: string[] = [];

describe("OAuth 2 as Mastodon does it", () => {
  let plaza: Instance;
  let app: RegisteredApp;

  beforeAll(async () => {
    plaza = await Instance.create({
      seed: {
        actors: [
          { kind: "city", username: "paris", name: "Paris" },
          { kind: "network", username: "uclg", name: "UCLG" },
        ],
        members: [anne, guessed],
      },
    });
    await plaza.start();
    app = await registerApp(plaza, { name: "Plaza Test Client", redirectUris: [callback, oob], scopes: "read write follow" });
    handedOut.push(app.client_secret);
  });

  afterAll(async () => {
    await plaza?.destroy();
  });

  async function authorizeUrl(params: Record<string, string>): Promise<string> {
    return `/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: app.client_id, ...params })}`;
  }

  test("apps register with JSON or a form, and get Mastodon's Application entity", async () => {
    expect(app).toMatchObject({ name: "Plaza Test Client", redirect_uris: [callback, oob], scopes: ["read", "write", "follow"], vapid_key: null });
    expect(app.redirect_uri).toBe(`${callback}\n${oob}`);
    expect(app.client_id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(app.client_secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const form = await fetch(plaza.url("/api/v1/apps"), {
      method: "POST",
      body: new URLSearchParams({ client_name: "toot", redirect_uris: oob, scopes: "read write:statuses", website: "https://toot.example" }),
    });
    expect(form.status).toBe(200);
    const formApp = (await form.json()) as RegisteredApp & { website: string };
    expect(formApp).toMatchObject({ name: "toot", scopes: ["read", "write:statuses"], website: "https://toot.example", redirect_uri: oob });
    handedOut.push(formApp.client_secret);

    const withoutName = await api(plaza, undefined, "/api/v1/apps", { method: "POST", json: { redirect_uris: oob } });
    expect(withoutName.status).toBe(422);
    expect(withoutName.body).toEqual({ error: "Validation failed: Application name can't be blank" });
    const unknownScope = await api<{ error: string }>(plaza, undefined, "/api/v1/apps", { method: "POST", json: { client_name: "x", redirect_uris: oob, scopes: "read admin:write" } });
    expect(unknownScope.status).toBe(422);
    expect(unknownScope.body.error).toContain("admin:write");
    const badRedirect = await api(plaza, undefined, "/api/v1/apps", { method: "POST", json: { client_name: "x", redirect_uris: "javascript:alert(1)" } });
    expect(badRedirect.status).toBe(422);
    const notJson = await fetch(plaza.url("/api/v1/apps"), { method: "POST", headers: { "Content-Type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: "The request body is not valid JSON." });
  });

  test("the server publishes its OAuth metadata (RFC 8414)", async () => {
    const response = await fetch(plaza.url("/.well-known/oauth-authorization-server"));
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: `${plaza.origin}/`,
      authorization_endpoint: plaza.url("/oauth/authorize"),
      token_endpoint: plaza.url("/oauth/token"),
      revocation_endpoint: plaza.url("/oauth/revoke"),
      app_registration_endpoint: plaza.url("/api/v1/apps"),
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
    });
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["read", "write", "follow", "push", "profile", "read:accounts", "write:follows"]));
    expect(metadata.scopes_supported).not.toContain("admin:read");
  });

  test("authorization code with PKCE: sign in, approve on the consent page, exchange the code once", async () => {
    const browser = await plaza.signIn(anne.email, password);
    const { verifier, challenge } = pkcePair();
    const params = { redirect_uri: callback, scope: "read:accounts write:follows", state: "xyz", code_challenge: challenge, code_challenge_method: "S256" };

    const page = await browser.get(await authorizeUrl(params));
    expect(page.status).toBe(200);
    expect(page.headers.get("X-Frame-Options")).toBe("DENY");
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("Authorize Plaza Test Client");
    expect(html).toContain("read:accounts");
    expect(html).toContain("write:follows");
    expect(html).toContain(`@anne@${plaza.ip}`);

    const approved = await browser.submit("/oauth/authorize", { response_type: "code", client_id: app.client_id, ...params, decision: "approve" });
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get("Location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(callback);
    expect(location.searchParams.get("state")).toBe("xyz");
    const code = location.searchParams.get("code") ?? "";
    expect(code).not.toBe("");
    handedOut.push(code);

    const exchange = { grant_type: "authorization_code", client_id: app.client_id, client_secret: app.client_secret, code, redirect_uri: callback };
    const response = await tokenRequest(plaza, { ...exchange, code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const token = (await response.json()) as Token;
    handedOut.push(token.access_token);
    expect(token).toMatchObject({ token_type: "Bearer", scope: "read:accounts write:follows" });
    expect(Math.abs(token.created_at - Date.now() / 1000)).toBeLessThan(60);

    const me = await api<{ username: string; acct: string; source: { note: string } }>(plaza, token.access_token, "/api/v1/accounts/verify_credentials");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: "anne", acct: "anne", source: { note: "" } });

    // A code works once; presented again, it also revokes the token it gave (it may have been stolen).
    const replay = await tokenRequest(plaza, { ...exchange, code_verifier: verifier });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    expect((await api(plaza, token.access_token, "/api/v1/accounts/verify_credentials")).status).toBe(401);
  });

  test("a wrong or missing PKCE verifier gets no token", async () => {
    const browser = await plaza.signIn(anne.email, password);
    for (const verifier of [pkcePair().verifier, undefined]) {
      const { challenge } = pkcePair();
      const params = { redirect_uri: callback, scope: "read", code_challenge: challenge, code_challenge_method: "S256" };
      const approved = await browser.submit("/oauth/authorize", { response_type: "code", client_id: app.client_id, ...params, decision: "approve" });
      const code = new URL(approved.headers.get("Location") ?? "").searchParams.get("code") ?? "";
      handedOut.push(code);
      const response = await tokenRequest(plaza, {
        grant_type: "authorization_code",
        client_id: app.client_id,
        client_secret: app.client_secret,
        code,
        redirect_uri: callback,
        ...(verifier ? { code_verifier: verifier } : {}),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_grant" });
    }
    // Only S256: "plain" would let a stolen code be used by anyone who saw the challenge.
    const plain = await browser.get(await authorizeUrl({ redirect_uri: callback, code_challenge: "a".repeat(43), code_challenge_method: "plain" }));
    expect(plain.status).toBe(302);
    expect(new URL(plain.headers.get("Location") ?? "").searchParams.get("error")).toBe("invalid_request");
  });

  test("out of band: sign in on the consent page, and the code is shown to be pasted", async () => {
    const browser = new Browser(plaza.origin);
    const params = { redirect_uri: oob, scope: "read" };
    const page = await (await browser.get(await authorizeUrl(params))).text();
    expect(page).toContain("Sign in to continue");
    expect(page).toContain('name="password"');

    const wrong = await browser.submit("/oauth/authorize", { response_type: "code", client_id: app.client_id, ...params, action: "sign_in", email: anne.email, password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("do not match");

    const signedIn = await browser.submit("/oauth/authorize", { response_type: "code", client_id: app.client_id, ...params, action: "sign_in", email: anne.email, password });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.text()).toContain('value="approve"');

    const shown = await browser.submit("/oauth/authorize", { response_type: "code", client_id: app.client_id, ...params, decision: "approve" });
    expect(shown.status).toBe(200);
    const code = /id="authorization-code">([^<]+)</.exec(await shown.text())?.[1] ?? "";
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    handedOut.push(code);

    const response = await tokenRequest(plaza, { grant_type: "authorization_code", client_id: app.client_id, client_secret: app.client_secret, code, redirect_uri: oob });
    expect(response.status).toBe(200);
    const token = (await response.json()) as Token;
    handedOut.push(token.access_token);
    expect(token.scope).toBe("read");
    expect((await api(plaza, token.access_token, "/api/v1/accounts/verify_credentials")).status).toBe(200);
  });

  test("the consent page refuses what it cannot trust, and a denial goes back to the app", async () => {
    const browser = await plaza.signIn(anne.email, password);
    const unknownClient = await browser.get(`/oauth/authorize?${new URLSearchParams({ response_type: "code", client_id: "nope", redirect_uri: callback })}`);
    expect(unknownClient.status).toBe(400);
    const elsewhere = await browser.get(await authorizeUrl({ redirect_uri: "https://evil.example/steal" }));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get("Location")).toBeNull();

    const tooWide = await browser.get(await authorizeUrl({ redirect_uri: callback, scope: "read push", state: "s1" }));
    expect(tooWide.status).toBe(302);
    const tooWideLocation = new URL(tooWide.headers.get("Location") ?? "");
    expect(tooWideLocation.searchParams.get("error")).toBe("invalid_scope");
    expect(tooWideLocation.searchParams.get("state")).toBe("s1");
    const unknown = await browser.get(await authorizeUrl({ redirect_uri: callback, scope: "read sudo" }));
    expect(new URL(unknown.headers.get("Location") ?? "").searchParams.get("error")).toBe("invalid_scope");

    const denied = await browser.submit("/oauth/authorize", { response_type: "code", client_id: app.client_id, redirect_uri: callback, scope: "read", state: "s2", decision: "deny" });
    expect(denied.status).toBe(302);
    const deniedLocation = new URL(denied.headers.get("Location") ?? "");
    expect(deniedLocation.searchParams.get("error")).toBe("access_denied");
    expect(deniedLocation.searchParams.get("state")).toBe("s2");
    expect(deniedLocation.searchParams.get("code")).toBeNull();

    // The form is only accepted from our own page.
    const forged = await fetch(plaza.url("/oauth/authorize"), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ response_type: "code", client_id: app.client_id, redirect_uri: callback, decision: "approve" }),
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
  });

  test("password grant, for first-party command-line clients", async () => {
    const token = await passwordToken(plaza, app, anne.email, password);
    handedOut.push(token);
    const me = await api<{ username: string }>(plaza, token, "/api/v1/accounts/verify_credentials");
    expect(me.body.username).toBe("anne");

    const wrongPassword = await tokenRequest(plaza, { grant_type: "password", client_id: app.client_id, client_secret: app.client_secret, username: anne.email, password: "wrong password" });
    expect(wrongPassword.status).toBe(400);
    expect(await wrongPassword.json()).toMatchObject({ error: "invalid_grant" });
    const wrongSecret = await tokenRequest(plaza, { grant_type: "password", client_id: app.client_id, client_secret: "nope", username: anne.email, password });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: "invalid_client" });
    const unsupported = await tokenRequest(plaza, { grant_type: "implicit", client_id: app.client_id, client_secret: app.client_secret });
    expect(await unsupported.json()).toMatchObject({ error: "unsupported_grant_type" });

    // HTTP Basic client authentication and a JSON body, as some clients send them.
    const basic = await fetch(plaza.url("/oauth/token"), {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString("base64")}` },
      body: JSON.stringify({ grant_type: "password", username: anne.email, password, scope: "read:accounts" }),
    });
    expect(basic.status).toBe(200);
    const basicToken = (await basic.json()) as Token;
    handedOut.push(basicToken.access_token);
    expect(basicToken.scope).toBe("read:accounts");
  });

  test("unknown scopes, and scopes the app did not register, are refused with invalid_scope", async () => {
    const narrow = await registerApp(plaza, { name: "Reader", scopes: "read" });
    handedOut.push(narrow.client_secret);
    for (const scope of ["read write", "read bogus", "admin:read"]) {
      const response = await tokenRequest(plaza, { grant_type: "password", client_id: narrow.client_id, client_secret: narrow.client_secret, username: anne.email, password, scope });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_scope" });
    }
    // Narrower than what it registered is fine: read covers read:accounts.
    handedOut.push(await passwordToken(plaza, narrow, anne.email, password, "read:accounts"));
  });

  test("guessing passwords locks the account, for apps and the web alike", async () => {
    const guess = () => tokenRequest(plaza, { grant_type: "password", client_id: app.client_id, client_secret: app.client_secret, username: guessed.email, password: "a wrong guess" });
    for (let i = 0; i < 10; i++) expect((await guess()).status).toBe(400);
    const locked = await tokenRequest(plaza, { grant_type: "password", client_id: app.client_id, client_secret: app.client_secret, username: guessed.email, password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
    expect(((await locked.json()) as { error: string }).error).toMatch(/^Too many wrong passwords for this account\. Try again in 15 minutes/);
    const page = await new Browser(plaza.origin).submit("/sign-in", { email: guessed.email, password });
    expect(page.status).toBe(429);
    expect(await page.text()).toContain("Too many wrong passwords for this account.");
    // Another member is not affected.
    expect((await tokenRequest(plaza, { grant_type: "password", client_id: app.client_id, client_secret: app.client_secret, username: anne.email, password })).status).toBe(200);
  });

  test("client credentials: a token for the app alone", async () => {
    const response = await tokenRequest(plaza, { grant_type: "client_credentials", client_id: app.client_id, client_secret: app.client_secret, scope: "read" });
    expect(response.status).toBe(200);
    const token = (await response.json()) as Token;
    handedOut.push(token.access_token);
    const verified = await api<{ name: string; scopes: string[]; client_secret?: string }>(plaza, token.access_token, "/api/v1/apps/verify_credentials");
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ name: "Plaza Test Client", scopes: ["read", "write", "follow"] });
    expect(verified.body.client_secret).toBeUndefined();
    const user = await api(plaza, token.access_token, "/api/v1/accounts/verify_credentials");
    expect(user.status).toBe(422);
    expect(user.body).toEqual({ error: "This method requires an authenticated user" });
    expect((await api(plaza, token.access_token, "/api/v1/accounts/lookup?acct=paris")).status).toBe(200);
  });

  test("a revoked token answers 401 everywhere", async () => {
    const token = await passwordToken(plaza, app, anne.email, password);
    handedOut.push(token);
    expect((await api(plaza, token, "/api/v1/accounts/verify_credentials")).status).toBe(200);
    const otherApp = await registerApp(plaza, { name: "Other" });
    handedOut.push(otherApp.client_secret);
    // Another app cannot revoke it (and is not told whether it exists).
    const foreign = await fetch(plaza.url("/oauth/revoke"), { method: "POST", body: new URLSearchParams({ client_id: otherApp.client_id, client_secret: otherApp.client_secret, token }) });
    expect(foreign.status).toBe(200);
    expect((await api(plaza, token, "/api/v1/accounts/verify_credentials")).status).toBe(200);

    const revoked = await fetch(plaza.url("/oauth/revoke"), { method: "POST", body: new URLSearchParams({ client_id: app.client_id, client_secret: app.client_secret, token }) });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({});
    const posting = await api(plaza, token, "/api/v1/statuses", { method: "POST", json: { status: "Hello" } });
    expect(posting.status).toBe(401);
    for (const path of ["/api/v1/accounts/verify_credentials", "/api/v1/apps/verify_credentials", "/api/v1/accounts/lookup?acct=paris", "/api/v1/timelines/home"]) {
      const answer = await api(plaza, token, path);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: "The access token is invalid" });
    }
  });

  test("scopes are enforced per endpoint", async () => {
    const readOnly = await passwordToken(plaza, app, anne.email, password, "read");
    handedOut.push(readOnly);
    const paris = await api<{ id: string }>(plaza, readOnly, "/api/v1/accounts/lookup?acct=paris");
    const follow = await api(plaza, readOnly, `/api/v1/accounts/${paris.body.id}/follow`, { method: "POST" });
    expect(follow.status).toBe(403);
    expect(follow.body).toEqual({ error: "This action is outside the authorized scopes" });
    expect((await api(plaza, undefined, `/api/v1/accounts/${paris.body.id}/follow`, { method: "POST" })).status).toBe(401);
    expect((await api(plaza, readOnly, "/api/v1/accounts/update_credentials", { method: "PATCH", json: { note: "x" } })).status).toBe(403);
    // A read token reads timelines and notifications but cannot post, like or dismiss.
    expect((await api(plaza, readOnly, "/api/v1/timelines/home")).status).toBe(200);
    expect((await api(plaza, readOnly, "/api/v1/notifications")).status).toBe(200);
    const post = await api(plaza, readOnly, "/api/v1/statuses", { method: "POST", json: { status: "Hello" } });
    expect(post.status).toBe(403);
    expect(post.body).toEqual({ error: "This action is outside the authorized scopes" });
    expect((await api(plaza, readOnly, "/api/v1/notifications/clear", { method: "POST" })).status).toBe(403);
    const writeStatuses = await passwordToken(plaza, app, anne.email, password, "write:statuses");
    handedOut.push(writeStatuses);
    expect((await api(plaza, writeStatuses, "/api/v1/timelines/home")).status).toBe(403);
    expect((await api(plaza, writeStatuses, "/api/v1/statuses/1/favourite", { method: "POST" })).status).toBe(403);

    const profileOnly = await passwordToken(plaza, await registerApp(plaza, { scopes: "profile" }).then((a) => (handedOut.push(a.client_secret), a)), anne.email, password, "profile");
    handedOut.push(profileOnly);
    expect((await api(plaza, profileOnly, "/api/v1/accounts/verify_credentials")).status).toBe(200);
    expect((await api(plaza, profileOnly, "/api/v1/accounts/relationships?id[]=1")).status).toBe(403);

    // The deprecated follow scope still covers follows, as on Mastodon.
    const followScope = await passwordToken(plaza, app, anne.email, password, "follow");
    handedOut.push(followScope);
    const followed = await api<{ following: boolean }>(plaza, followScope, `/api/v1/accounts/${paris.body.id}/follow`, { method: "POST" });
    expect(followed.status).toBe(200);
    expect(followed.body.following).toBe(true);
  });

  test("a status is Markdown with raw HTML off; an empty or oversized one is refused with a message", async () => {
    const token = await passwordToken(plaza, app, anne.email, password);
    handedOut.push(token);
    const hostile = await api<{ content: string }>(plaza, token, "/api/v1/statuses", {
      method: "POST",
      json: { status: '<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3)) **bold**' },
    });
    expect(hostile.status).toBe(200);
    // Tags arrive as text, and a javascript: link is no link.
    expect(hostile.body.content).not.toMatch(/<script|<img|href="javascript:/i);
    expect(hostile.body.content).toContain("&lt;script&gt;");
    expect(hostile.body.content).toContain("<strong>bold</strong>");
    const long = await api<{ error: string }>(plaza, token, "/api/v1/statuses", { method: "POST", json: { status: "x".repeat(5001) } });
    expect(long.status).toBe(422);
    expect(long.body.error).toMatch(/at most 5000 characters/);
    const blank = await api<{ error: string }>(plaza, token, "/api/v1/statuses", { method: "POST", json: { status: " " } });
    expect(blank.status).toBe(422);
    expect(blank.body.error).toBe("Validation failed: Text can't be blank");
  });

  test("a post retried with the same Idempotency-Key is posted once", async () => {
    const token = await passwordToken(plaza, app, anne.email, password);
    handedOut.push(token);
    const send = (key: string) =>
      api<{ id: string; content: string }>(plaza, token, "/api/v1/statuses", { method: "POST", json: { status: `Retried ${key}` }, headers: { "Idempotency-Key": key } });
    const first = await send("k-1");
    expect(first.status).toBe(200);
    const retried = await send("k-1");
    expect(retried.body.id).toBe(first.body.id);
    expect(retried.body.content).toContain("Retried k-1");
    const other = await send("k-2");
    expect(other.body.id).not.toBe(first.body.id);
    const me = await api<{ id: string }>(plaza, token, "/api/v1/accounts/verify_credentials");
    const mine = await api<{ content: string }[]>(plaza, token, `/api/v1/accounts/${me.body.id}/statuses`);
    expect(mine.body.filter((s) => s.content.includes("Retried k-1"))).toHaveLength(1);
  });

  test("what Plaza does not have answers as Mastodon does, never with a 500", async () => {
    const token = await passwordToken(plaza, app, anne.email, password);
    handedOut.push(token);
    const missing = [
      "/api/v1/polls/1/votes",
      "/api/v1/nothing-here",
      "/api/v3/instance",
      "/api/v1/accounts/999999",
      "/api/v1/accounts/abc",
      "/api/v1/accounts/99999999999999999999",
      "/api/v1/statuses/99999999999999999999",
      "/api/v1/statuses/abc",
      "/api/v1/statuses/424242/context",
      "/api/v1/statuses/424242/reblog",
      "/api/v1/statuses/424242/pin",
      "/api/v1/notifications/424242",
      "/api/v1/notifications/424242/dismiss",
    ];
    for (const path of missing) {
      const answer = await api(plaza, token, path, { method: /votes|reblog|pin|dismiss/.test(path) ? "POST" : "GET" });
      expect(answer.status, path).toBe(404);
      expect(answer.body, path).toEqual({ error: "Record not found" });
    }
    for (const path of ["/api/v1/lists", "/api/v2/filters", "/api/v1/custom_emojis", "/api/v1/trends/tags"]) {
      const answer = await api(plaza, token, path);
      expect(answer.status, path).toBe(200);
      expect(answer.body, path).toEqual([]);
    }
    // Odd paging parameters are ignored or match nothing; they never reach the database as they are.
    const paris = await api<{ id: string }>(plaza, token, "/api/v1/accounts/lookup?acct=paris");
    for (const query of ["max_id=99999999999999999999&since_id=abc&limit=-5", "min_id=99999999999999999999", "max_id=1e9&limit=1000"]) {
      const paged = await api(plaza, token, `/api/v1/accounts/${paris.body.id}/followers?${query}`);
      expect(paged.status, query).toBe(200);
    }
  });

  test("tokens, codes and secrets are stored only as SHA-256 digests", async () => {
    await plaza.stop();
    const location = plaza.env.DATABASE_URL
      ? { kind: "postgres" as const, url: plaza.env.DATABASE_URL }
      : { kind: "pglite" as const, dataDir: path.join(plaza.env.PLAZA_DATA_DIR ?? "", "db") };
    const database = await openDatabase(location);
    try {
      const { db } = database;
      const everything = JSON.stringify([
        await db.select().from(oauthApplications),
        await db.select().from(oauthAccessTokens),
        await db.select().from(oauthAuthorizationCodes),
      ]);
      expect(handedOut.length).toBeGreaterThan(15);
      for (const secret of handedOut) expect(everything).not.toContain(secret);
      const digest = (value: string) => createHash("sha256").update(value).digest("hex");
      expect(everything).toContain(digest(app.client_secret));
      expect(everything).toContain(digest(handedOut.at(-1) ?? ""));
    } finally {
      await database.close();
    }
  });
});
