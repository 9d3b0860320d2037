import { testMessageQueue } from "@fedify/testing";
import { Temporal } from "@js-temporal/polyfill";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/client.ts";
import { DatabaseMessageQueue, type DatabaseMessageQueueOptions } from "../../src/db/queue.ts";
import { fedifyQueue } from "../../src/db/schema.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";

let testDb: TestDatabase;
/** Two handles on one database: two connection pools on PostgreSQL, as two processes would have; one PGlite otherwise. */
let first: DatabaseHandle;
let second: DatabaseHandle;

beforeAll(async () => {
  testDb = await createTestDatabase();
  first = await openDatabase(testDb.location);
  second = testDb.location.kind === "postgres" ? await openDatabase(testDb.location) : first;
});

afterAll(async () => {
  if (second !== first) await second?.close();
  await first?.close();
  await testDb?.drop();
});

/** Every test's listeners stop through this controller, so none outlives its test. */
let controller: AbortController;
const listening: Promise<void>[] = [];

beforeEach(async () => {
  controller = new AbortController();
  await first.db.delete(fedifyQueue);
});

afterEach(async () => {
  controller.abort();
  await Promise.all(listening.splice(0));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error("Timed out waiting");
    await sleep(20);
  }
}

/** A fast-polling queue, so tests that rely on the poll (no NOTIFY) stay quick. */
function queue(handle: DatabaseHandle, options: DatabaseMessageQueueOptions = {}): DatabaseMessageQueue {
  return new DatabaseMessageQueue(handle, { pollIntervalMs: 100, ...options });
}

function listen(mq: DatabaseMessageQueue, handler: (message: unknown) => Promise<void> | void): void {
  listening.push(mq.listen(handler, { signal: controller.signal }));
}

async function rowCount(): Promise<number> {
  const [row] = await first.db.select({ n: sql<number>`count(*)::int` }).from(fedifyQueue);
  return row?.n ?? -1;
}

test("passes Fedify's message queue conformance suite, ordering keys included", { timeout: 120_000 }, async () => {
  const handles = [first, second];
  await testMessageQueue(
    // Default options (1 s poll): the suite also checks that NOTIFY wakes listeners in time.
    () => new DatabaseMessageQueue(handles.shift() ?? first),
    ({ controller }) => controller.abort(),
    { testOrderingKey: true },
  );
  expect(await rowCount()).toBe(0);
});

describe("delivery", () => {
  test("a NOTIFY wakes an idle listener long before its poll", async () => {
    const mq = new DatabaseMessageQueue(first, { pollIntervalMs: 60_000 });
    const received: unknown[] = [];
    listen(mq, (message) => {
      received.push(message);
    });
    await sleep(200); // let it subscribe and go idle
    await new DatabaseMessageQueue(second).enqueue({ hello: "world" });
    await waitUntil(() => received.length > 0, 5_000);
    expect(received).toEqual([{ hello: "world" }]);
  });

  test("messages keep their JSON shape, strings that look like numbers included", async () => {
    const mq = queue(first);
    const messages = ["123", 123, null, { type: "Create", to: ["a", "b"] }, [1, [2]]];
    const received: unknown[] = [];
    listen(mq, (message) => {
      received.push(message);
    });
    for (const message of messages) await mq.enqueue(message);
    await waitUntil(() => received.length === messages.length);
    expect(received).toEqual(messages);
  });

  test("a delayed message waits for its time", async () => {
    const mq = queue(first);
    const received: number[] = [];
    listen(mq, () => {
      received.push(Date.now());
    });
    const started = Date.now();
    await mq.enqueue("later", { delay: Temporal.Duration.from({ milliseconds: 700 }) });
    await waitUntil(() => received.length > 0);
    expect((received[0] ?? 0) - started).toBeGreaterThanOrEqual(650);
  });

  test("a negative delay is refused", async () => {
    await expect(queue(first).enqueue("x", { delay: Temporal.Duration.from({ seconds: -1 }) })).rejects.toThrow(RangeError);
  });

  test("a handler error is logged, the message dropped, and the listener goes on", async () => {
    const mq = queue(first);
    const received: unknown[] = [];
    listen(mq, (message) => {
      received.push(message);
      if (message === "bad") throw new Error("handler failure");
    });
    await mq.enqueue("bad");
    await mq.enqueue("good");
    await waitUntil(() => received.length === 2);
    expect(received).toEqual(["bad", "good"]);
    await waitUntil(async () => (await rowCount()) === 0);
    await sleep(300); // the failed message is not delivered again (Fedify retries by re-enqueueing)
    expect(received).toEqual(["bad", "good"]);
  });

  test("several workers in one listen share the work", async () => {
    const mq = queue(first, { workers: 4 });
    let running = 0;
    let mostAtOnce = 0;
    let done = 0;
    listen(mq, async () => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(100);
      running--;
      done++;
    });
    await mq.enqueueMany([1, 2, 3, 4, 5, 6, 7, 8]);
    await waitUntil(() => done === 8);
    expect(mostAtOnce).toBeGreaterThan(1);
    expect(mostAtOnce).toBeLessThanOrEqual(4);
  });
});

describe("crash safety", () => {
  test("a message claimed by a worker that crashed is delivered again once its lock expires", async () => {
    const mq = queue(first);
    await mq.enqueue("orphan");
    // What a crashed worker leaves behind: a claimed row whose lock has run out.
    await first.db.update(fedifyQueue).set({ lockedUntil: sql`now() - interval '1 second'` });
    const received: unknown[] = [];
    listen(mq, (message) => {
      received.push(message);
    });
    await waitUntil(() => received.length > 0);
    expect(received).toEqual(["orphan"]);
    await waitUntil(async () => (await rowCount()) === 0);
  });

  test("a message whose lock has not expired yet is left alone until it does", async () => {
    const mq = queue(first);
    await mq.enqueue("held");
    await first.db.update(fedifyQueue).set({ lockedUntil: sql`now() + interval '800 milliseconds'` });
    const received: number[] = [];
    const started = Date.now();
    listen(mq, () => {
      received.push(Date.now());
    });
    await sleep(400);
    expect(received).toEqual([]);
    await waitUntil(() => received.length > 0);
    expect((received[0] ?? 0) - started).toBeGreaterThanOrEqual(700);
  });

  test("a handler slower than the lock duration keeps its message: no second delivery", async () => {
    // The lock is renewed every 200 ms; it would have run out twice over without renewal.
    const options = { lockDurationMs: 600 };
    const deliveries: unknown[] = [];
    const handler = async (message: unknown) => {
      deliveries.push(message);
      await sleep(1_500);
    };
    listen(queue(first, options), handler);
    listen(queue(second, options), handler);
    await queue(first).enqueue("slow");
    await waitUntil(() => deliveries.length > 0);
    await waitUntil(async () => (await rowCount()) === 0, 5_000);
    expect(deliveries).toEqual(["slow"]);
  });
});

describe("ordering keys", () => {
  test("messages with one key run one at a time, in order, across listeners; other keys run meanwhile", async () => {
    const events: string[] = [];
    const handler = async (message: unknown) => {
      const label = String(message);
      events.push(`start ${label}`);
      await sleep(label.startsWith("a") ? 150 : 10);
      events.push(`end ${label}`);
    };
    for (const handle of [first, second, first]) listen(queue(handle), handler);
    const mq = queue(first);
    await mq.enqueueMany(["a1", "a2"], { orderingKey: "a" });
    await mq.enqueue("b1", { orderingKey: "b" });
    await mq.enqueue("a3", { orderingKey: "a" });
    await waitUntil(() => events.length === 8);
    const ofA = events.filter((e) => e.endsWith("a1") || e.endsWith("a2") || e.endsWith("a3"));
    expect(ofA).toEqual(["start a1", "end a1", "start a2", "end a2", "start a3", "end a3"]);
    // b1 did not wait for the a chain.
    expect(events.indexOf("end b1")).toBeLessThan(events.indexOf("end a3"));
  });

  test("a later message waits for an earlier one with the same key even while it is delayed", async () => {
    const mq = queue(first);
    const received: unknown[] = [];
    listen(mq, (message) => {
      received.push(message);
    });
    await mq.enqueue("first", { orderingKey: "k", delay: Temporal.Duration.from({ milliseconds: 500 }) });
    await mq.enqueue("second", { orderingKey: "k" });
    await mq.enqueue("unkeyed");
    await waitUntil(() => received.length === 3);
    expect(received).toEqual(["unkeyed", "first", "second"]);
  });

  test("a crashed worker's message still blocks its key until it is redelivered", async () => {
    const mq = queue(first);
    await mq.enqueue("one", { orderingKey: "k" });
    await mq.enqueue("two", { orderingKey: "k" });
    await first.db
      .update(fedifyQueue)
      .set({ lockedUntil: sql`now() + interval '500 milliseconds'` })
      .where(sql`${fedifyQueue.id} = (select min(id) from fedify_queue)`);
    const received: unknown[] = [];
    listen(mq, (message) => {
      received.push(message);
    });
    await sleep(300);
    expect(received).toEqual([]);
    await waitUntil(() => received.length === 2);
    expect(received).toEqual(["one", "two"]);
  });
});

describe("listen and getDepth", () => {
  test("aborting resolves listen, after the handler under way finishes", async () => {
    const mq = queue(first);
    const own = new AbortController();
    let finished = false;
    let started = false;
    const done = mq.listen(
      async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
      { signal: own.signal },
    );
    await mq.enqueue("x");
    await waitUntil(() => started);
    own.abort();
    await done;
    expect(finished).toBe(true);
    await waitUntil(async () => (await rowCount()) === 0);
  });

  test("an idle listener resolves promptly on abort, and an already aborted signal returns at once", async () => {
    const mq = new DatabaseMessageQueue(first, { pollIntervalMs: 60_000 });
    const own = new AbortController();
    const done = mq.listen(() => {}, { signal: own.signal });
    await sleep(100);
    const aborted = Date.now();
    own.abort();
    await done;
    expect(Date.now() - aborted).toBeLessThan(1_000);
    await mq.listen(() => {}, { signal: AbortSignal.abort() });
  });

  test("a stopped listener takes no more messages", async () => {
    const mq = queue(first);
    const own = new AbortController();
    const received: unknown[] = [];
    const done = mq.listen(
      (message) => {
        received.push(message);
      },
      { signal: own.signal },
    );
    await sleep(100);
    own.abort();
    await done;
    await mq.enqueue("nobody");
    await sleep(300);
    expect(received).toEqual([]);
    expect(await rowCount()).toBe(1);
  });

  test("getDepth counts waiting messages, ready and delayed, but not those being handled", async () => {
    const mq = queue(first);
    expect(await mq.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });
    await mq.enqueueMany(["r1", "r2", "r3"]);
    await mq.enqueue("d1", { delay: Temporal.Duration.from({ minutes: 5 }) });
    expect(await mq.getDepth()).toEqual({ queued: 4, ready: 3, delayed: 1 });
    // One in a worker's hands (live lock), one left by a crashed worker (expired lock: waiting again).
    const ids = await first.db.select({ id: fedifyQueue.id }).from(fedifyQueue).orderBy(fedifyQueue.id);
    await first.db
      .update(fedifyQueue)
      .set({ lockedUntil: sql`now() + interval '1 minute'` })
      .where(sql`${fedifyQueue.id} = ${ids[0]?.id}`);
    await first.db
      .update(fedifyQueue)
      .set({ lockedUntil: sql`now() - interval '1 minute'` })
      .where(sql`${fedifyQueue.id} = ${ids[1]?.id}`);
    expect(await mq.getDepth()).toEqual({ queued: 3, ready: 2, delayed: 1 });
  });
});
