import { and, eq, inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { follows, memberships } from "../../db/schema.ts";
import { isHashtagName } from "../../practices/render.ts";
import { currentUser, optionalUser, requireScope, scopeIfToken } from "../auth.ts";
import type { ApiDeps } from "../deps.ts";
import { renderStatuses } from "../entities/status.ts";
import type { MastodonEnv } from "../env.ts";
import { notFound } from "../errors.ts";
import { largestStatusId, parseId, parsePage, setLinkHeader } from "../pagination.ts";
import { Params } from "../params.ts";
import { pageLikesBy } from "../queries.ts";
import { type TimelineFilter, pageTimeline, subjectsByIri } from "../timeline.ts";

export const statusPage = { limit: 20, max: 40, largestId: largestStatusId };

/** Whom a member's home timeline follows: what they follow, and what their cities and networks follow (as the web feed shows), and themselves. */
async function homeAuthors(db: Database, member: { accountId: number; actorId: number }): Promise<number[]> {
  const organizations = await db.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.accountId, member.accountId));
  const followers = [member.actorId, ...organizations.map((o) => o.id)];
  const followed = await db
    .select({ id: follows.followingId })
    .from(follows)
    .where(and(eq(follows.status, "accepted"), inArray(follows.followerId, followers)));
  return [...new Set([member.actorId, ...followed.map((f) => f.id)])];
}

/**
 * Timelines: home (what the member follows), public (everything public we keep, `local=true` for
 * ours only), a hashtag's practices, and an account's statuses. All page by status id.
 */
export function timelineRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;

  async function answer(c: Context<MastodonEnv>, filter: TimelineFilter, viewer: ActorRow | undefined) {
    const page = parsePage(await Params.of(c), statusPage);
    const { items, hasMore } = await pageTimeline(db, filter, page);
    setLinkHeader(
      c,
      origin,
      items.map((e) => e.statusId),
      hasMore,
    );
    return c.json(await renderStatuses(db, origin, items, viewer));
  }

  return new Hono<MastodonEnv>()
    .get("/api/v1/timelines/home", requireScope("read:statuses"), async (c) => {
      const user = currentUser(c);
      const authors = await homeAuthors(db, { accountId: user.account.id, actorId: user.actor.id });
      return answer(c, { authors }, user.actor);
    })
    .get("/api/v1/timelines/public", scopeIfToken("read:statuses"), async (c) => {
      const params = await Params.of(c);
      // Mastodon's public timelines leave shares out; `remote=true` (others' only) is read as "everything".
      return answer(c, { localOnly: params.flag("local"), onlyMedia: params.flag("only_media"), exclude: { shares: true } }, optionalUser(c)?.actor);
    })
    .get("/api/v1/timelines/tag/:hashtag", scopeIfToken("read:statuses"), async (c) => {
      const hashtag = c.req.param("hashtag");
      if (!isHashtagName(hashtag)) return c.json([]);
      const params = await Params.of(c);
      return answer(c, { hashtag, localOnly: params.flag("local") }, optionalUser(c)?.actor);
    })
    .get("/api/v1/favourites", requireScope("read:favourites"), async (c) => {
      const me = currentUser(c).actor;
      const page = parsePage(await Params.of(c), statusPage);
      const { items, hasMore } = await pageLikesBy(db, me.id, page);
      const subjects = await subjectsByIri(
        db,
        items.map((i) => i.objectIri),
      );
      const shown = items.flatMap((i) => subjects.get(i.objectIri) ?? []);
      // Paged by when the like was given, as on Mastodon, so the Link header carries the likes' ids.
      setLinkHeader(
        c,
        origin,
        items.map((i) => i.statusId),
        hasMore,
      );
      return c.json(await renderStatuses(db, origin, shown, me));
    })
    .get("/api/v1/accounts/:id{[0-9]+}/statuses", scopeIfToken("read:statuses"), async (c) => {
      const id = parseId(c.req.param("id"));
      const actor = id === undefined ? undefined : await findActorById(db, id);
      if (!actor) throw notFound();
      const params = await Params.of(c);
      // Plaza pins nothing.
      if (params.flag("pinned")) return c.json([]);
      const exclude = { comments: params.flag("exclude_replies"), shares: params.flag("exclude_reblogs") };
      return answer(c, { authors: [actor.id], exclude, onlyMedia: params.flag("only_media") }, optionalUser(c)?.actor);
    });
}
