import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type AccountRow, findAccountById, loadPrincipal } from "../accounts/accounts.ts";
import type { Principal } from "../accounts/permissions.ts";
import { endSession, sessionAccountId, startSession } from "../accounts/sessions.ts";
import type { Database } from "../db/client.ts";
import type { WebEnv } from "./env.ts";

const cookieName = "plaza_session";

export interface SignedIn {
  readonly account: AccountRow;
  readonly principal: Principal;
}

/** Loads the signed-in member, if any, into `c.var.signedIn`. */
export function sessionMiddleware(db: Database): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const token = getCookie(c, cookieName);
    const accountId = token ? await sessionAccountId(db, token) : undefined;
    const account = accountId === undefined ? undefined : await findAccountById(db, accountId);
    c.set("signedIn", account ? { account, principal: await loadPrincipal(db, account) } : undefined);
    await next();
  };
}

export async function signIn(c: Context<WebEnv>, db: Database, accountId: number): Promise<void> {
  const { token, expiresAt } = await startSession(db, accountId);
  setCookie(c, cookieName, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: c.var.origin.protocol === "https:",
    path: "/",
    expires: expiresAt,
  });
}

export async function signOut(c: Context<WebEnv>, db: Database): Promise<void> {
  const token = getCookie(c, cookieName);
  if (token) await endSession(db, token);
  deleteCookie(c, cookieName, { path: "/" });
}
