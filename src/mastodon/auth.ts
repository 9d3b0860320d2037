import type { Context, MiddlewareHandler } from "hono";
import type { Database } from "../db/client.ts";
import type { Bearer, MastodonEnv, TokenGrant } from "./env.ts";
import { invalidToken, outsideScopes, userRequired } from "./errors.ts";
import { resolveAccessToken } from "./oauth.ts";
import { grants } from "./scopes.ts";

/** Reads `Authorization: Bearer …` into `c.var.bearer`; whether a route needs one is the route's business. */
export function bearerMiddleware(db: Database): MiddlewareHandler<MastodonEnv> {
  return async (c, next) => {
    c.set("bearer", await readBearer(db, c.req.header("Authorization")));
    await next();
  };
}

async function readBearer(db: Database, header: string | undefined): Promise<Bearer> {
  if (header === undefined || header.trim() === "") return { kind: "none" };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return { kind: "invalid" };
  const resolved = await resolveAccessToken(db, match[1]);
  if (!resolved) return { kind: "invalid" };
  return {
    kind: "valid",
    grant: {
      tokenId: resolved.token.id,
      scopes: resolved.token.scopes,
      application: { id: resolved.application.id, name: resolved.application.name, website: resolved.application.website },
      user: resolved.user,
    },
  };
}

function check(bearer: Bearer, scopes: readonly string[], options: { user: boolean }): TokenGrant {
  if (bearer.kind !== "valid") throw invalidToken();
  if (scopes.length > 0 && !scopes.some((scope) => grants(bearer.grant.scopes, scope))) throw outsideScopes();
  if (options.user && bearer.grant.user === undefined) throw userRequired();
  return bearer.grant;
}

/**
 * A member's token with any of `scopes` (Mastodon's `doorkeeper_authorize!` + `require_user!`):
 * none or a dead one → 401, too narrow → 403, an app-only token → 422.
 */
export function requireScope(...scopes: string[]): MiddlewareHandler<MastodonEnv> {
  return async (c, next) => {
    check(c.var.bearer, scopes, { user: true });
    await next();
  };
}

/** A token with any of `scopes`, a member's or an app's own (client credentials). */
export function requireAppScope(...scopes: string[]): MiddlewareHandler<MastodonEnv> {
  return async (c, next) => {
    check(c.var.bearer, scopes, { user: false });
    await next();
  };
}

/** Public endpoints: anyone may call them, but a token that is sent must be live and have the scope (`authorize_if_got_token!`). */
export function scopeIfToken(...scopes: string[]): MiddlewareHandler<MastodonEnv> {
  return async (c, next) => {
    if (c.var.bearer.kind !== "none") check(c.var.bearer, scopes, { user: false });
    await next();
  };
}

/** The member a route guarded by `requireScope` acts for. */
export function currentUser(c: Context<MastodonEnv>): NonNullable<TokenGrant["user"]> {
  const bearer = c.var.bearer;
  if (bearer.kind !== "valid") throw invalidToken();
  if (!bearer.grant.user) throw userRequired();
  return bearer.grant.user;
}

/** The member, when a live member's token came with the request. */
export function optionalUser(c: Context<MastodonEnv>): TokenGrant["user"] {
  return c.var.bearer.kind === "valid" ? c.var.bearer.grant.user : undefined;
}

export function currentGrant(c: Context<MastodonEnv>): TokenGrant {
  if (c.var.bearer.kind !== "valid") throw invalidToken();
  return c.var.bearer.grant;
}
