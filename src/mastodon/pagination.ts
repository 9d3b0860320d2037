import type { Context } from "hono";
import type { Params } from "./params.ts";

/**
 * Mastodon's paging (docs.joinmastodon.org/api/guidelines/#pagination): ids are opaque strings
 * that sort as numbers; `max_id` pages back, `since_id` gives the newest items above an id, and
 * `min_id` the items just above an id. Results are always newest first.
 */
export interface PageRequest {
  readonly maxId: number | undefined;
  readonly sinceId: number | undefined;
  readonly minId: number | undefined;
  readonly limit: number;
}

/** The largest row id (SQL `integer`), and the largest status id (a `bigint` sequence, kept within what a JavaScript number holds). */
export const largestRowId = 2 ** 31 - 1;
export const largestStatusId = Number.MAX_SAFE_INTEGER;

/** Our ids are SQL integers (or bigints for statuses): anything else cannot match a row (and must not reach a query). */
export function parseId(raw: string | undefined, largest = largestRowId): number | undefined {
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id > 0 && id <= largest ? id : undefined;
}

/** A paging bound; one too large for our ids is as good as no bound (`max_id`) or matches nothing (`since_id`/`min_id`). */
function parseBound(raw: string | undefined, kind: "upper" | "lower", largest: number): number | undefined {
  if (raw === undefined || raw === "" || !/^\d+$/.test(raw)) return undefined;
  const id = Number(raw);
  if (id >= largest) return kind === "upper" ? undefined : largest;
  return id;
}

export function parsePage(params: Params, defaults: { limit: number; max: number; largestId?: number }): PageRequest {
  const limit = Number.parseInt(params.get("limit") ?? "", 10);
  const largest = defaults.largestId ?? largestRowId;
  return {
    maxId: parseBound(params.get("max_id"), "upper", largest),
    sinceId: parseBound(params.get("since_id"), "lower", largest),
    minId: parseBound(params.get("min_id"), "lower", largest),
    limit: Number.isFinite(limit) && limit > 0 ? Math.min(limit, defaults.max) : defaults.limit,
  };
}

/**
 * `Link: <…?max_id=last>; rel="next", <…?min_id=first>; rel="prev"` on the public URL of this
 * request, keeping its other parameters; "next" comes first (toot reads only a leading one).
 */
export function setLinkHeader(c: Context, origin: URL, ids: readonly number[], hasMore: boolean): void {
  const first = ids[0];
  const last = ids.at(-1);
  if (first === undefined || last === undefined) return;
  const base = new URL(c.req.path, origin);
  for (const [key, value] of new URL(c.req.url).searchParams) {
    if (!["max_id", "since_id", "min_id"].includes(key)) base.searchParams.append(key, value);
  }
  const link = (key: string, value: number) => {
    const url = new URL(base);
    url.searchParams.set(key, String(value));
    return url.href;
  };
  const parts = [];
  if (hasMore) parts.push(`<${link("max_id", last)}>; rel="next"`);
  parts.push(`<${link("min_id", first)}>; rel="prev"`);
  c.header("Link", parts.join(", "));
}
