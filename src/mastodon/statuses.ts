/**
 * ─── Statuses: a first, minimal cut ─────────────────────────────────────────────────────────────
 * The home timeline and an account's statuses, showing published practice cards as Mastodon
 * Statuses (title, teaser, link), so that a Mastodon app has something to read. Comments, likes,
 * shares, notifications and the statuses endpoints proper come later, with the engineers who own
 * them; this file stands apart from the account and OAuth code so that it can be replaced whole.
 */
import { type SQL, and, eq, inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, follows, memberships, practiceVersions, practices } from "../db/schema.ts";
import type { PracticeCard } from "../practices/card.ts";
import { escapeHtml } from "../practices/markdown.ts";
import { hashtagsOf } from "../practices/render.ts";
import { currentUser, requireScope, scopeIfToken } from "./auth.ts";
import type { ApiDeps } from "./deps.ts";
import { renderAccounts } from "./entities/account.ts";
import type { MastodonEnv } from "./env.ts";
import { notFound } from "./errors.ts";
import { type PageRequest, parseId, parsePage, setLinkHeader } from "./pagination.ts";
import { Params } from "./params.ts";
import { finishPage, pageQuery } from "./queries.ts";

const statusPage = { limit: 20, max: 40 };

interface PracticeEntry {
  readonly practice: typeof practices.$inferSelect;
  readonly card: PracticeCard;
  readonly author: ActorRow;
}

/** Published practices whose owner matches `owners`, paged by practice id (Mastodon orders statuses by id). */
async function pagePractices(db: Database, owners: SQL, page: PageRequest): Promise<{ items: PracticeEntry[]; hasMore: boolean }> {
  const { where, orderBy, ascending } = pageQuery(practices.id, page);
  const rows = await db
    .select({ practice: practices, card: practiceVersions.card, author: actors })
    .from(practices)
    .innerJoin(practiceVersions, and(eq(practiceVersions.practiceId, practices.id), eq(practiceVersions.version, practices.currentVersion)))
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(and(eq(practices.status, "published"), owners, where))
    .orderBy(orderBy)
    .limit(page.limit + 1);
  return finishPage(
    rows.map((r) => ({ ...r, card: r.card as PracticeCard })),
    page,
    ascending,
  );
}

/** A practice card as a Status: its title and teaser, the place, hashtags, and a link to the whole card. */
async function renderStatuses(db: Database, origin: URL, entries: readonly PracticeEntry[]) {
  const accounts = await renderAccounts(
    db,
    origin,
    entries.map((e) => e.author),
  );
  return entries.map((entry, i) => {
    const { practice, card } = entry;
    const url = practice.url ?? practice.iri;
    const tags = hashtagsOf(card);
    const published = practice.publishedAt ?? practice.createdAt;
    const content = [
      `<p><strong>${escapeHtml(card.title)}</strong></p>`,
      `<p>${escapeHtml(card.summary)}</p>`,
      `<p><a href="${escapeHtml(url)}" rel="nofollow noopener" target="_blank">${escapeHtml(url)}</a></p>`,
    ].join("");
    return {
      id: String(practice.id),
      uri: practice.iri,
      url,
      created_at: published.toISOString(),
      edited_at: practice.updatedAt && practice.updatedAt.getTime() !== published.getTime() ? practice.updatedAt.toISOString() : null,
      account: accounts[i],
      content,
      text: null,
      visibility: "public",
      sensitive: false,
      spoiler_text: "",
      language: card.language || null,
      media_attachments: [],
      mentions: [],
      tags: tags.map((name) => ({ name, url: new URL(`/tags/${encodeURIComponent(name)}`, origin).href })),
      emojis: [],
      reblogs_count: 0,
      favourites_count: 0,
      replies_count: 0,
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      reblog: null,
      poll: null,
      card: null,
      application: null,
      filtered: [],
      favourited: false,
      reblogged: false,
      muted: false,
      bookmarked: false,
      pinned: false,
    };
  });
}

export function statusRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;

  async function answer(c: Context<MastodonEnv>, owners: SQL) {
    const page = parsePage(await Params.of(c), statusPage);
    const { items, hasMore } = await pagePractices(db, owners, page);
    setLinkHeader(
      c,
      origin,
      items.map((e) => e.practice.id),
      hasMore,
    );
    return c.json(await renderStatuses(db, origin, items));
  }

  return new Hono<MastodonEnv>()
    .get("/api/v1/timelines/home", requireScope("read:statuses"), async (c) => {
      const user = currentUser(c);
      // What the member follows, and what the cities and networks they belong to follow (as the web feed shows).
      const organizations = await db.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.accountId, user.account.id));
      const followers = [user.actor.id, ...organizations.map((o) => o.id)];
      const followed = db
        .select({ id: follows.followingId })
        .from(follows)
        .where(and(eq(follows.status, "accepted"), inArray(follows.followerId, followers)));
      return answer(c, inArray(practices.ownerId, followed));
    })
    .get("/api/v1/accounts/:id{[0-9]+}/statuses", scopeIfToken("read:statuses"), async (c) => {
      const id = parseId(c.req.param("id"));
      const [actor] = id === undefined ? [] : await db.select({ id: actors.id }).from(actors).where(eq(actors.id, id));
      if (!actor) throw notFound();
      return answer(c, eq(practices.ownerId, actor.id));
    });
}
