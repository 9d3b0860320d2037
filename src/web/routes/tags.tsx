import { Hono } from "hono";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import type { WebEnv } from "../env.ts";
import { isHashtagName } from "../../practices/render.ts";
import { meaningOf, tagPath } from "../hashtags.ts";
import { Layout } from "../pages/layout.tsx";
import { TagPage } from "../pages/tag.tsx";
import { listPracticesTagged } from "../queries.ts";

const activityJson = /application\/(activity\+json|ld\+json)/;
/** The largest id a `serial` column holds. */
const maxId = 2 ** 31 - 1;

/**
 * A hashtag's page, `/tags/{name}`: where the Hashtag `href` of our Articles leads (so Mastodon's
 * links to it land somewhere). It lists the published practices whose card carries the hashtag,
 * as hashtagsOf names them (SDG11, ClimateAction, free tags), ignoring case.
 */
export function tagRoutes(db: Database): Hono<WebEnv> {
  return new Hono<WebEnv>().get("/tags/:name", async (c) => {
    const name = c.req.param("name");
    if (!isHashtagName(name)) throw new PlazaError("not_found", "This is not a hashtag: a hashtag has letters, digits and underscores only.");
    // Hashtag collections are not federated yet: ActivityPub clients get a 404, not a page.
    c.header("Vary", "Accept");
    if (activityJson.test(c.req.header("Accept") ?? "")) {
      return c.json({ error: "Hashtags are not published as ActivityPub collections on this server." }, 404);
    }
    // A practice id (an SQL integer); anything else is ignored rather than sent to the database.
    const before = Number(c.req.query("before") ?? Number.NaN);
    const cursor = Number.isInteger(before) && before > 0 && before <= maxId ? before : undefined;
    const meaning = meaningOf(name);
    const page = await listPracticesTagged(db, name, { before: cursor });
    return c.html(
      <Layout title={`#${meaning.name}`} signedIn={c.var.signedIn}>
        <TagPage
          meaning={meaning}
          practices={page.items}
          older={cursor !== undefined}
          olderHref={page.nextCursor === undefined ? undefined : `${tagPath(name)}?before=${page.nextCursor}`}
        />
      </Layout>,
    );
  });
}
