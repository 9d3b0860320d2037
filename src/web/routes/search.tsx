import { Hono } from "hono";
import type { Database } from "../../db/client.ts";
import { searchPractices } from "../../practices/search.ts";
import { findGoal } from "../../practices/sdg.ts";
import type { WebEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { Layout } from "../pages/layout.tsx";
import { SearchPage } from "../pages/search.tsx";

/** `/search`: practices by words and SDG goal, for anyone, signed in or not. */
export function searchRoutes(db: Database): Hono<WebEnv> {
  return new Hono<WebEnv>().get("/search", async (c) => {
    const text = (c.req.query("q") ?? "").slice(0, 200);
    const goal = findGoal(c.req.query("goal") ?? "")?.code ?? "";
    const asked = text.trim() !== "" || goal !== "";
    const results = asked ? await searchPractices(db, { text, goal: goal || undefined, limit: 50 }) : undefined;
    return c.html(
      <Layout title="Find practices" signedIn={c.var.signedIn} flash={takeFlash(c)}>
        <SearchPage text={text} goal={goal} results={results} />
      </Layout>,
    );
  });
}
