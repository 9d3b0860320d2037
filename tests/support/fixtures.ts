import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { preloadedContexts } from "@fedify/vocab-runtime";

/**
 * Recorded payloads of other fediverse servers (shared/fixtures/fediverse), and how to make them
 * deliverable to a test server: every host they name becomes the RemoteServer that plays them.
 */
export type Json = Record<string, unknown>;

export const fixturesRoot = path.resolve(import.meta.dirname, "../../../shared/fixtures/fediverse");

/** Every recorded JSON file under `dir`. */
export function fixtureFiles(dir = fixturesRoot): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? fixtureFiles(file) : name.endsWith(".json") ? [file] : [];
  });
}

/** Lemmy's recorded payloads leave out the context its server sends; we put it back. */
const lemmyContext = ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"];

/** A recorded payload, by absolute path or by path under the fixtures root (`mastodon/activities/like_page.json`). */
export function loadFixture(file: string): Json {
  const json = JSON.parse(readFileSync(path.resolve(fixturesRoot, file), "utf8")) as Json;
  return "@context" in json ? json : { "@context": lemmyContext, ...json };
}

export const fixtureLabel = (file: string) => path.relative(fixturesRoot, file);

/** Vocabulary hosts stay as they are; every other host in a recorded payload becomes the test server. */
const vocabularyHosts = new Set(["www.w3.org", "w3id.org", "schema.org", "purl.archive.org", "join-lemmy.org", "joinmastodon.org", "ns.mobilizon.org", "litepub.social"]);

/** Moves every URL of a recorded payload onto `origin` (`https://host/path` → `{origin}/host/path`). */
export function rewrite(value: unknown, origin: string): unknown {
  if (typeof value === "string" && /^https?:\/\//.test(value)) {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || vocabularyHosts.has(url.hostname)) return value;
    // Contexts we cannot fetch here become the ActivityStreams core they all build on.
    if (preloadedContexts[value] === undefined && /context|schema|\.jsonld$/.test(url.pathname)) return "https://www.w3.org/ns/activitystreams";
    return rewrittenUrl(value, origin);
  }
  if (Array.isArray(value)) return value.map((v) => rewrite(v, origin));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, origin)]));
  }
  return value;
}

/** Where `rewrite` moves one recorded URL. */
export function rewrittenUrl(url: string, origin: string): string {
  const parsed = new URL(url);
  return `${origin}/${parsed.hostname}${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** Replaces every string equal to `from` (an id, wherever it appears) with `to`. */
export function replaceIri(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceIri(v, from, to));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceIri(v, from, to)]));
  }
  return value;
}

/** The id of a value that is an IRI or an object with an `id`. */
export const idOf = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "object" && value !== null && "id" in value ? String(value.id) : undefined;
