import { createHash, randomBytes } from "node:crypto";
import type { Instance } from "../support/instance.ts";

/** What POST /api/v1/apps answers. */
export interface RegisteredApp {
  readonly client_id: string;
  readonly client_secret: string;
  readonly redirect_uri: string;
  readonly redirect_uris: string[];
  readonly scopes: string[];
  readonly name: string;
  readonly vapid_key: null;
}

export const oob = "urn:ietf:wg:oauth:2.0:oob";

export async function registerApp(
  instance: Instance,
  app: { name?: string; redirectUris?: string | string[]; scopes?: string; website?: string } = {},
): Promise<RegisteredApp> {
  const response = await fetch(instance.url("/api/v1/apps"), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_name: app.name ?? "Test app", redirect_uris: app.redirectUris ?? oob, scopes: app.scopes ?? "read write follow", website: app.website }),
  });
  if (response.status !== 200) throw new Error(`app registration failed with ${response.status}: ${await response.text()}`);
  return (await response.json()) as RegisteredApp;
}

/** POST /oauth/token as a form, the way most clients send it. */
export async function tokenRequest(instance: Instance, fields: Record<string, string>): Promise<Response> {
  return fetch(instance.url("/oauth/token"), { method: "POST", body: new URLSearchParams(fields) });
}

export async function passwordToken(instance: Instance, app: RegisteredApp, email: string, password: string, scope = "read write follow"): Promise<string> {
  const response = await tokenRequest(instance, {
    grant_type: "password",
    client_id: app.client_id,
    client_secret: app.client_secret,
    username: email,
    password,
    scope,
  });
  if (response.status !== 200) throw new Error(`password grant failed with ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A call to the API with a bearer token; the JSON body and the response. */
export async function api<T = unknown>(
  instance: Instance,
  token: string | undefined,
  path: string,
  init: { method?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T; response: Response }> {
  const headers: Record<string, string> = { ...init.headers };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  if (init.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(instance.url(path), {
    method: init.method ?? "GET",
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as T, response };
}

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
