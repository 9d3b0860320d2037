import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Database } from "../db/client.ts";
import { PlazaError } from "../errors.ts";
import type { PlazaFederation } from "../federation/federation.ts";
import { logger } from "../logging.ts";
import { mastodonApi } from "../mastodon/api.ts";
import { type MediaStore, maxFileBytes, maxUploadBytes } from "../media/store.ts";
import type { WebEnv } from "./env.ts";
import { federationMiddleware } from "./federation-middleware.ts";
import { Layout } from "./pages/layout.tsx";
import { actorRoutes } from "./routes/actors.tsx";
import { commentRoutes } from "./routes/comments.tsx";
import { homeRoutes } from "./routes/home.tsx";
import { mediaRoutes } from "./routes/media.ts";
import { moderationRoutes } from "./routes/moderation.tsx";
import { practiceRoutes } from "./routes/practices.tsx";
import { reactionRoutes } from "./routes/reactions.tsx";
import { noteRoutes } from "./routes/notes.tsx";
import { collectionRoutes } from "./routes/collections.tsx";
import { searchRoutes } from "./routes/search.tsx";
import { notificationRoutes } from "./routes/notifications.tsx";
import { signInRoutes } from "./routes/sign-in.tsx";
import { tagRoutes } from "./routes/tags.tsx";
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

export function createWebApp(deps: { db: Database; federation: PlazaFederation; origin: URL; media: MediaStore }): Hono<WebEnv> {
  const { db, federation, origin, media } = deps;
  const app = new Hono<WebEnv>();
  app.use(async (c, next) => {
    c.set("origin", origin);
    await next();
  });
  // Uploaded files, before everything else: nothing about them is ActivityPub, a session or a form.
  app.route("/", mediaRoutes(media));
  // Every body is held to 1 MiB (inboxes above all), but for the practice form with its files.
  const defaultLimit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => c.text(`The request body is larger than ${maxBodyBytes / 1024} KiB, the most this server accepts.`, 413),
  });
  const uploadLimit = bodyLimit({
    maxSize: maxUploadBytes,
    onError: (c) =>
      errorPage(
        c,
        413,
        "Too large to save",
        `The form and its files come to more than ${maxUploadBytes / (1024 * 1024)} MiB, the most one save accepts, so nothing was saved. Go back, choose fewer or smaller files (each at most ${maxFileBytes / (1024 * 1024)} MiB), save, then add the others in another edit.`,
      ),
  });
  app.use((c, next) => (isUpload(c.req.method, c.req.path, c.req.header("Content-Type")) ? uploadLimit(c, next) : defaultLimit(c, next)));
  app.route("/", mastodonApi({ db, federation, origin })); // Mastodon client API and OAuth: bearer tokens, so ahead of Fedify, CSRF and sessions
  // A form is never ActivityPub: without this, Fedify would answer a form posted to one of its
  // object URLs (editing /practices/{id}) with the object's JSON instead of passing it on.
  const fedify = federationMiddleware(federation, origin);
  app.use((c, next) => (c.req.method === "POST" && isFormSubmission(c.req.header("Content-Type")) ? next() : fedify(c, next)));
  // Forms are only accepted from our own pages.
  app.use(csrf({ origin: origin.origin }));
  app.use(sessionMiddleware(db));
  app.route("/", homeRoutes(db));
  app.route("/", signInRoutes(db));
  app.route("/", notificationRoutes(db));
  app.route("/", actorRoutes(db, federation));
  app.route("/", practiceRoutes(db, federation, media));
  app.route("/", reactionRoutes(db, federation));
  app.route("/", commentRoutes(db, federation));
  app.route("/", noteRoutes(db, federation));
  app.route("/", collectionRoutes(db, federation));
  app.route("/", tagRoutes(db));
  app.route("/", searchRoutes(db));
  app.route("/", moderationRoutes(db, federation));

  app.notFound((c) => {
    c.set("unrouted", true);
    return errorPage(c, 404, "Not found", "There is nothing at this address.");
  });
  app.onError((error, c) => {
    // Hono's own refusals (a cross-site form, say) carry their status and message.
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof PlazaError) return errorPage(c, statusByKind[error.kind], "That did not work", error.message);
    logger.error("Unexpected error on {method} {path}: {error}", { method: c.req.method, path: c.req.path, error });
    return errorPage(c, 500, "Something went wrong", "The server could not complete this request. It has been logged; please try again.");
  });
  return app;
}

/** The practice form's two POSTs (create, edit), sent with files: the only requests allowed more than 1 MiB. */
const uploadPaths = [/^\/@[a-z0-9_]+\/practices$/, /^\/practices\/[a-z0-9]+$/];

function isUpload(method: string, path: string, contentType: string | undefined): boolean {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  return method === "POST" && type === "multipart/form-data" && uploadPaths.some((pattern) => pattern.test(path));
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
