import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { Hono } from "hono";
import { type MediaStore, isImageType } from "../../media/store.ts";
import type { WebEnv } from "../env.ts";

/**
 * Uploaded files, served as inert downloads: the stored type and no other (`nosniff`), no script
 * or plugin may run even if a browser opens one (`sandbox`), documents are downloaded rather than
 * shown, and a name never changes content, so caches keep it for good. Only names the store gives
 * (`<32 hex digits>.<extension>`) match; anything else is the app's 404.
 */
export function mediaRoutes(media: MediaStore): Hono<WebEnv> {
  return new Hono<WebEnv>().get("/media/:name{[0-9a-f]{32}\\.[a-z]{3,4}}", async (c) => {
    const found = await media.find(c.req.param("name"));
    if (!found) return c.notFound();
    const headers: Record<string, string> = {
      "Content-Type": found.mediaType,
      "Content-Length": String(found.size),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "public, max-age=31536000, immutable",
    };
    if (!isImageType(found.mediaType)) headers["Content-Disposition"] = "attachment";
    if (c.req.method === "HEAD") return c.body(null, 200, headers);
    // Streamed, not read whole; Node's web stream is the global one under another declaration.
    const body = Readable.toWeb(createReadStream(found.file)) as ReadableStream<Uint8Array>;
    return c.body(body, 200, headers);
  });
}
