import type { KvKey } from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/client.ts";
import { DatabaseKvStore } from "../../src/db/kv.ts";
import { fedifyKv } from "../../src/db/schema.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let testDb: TestDatabase;
/** Two handles on one database: two connection pools on PostgreSQL, as two processes would have; one PGlite otherwise. */
let first: DatabaseHandle;
let second: DatabaseHandle;
let store: DatabaseKvStore;

beforeAll(async () => {
  testDb = await createTestDatabase();
  first = await openDatabase(testDb.location);
  second = testDb.location.kind === "postgres" ? await openDatabase(testDb.location) : first;
  store = new DatabaseKvStore(first.db);
});

afterAll(async () => {
  if (second !== first) await second?.close();
  await first?.close();
  await testDb?.drop();
});

beforeEach(async () => {
  await first.db.delete(fedifyKv);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Entry {
  key: KvKey;
  value: unknown;
}

/** Entries sorted by encoded key, to compare lists: `list` promises no order. */
function sorted(entries: Entry[]): Entry[] {
  const encoded = (key: KvKey) => JSON.stringify(key);
  return [...entries].sort((a, b) => (encoded(a.key) < encoded(b.key) ? -1 : 1));
}

async function listAll(prefix?: KvKey): Promise<Entry[]> {
  const entries = [];
  for await (const entry of store.list(prefix)) entries.push({ key: entry.key, value: entry.value });
  return sorted(entries);
}

describe("get, set and delete", () => {
  test("a missing key reads as undefined", async () => {
    expect(await store.get(["missing"])).toBeUndefined();
  });

  test("values of every JSON kind come back as they went in", async () => {
    const values: unknown[] = [
      "text",
      "123", // a string that looks like a number stays a string
      "",
      42,
      -1.5,
      true,
      false,
      null,
      [1, "two", { three: 3 }],
      { nested: { list: [null, "x"] }, "key with \"quotes\"": "\\" },
    ];
    for (const [i, value] of values.entries()) {
      await store.set(["value", String(i)], value);
      expect(await store.get(["value", String(i)])).toEqual(value);
    }
  });

  test("setting again overwrites the value", async () => {
    await store.set(["k"], { v: 1 });
    await store.set(["k"], { v: 2 });
    expect(await store.get(["k"])).toEqual({ v: 2 });
    expect(await listAll()).toHaveLength(1);
  });

  test("keys are whole arrays: ['a','b'] and ['a,b'] and ['a'] are distinct", async () => {
    await store.set(["a", "b"], 1);
    await store.set(["a,b"], 2);
    await store.set(["a"], 3);
    expect(await store.get(["a", "b"])).toBe(1);
    expect(await store.get(["a,b"])).toBe(2);
    expect(await store.get(["a"])).toBe(3);
  });

  test("delete removes the key, and deleting a missing key is harmless", async () => {
    await store.set(["gone"], "soon");
    await store.delete(["gone"]);
    expect(await store.get(["gone"])).toBeUndefined();
    await store.delete(["never", "there"]);
  });

  test("a value that is not JSON is refused", async () => {
    await expect(store.set(["bad"], undefined)).rejects.toThrow(TypeError);
  });

  test("another store on the same database sees the same data", async () => {
    const other = new DatabaseKvStore(second.db);
    await store.set(["shared"], "yes");
    expect(await other.get(["shared"])).toBe("yes");
  });
});

describe("time to live", () => {
  test("a value expires after its ttl; one without ttl stays", async () => {
    await store.set(["short"], "lived", { ttl: Temporal.Duration.from({ milliseconds: 300 }) });
    await store.set(["long"], "lived", { ttl: Temporal.Duration.from({ hours: 1 }) });
    await store.set(["forever"], "lived");
    expect(await store.get(["short"])).toBe("lived");
    await sleep(500);
    expect(await store.get(["short"])).toBeUndefined();
    expect(await store.get(["long"])).toBe("lived");
    expect(await store.get(["forever"])).toBe("lived");
    expect(await listAll()).toEqual(
      sorted([
        { key: ["forever"], value: "lived" },
        { key: ["long"], value: "lived" },
      ]),
    );
  });

  test("setting without ttl clears an earlier ttl", async () => {
    await store.set(["k"], 1, { ttl: Temporal.Duration.from({ milliseconds: 200 }) });
    await store.set(["k"], 2);
    await sleep(300);
    expect(await store.get(["k"])).toBe(2);
  });

  test("expired rows are purged by a later write", async () => {
    await store.set(["old"], 1, { ttl: Temporal.Duration.from({ milliseconds: 100 }) });
    await sleep(200);
    // A new store has not purged yet, so its first write does.
    await new DatabaseKvStore(first.db).set(["new"], 2);
    const keys = await first.db.select({ key: fedifyKv.key }).from(fedifyKv);
    expect(keys).toEqual([{ key: '["new"]' }]);
  });
});

describe("list", () => {
  test("lists the prefix itself and the keys under it, not keys merely sharing a string prefix", async () => {
    await store.set(["a"], 0);
    await store.set(["a", "1"], 1);
    await store.set(["a", "2", "x"], 2);
    await store.set(["ab"], 3);
    await store.set(["ab", "1"], 4);
    await store.set(["b", "a"], 5);
    expect(await listAll(["a"])).toEqual(
      sorted([
        { key: ["a"], value: 0 },
        { key: ["a", "1"], value: 1 },
        { key: ["a", "2", "x"], value: 2 },
      ]),
    );
    expect(await listAll(["a", "2"])).toEqual([{ key: ["a", "2", "x"], value: 2 }]);
    expect(await listAll(["ab"])).toEqual(
      sorted([
        { key: ["ab"], value: 3 },
        { key: ["ab", "1"], value: 4 },
      ]),
    );
    expect(await listAll(["c"])).toEqual([]);
  });

  test("keys with quotes, backslashes, commas and LIKE wildcards are matched literally", async () => {
    const keys: KvKey[] = [
      ['say "hi"', "x"],
      ['say "hi', "x"],
      ["100%", "x"],
      ["100", "x"],
      ["a_b", "x"],
      ["axb", "x"],
      ["back\\slash", "x"],
      ["back", "x"],
      ["comma,", "x"],
      ["comma", "", "x"],
    ];
    for (const key of keys) await store.set(key, key.join("|"));
    for (const key of keys) {
      const prefix: KvKey = [key[0] ?? ""];
      expect(await listAll(prefix)).toEqual([{ key, value: key.join("|") }]);
    }
  });

  test("without a prefix, lists every live entry", async () => {
    await store.set(["x"], 1);
    await store.set(["y", "z"], { deep: true });
    await store.set(["gone"], 0, { ttl: Temporal.Duration.from({ milliseconds: 1 }) });
    await sleep(20);
    expect(await listAll()).toEqual(
      sorted([
        { key: ["x"], value: 1 },
        { key: ["y", "z"], value: { deep: true } },
      ]),
    );
  });
});

describe("compare and swap", () => {
  test("swaps when the current value matches, by JSON equality", async () => {
    await store.set(["c"], { a: 1, b: [1, 2] });
    expect(await store.cas(["c"], { b: [1, 2], a: 1 }, "next")).toBe(true);
    expect(await store.get(["c"])).toBe("next");
  });

  test("refuses when the current value differs", async () => {
    await store.set(["c"], { a: 1 });
    expect(await store.cas(["c"], { a: 2 }, "next")).toBe(false);
    expect(await store.cas(["c"], [{ a: 1 }], "next")).toBe(false);
    expect(await store.cas(["c"], undefined, "next")).toBe(false);
    expect(await store.get(["c"])).toEqual({ a: 1 });
  });

  test("a string is not the number it spells", async () => {
    await store.set(["c"], "1");
    expect(await store.cas(["c"], 1, "swapped")).toBe(false);
    expect(await store.cas(["c"], "1", "swapped")).toBe(true);
  });

  test("expecting undefined means the key must be absent", async () => {
    expect(await store.cas(["new"], undefined, 1)).toBe(true);
    expect(await store.get(["new"])).toBe(1);
    expect(await store.cas(["new"], undefined, 2)).toBe(false);
    expect(await store.cas(["absent"], 1, 2)).toBe(false);
    expect(await store.get(["absent"])).toBeUndefined();
  });

  test("a stored null is not an absent key", async () => {
    await store.set(["n"], null);
    expect(await store.cas(["n"], undefined, 1)).toBe(false);
    expect(await store.cas(["n"], null, 1)).toBe(true);
    expect(await store.get(["n"])).toBe(1);
  });

  test("an expired key counts as absent", async () => {
    await store.set(["e"], "old", { ttl: Temporal.Duration.from({ milliseconds: 100 }) });
    await sleep(200);
    expect(await store.cas(["e"], "old", "new")).toBe(false);
    expect(await store.cas(["e"], undefined, "new")).toBe(true);
    expect(await store.get(["e"])).toBe("new");
  });

  test("cas sets the ttl it is given", async () => {
    expect(await store.cas(["t"], undefined, 1, { ttl: Temporal.Duration.from({ milliseconds: 200 }) })).toBe(true);
    expect(await store.get(["t"])).toBe(1);
    await sleep(300);
    expect(await store.get(["t"])).toBeUndefined();
  });

  test("of two stores racing to create a key, exactly one wins", async () => {
    const other = new DatabaseKvStore(second.db);
    for (let round = 0; round < 20; round++) {
      const key: KvKey = ["race", String(round)];
      const [a, b] = await Promise.all([store.cas(key, undefined, "a"), other.cas(key, undefined, "b")]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect(await store.get(key)).toBe(a ? "a" : "b");
    }
  });

  test("increments racing from two stores lose no update", async () => {
    const other = new DatabaseKvStore(second.db);
    const key: KvKey = ["counter"];
    await store.set(key, 0);
    const increment = async (s: DatabaseKvStore, times: number) => {
      for (let i = 0; i < times; i++) {
        for (;;) {
          const current = await s.get<number>(key);
          if (await s.cas(key, current, (current ?? 0) + 1)) break;
        }
      }
    };
    await Promise.all([increment(store, 15), increment(other, 15), increment(store, 15), increment(other, 15)]);
    expect(await store.get(key)).toBe(60);
  });

  test("the stored JSON is real jsonb, not a double-encoded string", async () => {
    await store.set(["j"], { a: 1 });
    const [row] = await first.db
      .select({ type: sql<string>`jsonb_typeof(${fedifyKv.value})` })
      .from(fedifyKv)
      .where(sql`${fedifyKv.key} = '["j"]'`);
    expect(row?.type).toBe("object");
  });
});
