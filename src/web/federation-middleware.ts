import type { MiddlewareHandler } from "hono";
import type { PlazaFederation } from "../federation/federation.ts";
import { logger } from "../logging.ts";
import type { WebEnv } from "./env.ts";

/**
 * Lets Fedify answer first: ActivityPub, WebFinger and NodeInfo requests get their JSON; anything
 * Fedify does not know (404) or that asks for HTML (406, content negotiation) falls through to
 * the web pages at the same URL. (`@fedify/hono` is not in our registry; this is its whole job.)
 */
export function federationMiddleware(federation: PlazaFederation, origin: URL): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    let fallThrough: "not_found" | "not_acceptable" | undefined;
    const response = await federation.fetch(asPublished(c.req.raw, origin), {
      contextData: undefined,
      onNotFound: () => {
        fallThrough = "not_found";
        return new Response("Not found", { status: 404 });
      },
      onNotAcceptable: () => {
        fallThrough = "not_acceptable";
        return new Response("Not acceptable", { status: 406, headers: { "Content-Type": "text/plain", Vary: "Accept" } });
      },
    }).catch((error: unknown) => unreadable(c.req.method, error));
    if (fallThrough === undefined) return response;
    await next();
    if (fallThrough === "not_acceptable") {
      // No page for a browser at an ActivityPub-only URL: the honest answer is Fedify's 406.
      if (c.var.unrouted) c.res = response;
      // One URL, two representations: caches must keep them apart.
      else c.res.headers.append("Vary", "Accept");
    }
    return undefined;
  };
}

/**
 * An activity Fedify could not even read (a JSON-LD context that cannot be loaded, say) is the
 * sender's mistake, not ours: 400 with the reason, never a 500.
 */
function unreadable(method: string, error: unknown): Response {
  if (method !== "POST") throw error;
  const reason = error instanceof Error ? error.message : String(error);
  logger.info("Refused an activity that could not be read: {reason}", { reason });
  return Response.json({ error: `The activity could not be read as JSON-LD: ${reason}` }, { status: 400 });
}

/**
 * Behind a reverse proxy the request reaches us as http://internal-host/…; Fedify must see the
 * public URL, so that collection pages link to https and RFC 9421 signatures (which cover the
 * target URI) verify.
 */
function asPublished(request: Request, origin: URL): Request {
  const url = new URL(request.url);
  if (url.origin === origin.origin) return request;
  return new Request(new URL(url.pathname + url.search, origin), request);
}
