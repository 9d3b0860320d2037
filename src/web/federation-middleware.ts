import type { MiddlewareHandler } from "hono";
import type { PlazaFederation } from "../federation/federation.ts";

/**
 * Lets Fedify answer first: ActivityPub, WebFinger and NodeInfo requests get their JSON; anything
 * Fedify does not know (404) or that asks for HTML (406, content negotiation) falls through to
 * the web pages at the same URL. (`@fedify/hono` is not in our registry; this is its whole job.)
 */
export function federationMiddleware(federation: PlazaFederation): MiddlewareHandler {
  return async (c, next) => {
    let fallThrough: "not_found" | "not_acceptable" | undefined;
    const response = await federation.fetch(c.req.raw, {
      contextData: undefined,
      onNotFound: () => {
        fallThrough = "not_found";
        return new Response("Not found", { status: 404 });
      },
      onNotAcceptable: () => {
        fallThrough = "not_acceptable";
        return new Response("Not acceptable", { status: 406, headers: { "Content-Type": "text/plain", Vary: "Accept" } });
      },
    });
    if (fallThrough === undefined) return response;
    await next();
    if (fallThrough === "not_acceptable" && c.res.status === 404) return response;
    return undefined;
  };
}
