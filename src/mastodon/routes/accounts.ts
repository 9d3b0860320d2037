import { isActor } from "@fedify/vocab";
import { type Context, Hono } from "hono";
import { type ActorRow, instanceUsername } from "../../actors/model.ts";
import { findActorById, findLocalActor } from "../../actors/store.ts";
import { PlazaError } from "../../errors.ts";
import { approveFollower, followByHandle, rejectFollower, unfollow } from "../../federation/following.ts";
import { editProfile } from "../../federation/profile.ts";
import { rememberActor } from "../../federation/remote-actors.ts";
import type { FollowStatus } from "../../social/follows.ts";
import { currentUser, requireScope, scopeIfToken } from "../auth.ts";
import { type ApiDeps, fedifyContext } from "../deps.ts";
import { renderAccount, renderAccounts, renderCredentialAccount } from "../entities/account.ts";
import { toRelationship } from "../entities/relationship.ts";
import type { MastodonEnv } from "../env.ts";
import { ApiError, notFound } from "../errors.ts";
import { parseId, parsePage, setLinkHeader } from "../pagination.ts";
import { Params } from "../params.ts";
import { countFollowRequests, findActorByAcct, pageFollows, relations, searchActors } from "../queries.ts";

/** How many accounts a list gives at a time (followers, following, follow requests, who liked or shared). */
export const accountPage = { limit: 40, max: 80 };

/**
 * Accounts: a city (Organization), a network (Group, `group: true`) or a member (Person), ours or
 * another server's. The member behind a token acts as their own Person actor: they follow, and
 * approve their followers, as themselves, never as a city (that stays on the web pages, where
 * roles are checked).
 */
export function accountRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;

  /** An account by its id in the path; our instance actor is no account. */
  async function accountOf(c: Context<MastodonEnv>): Promise<ActorRow> {
    const id = parseId(c.req.param("id"));
    const actor = id === undefined ? undefined : await findActorById(db, id);
    if (!actor || (actor.local && actor.type === "Application")) throw notFound();
    return actor;
  }

  async function relationshipWith(meId: number, other: ActorRow) {
    return toRelationship(other.id, (await relations(db, meId, [other.id]))(other.id));
  }

  return new Hono<MastodonEnv>()
    .get("/api/v1/accounts/verify_credentials", requireScope("read:accounts", "profile"), async (c) => {
      const user = currentUser(c);
      return c.json(await renderCredentialAccount(db, origin, user, await countFollowRequests(db, user.actor.id)));
    })
    .patch("/api/v1/accounts/update_credentials", requireScope("write:accounts"), async (c) => {
      const user = currentUser(c);
      const params = await Params.of(c);
      const actor = await editProfile(fedifyContext(deps, c), db, user.actor, {
        name: params.get("display_name"),
        summary: params.get("note"),
        // `locked`: the member approves each follower by hand (follow_requests).
        manuallyApprovesFollowers: params.has("locked") ? params.flag("locked") : undefined,
      });
      return c.json(await renderCredentialAccount(db, origin, { account: user.account, actor }, await countFollowRequests(db, actor.id)));
    })
    .get("/api/v1/accounts/lookup", scopeIfToken("read:accounts"), async (c) => {
      const acct = c.req.query("acct");
      const actor = acct ? await findActorByAcct(db, acct, origin.host) : undefined;
      if (!actor) throw notFound();
      return c.json(await renderAccount(db, origin, actor));
    })
    .get("/api/v1/accounts/relationships", requireScope("read:follows"), async (c) => {
      const me = currentUser(c).actor;
      const ids = (await Params.of(c)).getAll("id").flatMap((raw) => parseId(raw) ?? []);
      const found = await Promise.all(ids.map((id) => findActorById(db, id)));
      const known = found.flatMap((actor) => (actor ? [actor] : []));
      const relation = await relations(
        db,
        me.id,
        known.map((a) => a.id),
      );
      return c.json(known.map((actor) => toRelationship(actor.id, relation(actor.id))));
    })
    .get("/api/v1/accounts/search", requireScope("read:accounts"), async (c) => {
      const params = await Params.of(c);
      const limit = Math.min(Number.parseInt(params.get("limit") ?? "40", 10) || 40, 80);
      const offset = Math.max(Number.parseInt(params.get("offset") ?? "0", 10) || 0, 0);
      const found = await searchAccounts(deps, c, params.get("q") ?? "", { resolve: params.flag("resolve"), limit, offset });
      return c.json(await renderAccounts(db, origin, found));
    })
    .get("/api/v1/accounts/:id{[0-9]+}", scopeIfToken("read:accounts"), async (c) => c.json(await renderAccount(db, origin, await accountOf(c))))
    .get("/api/v1/accounts/:id{[0-9]+}/followers", scopeIfToken("read:accounts"), async (c) => followList(c, "followers", (await accountOf(c)).id))
    .get("/api/v1/accounts/:id{[0-9]+}/following", scopeIfToken("read:accounts"), async (c) => followList(c, "following", (await accountOf(c)).id))
    .post("/api/v1/accounts/:id{[0-9]+}/follow", requireScope("write:follows"), async (c) => {
      const me = currentUser(c).actor;
      const target = await accountOf(c);
      if (target.id === me.id) throw new ApiError(403, "This action is not allowed");
      await followByHandle(fedifyContext(deps, c), db, me.username, target.iri);
      return c.json(await relationshipWith(me.id, target));
    })
    .post("/api/v1/accounts/:id{[0-9]+}/unfollow", requireScope("write:follows"), async (c) => {
      const me = currentUser(c).actor;
      const target = await accountOf(c);
      await ignoreMissing(unfollow(fedifyContext(deps, c), db, me.username, target.iri));
      return c.json(await relationshipWith(me.id, target));
    })
    .get("/api/v1/follow_requests", requireScope("read:follows"), async (c) => {
      return followList(c, "followers", currentUser(c).actor.id, "pending");
    })
    .post("/api/v1/follow_requests/:id{[0-9]+}/authorize", requireScope("write:follows"), async (c) => {
      const me = currentUser(c).actor;
      const follower = await accountOf(c);
      await approveFollower(fedifyContext(deps, c), db, me.username, follower.iri).catch(notFoundAsRecord);
      return c.json(await relationshipWith(me.id, follower));
    })
    .post("/api/v1/follow_requests/:id{[0-9]+}/reject", requireScope("write:follows"), async (c) => {
      const me = currentUser(c).actor;
      const follower = await accountOf(c);
      await rejectFollower(fedifyContext(deps, c), db, me.username, follower.iri).catch(notFoundAsRecord);
      return c.json(await relationshipWith(me.id, follower));
    });

  /** An account's followers or followings; with `status: "pending"`, the follow requests it has to answer. */
  async function followList(c: Context<MastodonEnv>, side: "followers" | "following", actorId: number, status?: FollowStatus) {
    const page = parsePage(await Params.of(c), accountPage);
    return accountList(c, deps, await pageFollows(db, side, actorId, page, status), (i) => i.followId);
  }
}

/**
 * A page of accounts as Mastodon answers it: the accounts in order, and the Link header that pages
 * by `pageId` of each item (the id of the follow or the reaction, not of the account).
 */
export async function accountList<T extends { actor: ActorRow }>(
  c: Context<MastodonEnv>,
  { db, origin }: ApiDeps,
  { items, hasMore }: { items: readonly T[]; hasMore: boolean },
  pageId: (item: T) => number,
): Promise<Response> {
  setLinkHeader(c, origin, items.map(pageId), hasMore);
  return c.json(await renderAccounts(db, origin, items.map((i) => i.actor)));
}

/** Unfollowing someone not followed is no error in Mastodon: the answer is the relationship as it is. */
async function ignoreMissing(work: Promise<void>): Promise<void> {
  await work.catch((error: unknown) => {
    if (!(error instanceof PlazaError && error.kind === "not_found")) throw error;
  });
}

function notFoundAsRecord(error: unknown): never {
  if (error instanceof PlazaError && error.kind === "not_found") throw notFound();
  throw error;
}

/** A handle (`@name@host`, `name@host`) or an actor URL: what `resolve=true` may look up on its server. */
const handlePattern = /^@?[^@\s]+@[^@\s/]+$/;

/**
 * Accounts matching a query: the one it names exactly (looked up on its server when `resolve` is
 * set, through the instance actor so that servers in secure mode answer, and remembered), then
 * those we know whose handle or name contains it.
 */
export async function searchAccounts(
  deps: ApiDeps,
  c: Context<MastodonEnv>,
  query: string,
  options: { resolve: boolean; limit: number; offset: number },
): Promise<ActorRow[]> {
  const q = query.trim();
  if (q === "") return [];
  const exact = options.offset === 0 ? await exactAccount(deps, c, q, options.resolve) : undefined;
  const known = await searchActors(deps.db, q, { limit: options.limit, offset: options.offset, ourHost: deps.origin.host });
  const all = exact ? [exact, ...known.filter((a) => a.id !== exact.id)] : known;
  return all.slice(0, options.limit);
}

async function exactAccount(deps: ApiDeps, c: Context<MastodonEnv>, q: string, resolve: boolean): Promise<ActorRow | undefined> {
  const isHandle = handlePattern.test(q);
  const isUrl = /^https?:\/\//i.test(q) && URL.canParse(q);
  if (isHandle) {
    const known = await findActorByAcct(deps.db, q, deps.origin.host);
    if (known || !resolve) return known;
  }
  if (!resolve || !(isHandle || isUrl)) return undefined;
  const ctx = fedifyContext(deps, c);
  const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
  // A server that is down or a handle that does not exist is an empty result, as on Mastodon.
  const found = await ctx.lookupObject(q, { documentLoader }).catch(() => null);
  if (!isActor(found) || found.id === null) return undefined;
  const local = ctx.parseUri(found.id);
  if (local?.type === "actor") return findLocalActor(deps.db, local.identifier);
  return rememberActor(deps.db, found).catch((error: unknown) => {
    if (error instanceof PlazaError) return undefined;
    throw error;
  });
}
