import type { MessageQueue, MessageQueueDepth, MessageQueueListenOptions } from "@fedify/fedify";
import { getLogger } from "@logtape/logtape";
import { and, asc, eq, gt, isNull, lt, lte, notExists, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type DatabaseHandle, notify } from "./client.ts";
import type { AnyDuration } from "./kv.ts";
import { fedifyQueue } from "./schema.ts";

const logger = getLogger(["plaza", "db", "queue"]);

/** The `NOTIFY` channel that wakes listeners when a message is ready. */
export const QUEUE_CHANNEL = "plaza_queue";

export interface DatabaseMessageQueueOptions {
  /**
   * How often an idle worker looks for work without being woken: this is what finds delayed
   * messages once due, and messages whose NOTIFY was missed (e.g. while reconnecting).  Default 1 s.
   */
  readonly pollIntervalMs?: number;
  /**
   * How long a claimed message stays invisible to other workers.  The worker renews the lock
   * while its handler runs, so this bounds only how late a crashed worker's message is retried.
   * Default 60 s.
   */
  readonly lockDurationMs?: number;
  /** How many messages one `listen` call handles at once (each its own loop). Default 1. */
  readonly workers?: number;
}

/** Fedify's `MessageQueueEnqueueOptions`, accepting a polyfill duration too (see `AnyDuration`). */
export interface DatabaseMessageQueueEnqueueOptions {
  /** How long to wait before the message may be handled; not negative. */
  readonly delay?: AnyDuration;
  /** Messages sharing a key are handled one at a time, in the order they were enqueued. */
  readonly orderingKey?: string;
}

type Handler = (message: unknown) => Promise<void> | void;

interface ClaimedMessage {
  readonly id: number;
  readonly message: unknown;
}

/**
 * Fedify's message queue on the `fedify_queue` table: messages survive restarts, and any
 * number of listeners, in one process or many, share the work.
 *
 * A worker claims a row by pushing its `locked_until` into the future, runs the handler, then
 * deletes the row, whatever the handler's outcome: Fedify retries failed work itself by
 * enqueueing it again (`nativeRetrial = false`).  A row stays in the table while it is being
 * handled, which is what lets a crashed worker's message be claimed again once its lock
 * expires, and what holds back later messages with the same ordering key.
 *
 * Do not wrap this queue in Fedify's `ParallelMessageQueue`: its handler returns before the
 * work is done, so the row would be deleted too early (losing it on a crash) and ordering keys
 * would not hold.  Use the `workers` option instead.
 */
export class DatabaseMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  readonly #handle: Pick<DatabaseHandle, "db" | "listen">;
  readonly #pollIntervalMs: number;
  readonly #lockDurationMs: number;
  readonly #workers: number;

  constructor(handle: Pick<DatabaseHandle, "db" | "listen">, options: DatabaseMessageQueueOptions = {}) {
    this.#handle = handle;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#lockDurationMs = options.lockDurationMs ?? 60_000;
    this.#workers = Math.max(1, options.workers ?? 1);
  }

  async enqueue(message: unknown, options?: DatabaseMessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  /** Inserts the messages in one statement, in order (ids follow the array, which ordering keys rely on). */
  async enqueueMany(messages: readonly unknown[], options?: DatabaseMessageQueueEnqueueOptions): Promise<void> {
    if (messages.length === 0) return;
    const delayMs = options?.delay == null ? 0 : options.delay.total({ unit: "millisecond" });
    if (delayMs < 0) throw new RangeError("The delay must not be negative");
    const json = JSON.stringify(messages);
    const elements = sql`jsonb_array_elements(${json}::jsonb) with ordinality as m(message, n)`;
    const runAt = sql`now() + ${delayMs}::float8 * interval '1 millisecond'`;
    await this.#handle.db.execute(sql`
      insert into fedify_queue (message, ordering_key, run_at)
      select m.message, ${options?.orderingKey ?? null}::text, ${runAt} from ${elements} order by m.n`);
    // A delayed message would find nobody to take it yet: the poll picks it up when due.
    if (delayMs === 0) await notify(this.#handle.db, QUEUE_CHANNEL);
  }

  /**
   * Handles messages until `signal` aborts; then waits for the handlers under way, unsubscribes
   * and resolves.  Never rejects: database errors are logged and retried at the next poll.
   */
  async listen(handler: Handler, options: MessageQueueListenOptions = {}): Promise<void> {
    const { signal } = options;
    if (signal?.aborted) return;
    const wakeups = Array.from({ length: this.#workers }, () => new Wakeup());
    const unlisten = await this.#subscribe(() => {
      for (const wakeup of wakeups) wakeup.ring();
    });
    try {
      await Promise.all(wakeups.map((wakeup) => this.#work(handler, wakeup, signal)));
    } finally {
      await unlisten();
    }
  }

  /** Counts the messages not being handled: due ones are `ready`, future ones `delayed`. */
  async getDepth(): Promise<MessageQueueDepth> {
    const waiting = or(isNull(fedifyQueue.lockedUntil), lte(fedifyQueue.lockedUntil, sql`now()`));
    const [row] = await this.#handle.db
      .select({
        queued: sql<number>`(count(*) filter (where ${waiting}))::int`,
        ready: sql<number>`(count(*) filter (where ${and(waiting, lte(fedifyQueue.runAt, sql`now()`))}))::int`,
        delayed: sql<number>`(count(*) filter (where ${and(waiting, gt(fedifyQueue.runAt, sql`now()`))}))::int`,
      })
      .from(fedifyQueue);
    return row ?? { queued: 0, ready: 0, delayed: 0 };
  }

  /** One worker loop: handle messages while there are some, otherwise sleep until woken or the next poll. */
  async #work(handler: Handler, wakeup: Wakeup, signal: AbortSignal | undefined): Promise<void> {
    while (!signal?.aborted) {
      wakeup.reset(); // a NOTIFY from now on must not be lost while we look
      let claimed: ClaimedMessage | undefined;
      try {
        claimed = await this.#claim();
      } catch (error) {
        logger.error("Could not take a message from the queue: {error}", { error });
      }
      if (claimed == null) await wakeup.wait(this.#pollIntervalMs, signal);
      else await this.#process(handler, claimed);
    }
  }

  /**
   * Atomically takes the oldest due message that nobody holds, locking it for this worker.
   * `SKIP LOCKED` lets concurrent workers pass over each other's candidates instead of
   * queueing behind them.  A message with an ordering key waits while any earlier message with
   * that key is still in the table, whether waiting, delayed or being handled.
   */
  async #claim(): Promise<ClaimedMessage | undefined> {
    const db = this.#handle.db;
    const q = alias(fedifyQueue, "q");
    const earlier = alias(fedifyQueue, "earlier");
    const sameKeyBefore = db
      .select({ one: sql`1` })
      .from(earlier)
      .where(and(eq(earlier.orderingKey, q.orderingKey), lt(earlier.id, q.id)));
    const candidate = db
      .select({ id: q.id })
      .from(q)
      .where(
        and(
          lte(q.runAt, sql`now()`),
          or(isNull(q.lockedUntil), lte(q.lockedUntil, sql`now()`)),
          or(isNull(q.orderingKey), notExists(sameKeyBefore)),
        ),
      )
      .orderBy(asc(q.id))
      .limit(1)
      .for("update", { skipLocked: true });
    const rows = await db
      .update(fedifyQueue)
      .set({ lockedUntil: this.#lockExpiry() })
      .where(eq(fedifyQueue.id, sql`(${candidate})`))
      .returning({ id: fedifyQueue.id, message: sql<string>`${fedifyQueue.message}::text` });
    const row = rows[0];
    // The message goes back as text and is parsed here (see DatabaseKvStore on drizzle's jsonb mapping).
    return row == null ? undefined : { id: row.id, message: JSON.parse(row.message) };
  }

  /** Runs the handler on a claimed message, keeping its lock alive meanwhile, then deletes the row. */
  async #process(handler: Handler, claimed: ClaimedMessage): Promise<void> {
    const renewal = this.#keepLocked(claimed.id);
    try {
      await handler(claimed.message);
    } catch (error) {
      // Fedify's own handlers catch and re-enqueue; anything reaching us is logged and dropped.
      logger.error("A queue handler failed on message {id}; dropping it: {error}", { id: claimed.id, error });
    } finally {
      await renewal.stop();
    }
    try {
      await this.#handle.db.delete(fedifyQueue).where(eq(fedifyQueue.id, claimed.id));
    } catch (error) {
      // The lock will expire and the message be handled again: at-least-once delivery.
      logger.error("Could not delete handled message {id}: {error}", { id: claimed.id, error });
    }
  }

  /** Pushes the lock forward every third of its duration, so a slow handler keeps its message. */
  #keepLocked(id: number): { stop(): Promise<void> } {
    let pending: Promise<unknown> = Promise.resolve();
    const renew = async () => {
      try {
        await this.#handle.db.update(fedifyQueue).set({ lockedUntil: this.#lockExpiry() }).where(eq(fedifyQueue.id, id));
      } catch (error) {
        logger.warn("Could not renew the lock of message {id}: {error}", { id, error });
      }
    };
    // Chained, so that a slow renewal is never left behind un-awaited by the next one.
    const timer = setInterval(() => {
      pending = pending.then(renew);
    }, this.#lockDurationMs / 3);
    return {
      stop: async () => {
        clearInterval(timer);
        await pending; // so that no query outlives `listen` (the database may be closed next)
      },
    };
  }

  #lockExpiry(): SQL {
    return sql`now() + ${this.#lockDurationMs}::float8 * interval '1 millisecond'`;
  }

  /** Subscribes to the channel; an unsubscribe failure (database already closed) is only logged. */
  async #subscribe(onNotify: () => void): Promise<() => Promise<void>> {
    try {
      const unlisten = await this.#handle.listen(QUEUE_CHANNEL, onNotify);
      return async () => {
        try {
          await unlisten();
        } catch (error) {
          logger.warn("Could not stop listening to {channel}: {error}", { channel: QUEUE_CHANNEL, error });
        }
      };
    } catch (error) {
      // Without notifications the poll still finds every message, only later.
      logger.error("Could not listen to {channel}; polling only: {error}", { channel: QUEUE_CHANNEL, error });
      return async () => {};
    }
  }
}

/**
 * Wakes one sleeping worker loop on a notification.  A notification that comes while the loop
 * is busy is remembered, so that its next `wait` returns at once instead of sleeping a poll.
 */
class Wakeup {
  #rung = false;
  #wake: (() => void) | undefined;

  ring(): void {
    this.#rung = true;
    this.#wake?.();
  }

  reset(): void {
    this.#rung = false;
  }

  /** Resolves on `ring`, after `ms`, or when `signal` aborts, whichever first; leaves no timer or listener behind. */
  wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#rung || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      this.#wake = done;
    });
  }
}
