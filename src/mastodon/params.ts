import type { Context } from "hono";
import { ApiError } from "./errors.ts";

/**
 * A request's parameters the way Rails gives them to Mastodon: the query string and the body
 * (JSON, urlencoded or multipart) merged, nested keys flattened to `home[last_read_id]` and
 * arrays to `id[]`, so that every client's encoding reads the same.
 */
export class Params {
  private constructor(private readonly pairs: readonly (readonly [string, string])[]) {}

  static async of(c: Context, options: { body?: boolean } = {}): Promise<Params> {
    const pairs: [string, string][] = [...new URL(c.req.url).searchParams];
    if (options.body !== false && c.req.method !== "GET" && c.req.method !== "HEAD") pairs.push(...(await bodyPairs(c)));
    return new Params(pairs);
  }

  /** The last value of `name` (a later body value wins over the query, as in Rails). */
  get(name: string): string | undefined {
    for (let i = this.pairs.length - 1; i >= 0; i--) {
      const pair = this.pairs[i];
      if (pair && pair[0] === name) return pair[1];
    }
    return undefined;
  }

  /** `name[]` values (and plain `name` ones, which some clients send for a one-element list). */
  getAll(name: string): string[] {
    return this.pairs.filter(([key]) => key === `${name}[]` || key === name).map(([, value]) => value);
  }

  has(name: string): boolean {
    return this.pairs.some(([key]) => key === name);
  }

  /** A Rails-style boolean ("true", "1", "on"). */
  flag(name: string): boolean {
    const value = this.get(name)?.toLowerCase();
    return value === "true" || value === "1" || value === "on";
  }
}

async function bodyPairs(c: Context): Promise<[string, string][]> {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type.endsWith("+json")) {
    const text = await c.req.text();
    if (text.trim() === "") return [];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ApiError(400, "The request body is not valid JSON.");
    }
    return flatten(json, "");
  }
  if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    const form = await c.req.formData().catch(() => {
      throw new ApiError(400, "The request body could not be read as a form.");
    });
    const pairs: [string, string][] = [];
    for (const [key, value] of form) if (typeof value === "string") pairs.push([key, value]);
    return pairs;
  }
  return [];
}

function flatten(value: unknown, prefix: string): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item) => flatten(item, `${prefix}[]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix === "" ? key : `${prefix}[${key}]`));
  }
  if (value === null || value === undefined || prefix === "") return [];
  return [[prefix, String(value)]];
}
