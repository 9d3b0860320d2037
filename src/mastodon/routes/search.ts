import { Article } from "@fedify/vocab";
import { and, eq, or } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { instanceUsername } from "../../actors/model.ts";
import { practiceVersions, practices } from "../../db/schema.ts";
import { PlazaError } from "../../errors.ts";
import { keepPracticeArticle } from "../../federation/practices/receiving.ts";
import { resolveActor } from "../../federation/remote-actors.ts";
import { searchPractices } from "../../practices/search.ts";
import { carriesHashtag, isCurrentVersion } from "../../practices/store.ts";
import { isHashtagName } from "../../practices/render.ts";
import { optionalUser, scopeIfToken } from "../auth.ts";
import { type ApiDeps, fedifyContext } from "../deps.ts";
import { renderAccounts } from "../entities/account.ts";
import { renderStatuses } from "../entities/status.ts";
import type { MastodonEnv } from "../env.ts";
import { ApiError, notFound } from "../errors.ts";
import { Params } from "../params.ts";
import { type StatusSubject, subjectsByIri } from "../timeline.ts";
import { searchAccounts } from "./accounts.ts";

interface SearchOptions {
  readonly resolve: boolean;
  readonly limit: number;
  readonly offset: number;
}

const isUrl = (q: string) => /^https?:\/\//i.test(q) && URL.canParse(q);

/**
 * Search v2: accounts (by handle or name; `resolve` looks a handle up on its server), statuses (a
 * practice or comment by its URL, ours or, with `resolve`, fetched from its server; else practices
 * whose title has the words), and hashtags that practices here carry.
 */
export function searchRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;

  /** A practice another server published, fetched by its URL (with the instance actor's signature) and kept. */
  async function resolvePractice(c: Context<MastodonEnv>, url: string): Promise<string | undefined> {
    const ctx = fedifyContext(deps, c);
    const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
    const found = await ctx.lookupObject(url, { documentLoader }).catch(() => null);
    if (!(found instanceof Article) || found.id === null || found.attributionId === null) return undefined;
    // The author must live where the Article does, as for anything received.
    if (found.attributionId.origin !== found.id.origin) return undefined;
    const author = await resolveActor(ctx, db, found.attributionId).catch(() => undefined);
    if (!author) return undefined;
    const kept = await keepPracticeArticle(ctx, db, found, author).catch((error: unknown) => {
      if (error instanceof PlazaError) return undefined;
      throw error;
    });
    return kept?.kind === "kept" ? found.id.href : undefined;
  }

  async function searchStatuses(c: Context<MastodonEnv>, q: string, options: SearchOptions): Promise<StatusSubject[]> {
    if (isUrl(q)) {
      if (options.offset > 0) return [];
      const byUrl = await db
        .select({ iri: practices.iri })
        .from(practices)
        .where(and(eq(practices.status, "published"), or(eq(practices.iri, q), eq(practices.url, q))));
      const iri = byUrl[0]?.iri ?? q;
      const known = (await subjectsByIri(db, [iri])).get(iri);
      if (known || !options.resolve || new URL(q).origin === origin.origin) return known ? [known] : [];
      const fetched = await resolvePractice(c, q);
      const kept = fetched ? (await subjectsByIri(db, [fetched])).get(fetched) : undefined;
      return kept ? [kept] : [];
    }
    if (q.trim().length < 2) return [];
    const found = await searchPractices(db, { text: q, limit: options.limit, offset: options.offset });
    return found.map(({ practice, owner }): StatusSubject => ({ kind: "practice", statusId: practice.row.statusId, practice: practice.row, card: practice.card, author: owner }));
  }

  async function searchHashtags(q: string) {
    const name = q.trim().replace(/^#/, "");
    if (!isHashtagName(name)) return [];
    const [used] = await db
      .select({ id: practices.id })
      .from(practices)
      .innerJoin(practiceVersions, isCurrentVersion)
      .where(and(eq(practices.status, "published"), carriesHashtag(name)))
      .limit(1);
    return used ? [{ name, url: new URL(`/tags/${encodeURIComponent(name)}`, origin).href, history: [], following: false }] : [];
  }

  return new Hono<MastodonEnv>()
    .get("/api/v1/tags/:name", scopeIfToken("read"), async (c) => {
      // What an app shows above a hashtag's timeline; Plaza keeps no history and follows no hashtags.
      const name = c.req.param("name");
      if (!isHashtagName(name)) throw notFound();
      return c.json({ id: name.toLowerCase(), name, url: new URL(`/tags/${encodeURIComponent(name)}`, origin).href, history: [], following: false });
    })
    .get("/api/v2/search", scopeIfToken("read:search"), async (c) => {
      const params = await Params.of(c);
      const type = params.get("type");
      const q = (params.get("q") ?? "").trim();
      const viewer = optionalUser(c);
      const resolve = params.flag("resolve");
      // As on Mastodon, only a member may make the server fetch from other servers.
      if (resolve && !viewer) throw new ApiError(401, "Search queries that resolve remote resources are not supported without authentication");
      const options = {
        resolve,
        limit: Math.min(Number.parseInt(params.get("limit") ?? "20", 10) || 20, 40),
        offset: Math.max(Number.parseInt(params.get("offset") ?? "0", 10) || 0, 0),
      };
      const wants = (kind: string) => type === undefined || type === "" || type === kind;
      const statuses = wants("statuses") ? await searchStatuses(c, q, options) : [];
      // A URL names one thing: once it is found as a practice or comment, it is not looked up again as an account.
      const accounts = wants("accounts") && !(isUrl(q) && statuses.length > 0) ? await searchAccounts(deps, c, q, options) : [];
      const hashtags = wants("hashtags") && options.offset === 0 ? await searchHashtags(q) : [];
      return c.json({
        accounts: await renderAccounts(db, origin, accounts),
        statuses: await renderStatuses(db, origin, statuses, viewer?.actor),
        hashtags,
      });
    });
}
