import type { KvKey, KvStore, KvStoreListEntry } from "@fedify/fedify";
import { and, eq, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client.ts";
import { fedifyKv } from "./schema.ts";

/**
 * A `Temporal.Duration` of either kind: the TS lib's global type, which Fedify's interfaces name,
 * or the `@js-temporal/polyfill` one that Node 22 code actually creates (the two types are not
 * assignable to each other, their `round` overloads differ).  Only `total` is needed.
 */
export interface AnyDuration {
  total(totalOf: { unit: "millisecond" }): number;
}

/** Fedify's `KvStoreSetOptions`, accepting a polyfill duration too. */
export interface DatabaseKvStoreSetOptions {
  /** How long the value lives; without it, until overwritten or deleted. */
  readonly ttl?: AnyDuration;
}

/** How often, at most, a store deletes the expired rows (they are invisible meanwhile). */
const PURGE_INTERVAL_MS = 60_000;

/**
 * Fedify's key–value store on the `fedify_kv` table, shared by every process using the database.
 *
 * A key is stored as the text `JSON.stringify(key)`, so the keys under the prefix `["a"]` are
 * exactly those whose text starts with `["a",` (a `"` inside an element is always escaped, so
 * an element cannot end early and `["ab"]` does not match).  Values are JSON: anything else (a `Date`,
 * `undefined`, a `Map`) does not survive the round trip.
 *
 * Values go in and come out as JSON *text* (`$1::jsonb`, `value::text`) rather than through the
 * drizzle `jsonb` column mapping, which would mistake a stored string such as `"123"` for the
 * number 123 and cannot store a JSON `null`.
 */
export class DatabaseKvStore implements KvStore {
  readonly #db: Database;
  #lastPurge = 0;

  constructor(db: Database) {
    this.#db = db;
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const rows = await this.#db
      .select({ value: sql<string>`${fedifyKv.value}::text` })
      .from(fedifyKv)
      .where(and(eq(fedifyKv.key, encodeKey(key)), notExpired()));
    const row = rows[0];
    return row == null ? undefined : (JSON.parse(row.value) as T);
  }

  async set(key: KvKey, value: unknown, options?: DatabaseKvStoreSetOptions): Promise<void> {
    await this.#purgeNowAndThen();
    const row = { key: encodeKey(key), value: jsonValue(value), expiresAt: expiry(options) };
    await this.#db
      .insert(fedifyKv)
      .values(row)
      .onConflictDoUpdate({ target: fedifyKv.key, set: { value: row.value, expiresAt: row.expiresAt } });
  }

  async delete(key: KvKey): Promise<void> {
    await this.#db.delete(fedifyKv).where(eq(fedifyKv.key, encodeKey(key)));
  }

  /**
   * Sets `key` to `newValue` only if its current value is JSON-equal to `expectedValue`
   * (`undefined`: only if the key is absent or expired).  Each case is one statement, so two
   * racing callers, in one process or many, cannot both succeed: PostgreSQL re-checks the
   * condition of a conditional UPDATE on the row version left by a concurrent writer, and of
   * two concurrent INSERTs of one key, the second sees the first's row as a conflict.
   */
  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: DatabaseKvStoreSetOptions): Promise<boolean> {
    await this.#purgeNowAndThen();
    const row = { key: encodeKey(key), value: jsonValue(newValue), expiresAt: expiry(options) };
    if (expectedValue === undefined) {
      // Insert, or take over an expired row; a live row makes the upsert a no-op returning nothing.
      const inserted = await this.#db
        .insert(fedifyKv)
        .values(row)
        .onConflictDoUpdate({
          target: fedifyKv.key,
          set: { value: row.value, expiresAt: row.expiresAt },
          setWhere: sql`${fedifyKv.expiresAt} <= now()`,
        })
        .returning({ key: fedifyKv.key });
      return inserted.length > 0;
    }
    const updated = await this.#db
      .update(fedifyKv)
      .set({ value: row.value, expiresAt: row.expiresAt })
      .where(and(eq(fedifyKv.key, row.key), sql`${fedifyKv.value} = ${jsonValue(expectedValue)}`, notExpired()))
      .returning({ key: fedifyKv.key });
    return updated.length > 0;
  }

  /** The live entries whose key is `prefix` or extends it (all of them without a prefix), in no particular order. */
  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const rows = await this.#db
      .select({ key: fedifyKv.key, value: sql<string>`${fedifyKv.value}::text` })
      .from(fedifyKv)
      .where(and(prefix == null ? undefined : underPrefix(prefix), notExpired()));
    for (const row of rows) {
      yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) };
    }
  }

  /** Deletes expired rows, at most once a minute per store, so the table does not grow forever. */
  async #purgeNowAndThen(): Promise<void> {
    if (Date.now() - this.#lastPurge < PURGE_INTERVAL_MS) return;
    this.#lastPurge = Date.now();
    await this.#db.delete(fedifyKv).where(lte(fedifyKv.expiresAt, sql`now()`));
  }
}

function encodeKey(key: KvKey): string {
  return JSON.stringify(key);
}

/**
 * Matches the key itself and the keys one or more elements longer.  `starts_with` rather than
 * `LIKE` because keys may contain `%` and `_`, and rather than a range because the column's
 * collation need not order strings by their bytes.
 */
function underPrefix(prefix: KvKey): SQL | undefined {
  const encoded = encodeKey(prefix);
  const head = `${encoded.slice(0, -1)},`;
  return or(eq(fedifyKv.key, encoded), sql`starts_with(${fedifyKv.key}, ${head})`);
}

function notExpired(): SQL | undefined {
  return or(isNull(fedifyKv.expiresAt), sql`${fedifyKv.expiresAt} > now()`);
}

/** The value as a `jsonb` parameter, sent as JSON text. */
function jsonValue(value: unknown): SQL {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`Cannot store ${typeof value} in the key–value store: not JSON`);
  return sql`${text}::jsonb`;
}

/** The expiry on the database clock, the one all processes share. */
function expiry(options?: DatabaseKvStoreSetOptions): SQL | null {
  if (options?.ttl == null) return null;
  const ms = options.ttl.total({ unit: "millisecond" });
  return sql`now() + ${ms}::float8 * interval '1 millisecond'`;
}
