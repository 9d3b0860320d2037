import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { oauthApplications } from "../../db/schema.ts";
import { currentGrant, requireAppScope } from "../auth.ts";
import type { ApiDeps } from "../deps.ts";
import type { MastodonEnv } from "../env.ts";
import { invalidToken } from "../errors.ts";
import { type ApplicationRow, registerApplication } from "../oauth.ts";
import { Params } from "../params.ts";

/** Mastodon's Application entity; `client_secret` only at registration, the one time it exists in clear. */
function applicationEntity(app: ApplicationRow) {
  return {
    id: String(app.id),
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join("\n"),
    redirect_uris: app.redirectUris,
    // Plaza sends no Web Push.
    vapid_key: null,
  };
}

export function appRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db } = deps;
  return new Hono<MastodonEnv>()
    .post("/api/v1/apps", async (c) => {
      const params = await Params.of(c);
      const { application, clientSecret } = await registerApplication(db, {
        name: params.get("client_name"),
        website: params.get("website"),
        redirectUris: params.getAll("redirect_uris"),
        scopes: params.get("scopes"),
      });
      return c.json({ ...applicationEntity(application), client_id: application.clientId, client_secret: clientSecret, client_secret_expires_at: 0 });
    })
    .get("/api/v1/apps/verify_credentials", requireAppScope(), async (c) => {
      const grant = currentGrant(c);
      const [application] = await db.select().from(oauthApplications).where(eq(oauthApplications.id, grant.application.id));
      if (!application) throw invalidToken();
      return c.json(applicationEntity(application));
    });
}
