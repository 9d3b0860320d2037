import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Database } from "../db/client.ts";
import { PlazaError } from "../errors.ts";
import type { PlazaFederation } from "../federation/federation.ts";
import { logger } from "../logging.ts";
import type { WebEnv } from "./env.ts";
import { federationMiddleware } from "./federation-middleware.ts";
import { Layout } from "./pages/layout.tsx";
import { actorRoutes } from "./routes/actors.tsx";
import { homeRoutes } from "./routes/home.tsx";
import { practiceRoutes } from "./routes/practices.tsx";
import { signInRoutes } from "./routes/sign-in.tsx";
import { sessionMiddleware } from "./session.ts";

/** Largest request body we read: generous for an activity or a form, small enough to refuse floods. */
export const maxBodyBytes = 1024 * 1024;

const statusByKind: Record<PlazaError["kind"], ContentfulStatusCode> = {
  invalid: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unreachable: 502,
};

export function createWebApp(deps: { db: Database; federation: PlazaFederation; origin: URL }): Hono<WebEnv> {
  const { db, federation, origin } = deps;
  const app = new Hono<WebEnv>();
  app.use(async (c, next) => {
    c.set("origin", origin);
    await next();
  });
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) => c.text(`The request body is larger than ${maxBodyBytes / 1024} KiB, the most this server accepts.`, 413),
    }),
  );
  // A form is never ActivityPub: without this, Fedify would answer a form posted to one of its
  // object URLs (editing /practices/{id}) with the object's JSON instead of passing it on.
  const fedify = federationMiddleware(federation, origin);
  app.use((c, next) => (c.req.method === "POST" && isFormSubmission(c.req.header("Content-Type")) ? next() : fedify(c, next)));
  // Forms are only accepted from our own pages.
  app.use(csrf({ origin: origin.origin }));
  app.use(sessionMiddleware(db));
  app.route("/", homeRoutes(db));
  app.route("/", signInRoutes(db));
  app.route("/", actorRoutes(db, federation));
  app.route("/", practiceRoutes(db, federation));

  app.notFound((c) => {
    c.set("unrouted", true);
    return errorPage(c, 404, "Not found", "There is nothing at this address.");
  });
  app.onError((error, c) => {
    if (error instanceof PlazaError) return errorPage(c, statusByKind[error.kind], "That did not work", error.message);
    logger.error("Unexpected error on {method} {path}: {error}", { method: c.req.method, path: c.req.path, error });
    return errorPage(c, 500, "Something went wrong", "The server could not complete this request. It has been logged; please try again.");
  });
  return app;
}

function isFormSubmission(contentType: string | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
}

function errorPage(c: Parameters<Parameters<Hono<WebEnv>["notFound"]>[0]>[0], status: ContentfulStatusCode, title: string, message: string) {
  if (!(c.req.header("Accept") ?? "").includes("text/html")) return c.json({ error: message }, status);
  return c.html(
    <Layout title={title} signedIn={c.var.signedIn}>
      <h1>{title}</h1>
      <p>{message}</p>
    </Layout>,
    status,
  );
}
