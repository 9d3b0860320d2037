import { Hono } from "hono";
import { listLocalActors } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import type { WebEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { Home } from "../pages/home.tsx";
import { Layout } from "../pages/layout.tsx";
import { listNewestPosts, listNewestPractices } from "../queries.ts";

export function homeRoutes(db: Database): Hono<WebEnv> {
  return new Hono<WebEnv>().get("/", async (c) => {
    const [cities, networks, practices, posts] = await Promise.all([
      listLocalActors(db, "Organization"),
      listLocalActors(db, "Group"),
      listNewestPractices(db, { limit: 20 }),
      listNewestPosts(db, { limit: 10 }),
    ]);
    return c.html(
      <Layout title="Home" signedIn={c.var.signedIn} flash={takeFlash(c)}>
        <Home host={c.var.origin.host} cities={cities} networks={networks} practices={practices} posts={posts} />
      </Layout>,
    );
  });
}
