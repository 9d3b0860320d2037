import type { Federation } from "@fedify/fedify";
import type { Database } from "../db/client.ts";
import { logger } from "../logging.ts";
import { findBlockCovering } from "../social/blocks.ts";

const activityPubType = /^application\/(activity\+json|ld\+json)\b/i;

/**
 * Secure mode (authorized fetch), as Mastodon's `AUTHORIZED_FETCH`: every ActivityPub document
 * Fedify serves from a GET needs an HTTP signature that verifies, except actor documents (which
 * carry the keys needed to verify anything), WebFinger and NodeInfo. The signer's server must not
 * be blocked.
 *
 * It judges Fedify's answer rather than each dispatcher, so that it covers every object and
 * collection, including those added later, with no `.authorize()` to forget: a GET that Fedify
 * answers with ActivityPub JSON (content negotiation is Fedify's own) for a route that is not an
 * actor gets 401 unless signed. Pages for browsers, 404s and 410s are left alone.
 */
export async function requireSignedFetch(federation: Federation<void>, db: Database, request: Request, response: Response): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") return response;
  if (!response.ok || !activityPubType.test(response.headers.get("Content-Type") ?? "")) return response;
  const ctx = federation.createContext(request, undefined);
  const route = ctx.parseUri(new URL(request.url));
  if (route === null || route.type === "actor") return response;
  const key = await ctx.getSignedKey();
  if (key === null) {
    await response.body?.cancel();
    return refuse(401, "This server is in secure mode (authorized fetch): sign the request with an HTTP signature of your actor's key.");
  }
  const signer = [key.ownerId, key.id].filter((iri) => iri !== null);
  const block = await findBlockCovering(db, signer);
  if (block) {
    await response.body?.cancel();
    logger.info("Refused a signed fetch of {path} by {signer}: {kind} {value} is blocked", {
      path: new URL(request.url).pathname,
      signer: signer[0]?.href ?? "",
      kind: block.kind,
      value: block.value,
    });
    return refuse(403, "This server does not answer this actor or server.");
  }
  return response;
}

function refuse(status: 401 | 403, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", Vary: "Accept, Signature, Signature-Input" } });
}
