import { webcrypto } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { actorKeys } from "../db/schema.ts";

export type KeyAlgorithm = (typeof actorKeys.$inferSelect)["algorithm"];

/** RSA for HTTP signatures (the only kind Mastodon verifies), Ed25519 for object integrity proofs. */
export const keyAlgorithms: readonly KeyAlgorithm[] = ["RSASSA-PKCS1-v1_5", "Ed25519"];

const generateParams = {
  "RSASSA-PKCS1-v1_5": {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  },
  Ed25519: { name: "Ed25519" },
} as const;

const importParams = {
  "RSASSA-PKCS1-v1_5": { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  Ed25519: { name: "Ed25519" },
} as const;

/** Creates and stores both key pairs for a new local actor (inside the caller's transaction). */
export async function createActorKeys(db: Database, actorId: number): Promise<void> {
  for (const algorithm of keyAlgorithms) {
    const pair = (await webcrypto.subtle.generateKey(generateParams[algorithm], true, ["sign", "verify"])) as CryptoKeyPair;
    await db.insert(actorKeys).values({
      actorId,
      algorithm,
      publicKey: await webcrypto.subtle.exportKey("jwk", pair.publicKey),
      privateKey: await webcrypto.subtle.exportKey("jwk", pair.privateKey),
    });
  }
}

/** A local actor's key pairs, RSA first (Fedify uses the first RSA key for HTTP signatures). */
export async function loadActorKeys(db: Database, actorId: number): Promise<CryptoKeyPair[]> {
  const rows = await db.select().from(actorKeys).where(eq(actorKeys.actorId, actorId));
  const pairs: CryptoKeyPair[] = [];
  for (const algorithm of keyAlgorithms) {
    const row = rows.find((r) => r.algorithm === algorithm);
    if (!row) continue;
    const params = importParams[algorithm];
    pairs.push({
      publicKey: await webcrypto.subtle.importKey("jwk", row.publicKey, params, true, ["verify"]),
      privateKey: await webcrypto.subtle.importKey("jwk", row.privateKey, params, true, ["sign"]),
    });
  }
  return pairs;
}
