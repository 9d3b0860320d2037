import { signRequest } from "@fedify/fedify";
import { loadActorKeys } from "../../src/actors/keys.ts";
import { findLocalActor } from "../../src/actors/store.ts";
import { loadConfig } from "../../src/config.ts";
import { openPlaza } from "../../src/server.ts";
import type { Instance } from "./instance.ts";

export const activityJson = "application/activity+json";

/**
 * The RSA key pair an actor of `instance` signs with, read from the instance's database.
 * Call it while the instance is stopped: an embedded (PGlite) database has one owner process.
 */
export async function readActorRsaKeys(instance: Instance, username: string): Promise<CryptoKeyPair> {
  const plaza = await openPlaza(loadConfig({ ...process.env, ...instance.env }));
  try {
    const actor = await findLocalActor(plaza.database.db, username);
    if (!actor) throw new Error(`no actor ${username} on ${instance.ip}`);
    const [rsa] = await loadActorKeys(plaza.database.db, actor.id);
    if (rsa?.privateKey.algorithm.name !== "RSASSA-PKCS1-v1_5") throw new Error(`${username} has no RSA key`);
    return rsa;
  } finally {
    await plaza.database.close();
  }
}

/** A POST of `body` to `url` as ActivityPub servers send it, signed (draft-cavage HTTP Signatures, as Mastodon) with `privateKey`. */
export function signedPost(url: string, body: string, privateKey: CryptoKey, keyId: URL): Promise<Request> {
  const request = new Request(url, { method: "POST", headers: { "Content-Type": activityJson, Accept: activityJson }, body });
  return signRequest(request, privateKey, keyId);
}

/** The same signed request with another body: its headers (Digest, Signature) still describe the original. */
export function withBody(signed: Request, body: string): Request {
  return new Request(signed.url, { method: signed.method, headers: signed.headers, body });
}
