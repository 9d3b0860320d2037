import { Hono } from "hono";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PlazaError } from "../errors.ts";
import { logger } from "../logging.ts";
import { bearerMiddleware } from "./auth.ts";
import type { ApiDeps } from "./deps.ts";
import type { MastodonEnv } from "./env.ts";
import { ApiError, notFound } from "./errors.ts";
import { accountRoutes } from "./routes/accounts.ts";
import { appRoutes } from "./routes/apps.ts";
import { notificationRoutes } from "./routes/notifications.ts";
import { oauthRoutes } from "./routes/oauth.tsx";
import { reportRoutes } from "./routes/reports.ts";
import { searchRoutes } from "./routes/search.ts";
import { serverRoutes } from "./routes/server.ts";
import { statusRoutes } from "./routes/statuses.ts";
import { timelineRoutes } from "./routes/timelines.ts";

const statusByKind: Record<PlazaError["kind"], ContentfulStatusCode> = {
  invalid: 422,
  not_found: 404,
  conflict: 422,
  forbidden: 403,
  unreachable: 503,
};

/**
 * The Mastodon client API and its OAuth server, mounted by web/app.tsx ahead of the federation
 * middleware, the CSRF check and the session cookie: the API authenticates by bearer token, and
 * only the consent page (/oauth/authorize) reads the session and checks the Origin of its form.
 * Every answer under /api/ is JSON in Mastodon's shapes; nothing here ever falls through to the
 * web pages.
 */
export function mastodonApi(deps: ApiDeps): Hono<MastodonEnv> {
  const app = new Hono<MastodonEnv>();
  // Browser-based Mastodon apps (Elk, Phanpy, …) call from their own origins, as they do on Mastodon.
  const crossOrigin = cors({ origin: "*", allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"], exposeHeaders: ["Link"], maxAge: 86400 });
  for (const path of ["/api/*", "/oauth/token", "/oauth/revoke", "/.well-known/oauth-authorization-server"]) app.use(path, crossOrigin);
  app.use("/api/*", bearerMiddleware(deps.db));
  app.route("/", oauthRoutes(deps.db, deps.origin));
  app.route("/", appRoutes(deps));
  app.route("/", accountRoutes(deps));
  app.route("/", serverRoutes(deps));
  app.route("/", statusRoutes(deps));
  app.route("/", timelineRoutes(deps));
  app.route("/", notificationRoutes(deps));
  app.route("/", searchRoutes(deps));
  app.route("/", reportRoutes(deps));
  // Anything else under /api/ is a feature Plaza does not have: Mastodon's answer for a missing record.
  app.all("/api/*", () => {
    throw notFound();
  });
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body, error.status);
    if (error instanceof PlazaError) return c.json({ error: error.kind === "not_found" ? "Record not found" : error.message }, statusByKind[error.kind]);
    // Hono's own refusals (the consent form's Origin check): their status, in Mastodon's shape.
    if (error instanceof HTTPException) return c.json({ error: error.message || "The request could not be handled" }, error.status);
    logger.error("Unexpected error in the Mastodon API on {method} {path}: {error}", { method: c.req.method, path: c.req.path, error });
    return c.json({ error: "The server could not complete this request. It has been logged." }, 500);
  });
  return app;
}
