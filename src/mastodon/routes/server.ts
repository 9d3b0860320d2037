import { and, eq, inArray, sql } from "drizzle-orm";
import { Hono } from "hono";
import { actors, mastodonMarkers } from "../../db/schema.ts";
import { currentUser, requireScope } from "../auth.ts";
import type { ApiDeps } from "../deps.ts";
import { instanceV1, instanceV2 } from "../entities/instance.ts";
import type { MastodonEnv } from "../env.ts";
import { validationFailed } from "../errors.ts";
import { avatarPath, defaultImages, headerPath } from "../images.ts";
import { Params } from "../params.ts";

const timelines = ["home", "notifications"] as const;
type Timeline = (typeof timelines)[number];

/**
 * The server as clients see it (instance, custom emojis, default images), the member's settings
 * (preferences, read markers), and the features Plaza does not have, answered the way
 * Mastodon answers for a feature that is switched off: an empty list.
 */
export function serverRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;
  const app = new Hono<MastodonEnv>()
    .get("/api/v1/instance", async (c) => c.json(await instanceV1(db, origin)))
    .get("/api/v2/instance", async (c) => c.json(await instanceV2(db, origin)))
    .get("/api/v1/instance/peers", async (c) => {
      const rows = await db.selectDistinct({ host: actors.host }).from(actors).where(eq(actors.local, false)).orderBy(actors.host);
      return c.json(rows.map((r) => r.host));
    })
    .get("/api/v1/instance/rules", (c) => c.json([]))
    .get("/api/v1/instance/extended_description", (c) => c.json({ updated_at: new Date(0).toISOString(), content: "" }))
    .get("/api/v1/instance/translation_languages", (c) => c.json({}))
    .get("/api/v1/custom_emojis", (c) => c.json([]))
    .get("/api/v1/preferences", requireScope("read:accounts"), (c) =>
      c.json({
        "posting:default:visibility": "public",
        "posting:default:sensitive": false,
        "posting:default:language": null,
        "reading:expand:media": "default",
        "reading:expand:spoilers": false,
      }),
    )
    .get("/api/v1/markers", requireScope("read:statuses"), async (c) => {
      const user = currentUser(c);
      const wanted = (await Params.of(c)).getAll("timeline").filter((t): t is Timeline => (timelines as readonly string[]).includes(t));
      const rows =
        wanted.length === 0
          ? []
          : await db
              .select()
              .from(mastodonMarkers)
              .where(and(eq(mastodonMarkers.accountId, user.account.id), inArray(mastodonMarkers.timeline, wanted)));
      return c.json(Object.fromEntries(rows.map((row) => [row.timeline, markerEntity(row)])));
    })
    .post("/api/v1/markers", requireScope("write:statuses"), async (c) => {
      const user = currentUser(c);
      const params = await Params.of(c);
      const saved: Record<string, ReturnType<typeof markerEntity>> = {};
      for (const timeline of timelines) {
        const lastReadId = params.get(`${timeline}[last_read_id]`);
        if (lastReadId === undefined) continue;
        if (lastReadId.length > 64) throw validationFailed("Last read id is too long");
        const [row] = await db
          .insert(mastodonMarkers)
          .values({ accountId: user.account.id, timeline, lastReadId })
          .onConflictDoUpdate({
            target: [mastodonMarkers.accountId, mastodonMarkers.timeline],
            set: { lastReadId, version: sql`${mastodonMarkers.version} + 1`, updatedAt: new Date() },
          })
          .returning();
        if (row) saved[timeline] = markerEntity(row);
      }
      return c.json(saved);
    })
    .get(avatarPath, () => png(defaultImages().avatar))
    .get(headerPath, () => png(defaultImages().header));

  // Features Plaza does not have: Mastodon answers an empty list when one is switched off, and so do we.
  const empty: [string, string][] = [
    ["/api/v1/lists", "read:lists"],
    ["/api/v1/filters", "read:filters"],
    ["/api/v2/filters", "read:filters"],
    ["/api/v1/announcements", ""],
    ["/api/v1/followed_tags", "read:follows"],
    ["/api/v1/blocks", "read:blocks"],
    ["/api/v1/mutes", "read:mutes"],
    ["/api/v1/domain_blocks", "read:blocks"],
    ["/api/v1/bookmarks", "read:bookmarks"],
    ["/api/v1/conversations", "read:statuses"],
    ["/api/v1/featured_tags", "read:accounts"],
    ["/api/v1/endorsements", "read:accounts"],
    ["/api/v1/scheduled_statuses", "read:statuses"],
    ["/api/v1/suggestions", "read"],
    ["/api/v2/suggestions", "read"],
  ];
  for (const [path, scope] of empty) app.get(path, scope === "" ? requireScope() : requireScope(scope), (c) => c.json([]));
  for (const path of ["/api/v1/trends", "/api/v1/trends/tags", "/api/v1/trends/statuses", "/api/v1/trends/links"]) app.get(path, (c) => c.json([]));
  return app;
}

function markerEntity(row: typeof mastodonMarkers.$inferSelect) {
  return { last_read_id: row.lastReadId, version: row.version, updated_at: row.updatedAt.toISOString() };
}

function png(bytes: Uint8Array<ArrayBuffer>): Response {
  return new Response(bytes, { headers: { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" } });
}
