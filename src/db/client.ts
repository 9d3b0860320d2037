import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { lockDataDir } from "./pglite-lock.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** The drizzle database, the same type whichever back end serves it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** Where the data lives: a PostgreSQL server, or the embedded PGlite in a folder (or in memory, for tests). */
export type DatabaseLocation =
  | { readonly kind: "postgres"; readonly url: string }
  | { readonly kind: "pglite"; readonly dataDir: string | "memory" };

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: DatabaseLocation["kind"];
  /** Calls `onNotify` for every `NOTIFY` on `channel` (used to wake queue workers); resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../migrations");

/** Opens the database and brings its schema up to date. */
export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  return location.kind === "postgres" ? openPostgres(location.url) : openPglite(location.dataDir);
}

async function openPglite(dataDir: string | "memory"): Promise<DatabaseHandle> {
  let unlock = async () => {};
  if (dataDir !== "memory") {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  const client = new PGlite(dataDir === "memory" ? undefined : dataDir);
  const db = drizzlePglite({ client, schema });
  try {
    await migratePglite(db, { migrationsFolder });
  } catch (error) {
    await client.close();
    await unlock();
    throw error;
  }
  return {
    db,
    kind: "pglite",
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, onNotify);
      return () => unlisten();
    },
    close: async () => {
      await client.close();
      await unlock();
    },
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema });
  await migrateExclusively(client, () => migratePostgres(db, { migrationsFolder }));
  return {
    db,
    kind: "postgres",
    listen: async (channel, onNotify) => {
      const { unlisten } = await client.listen(channel, onNotify);
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Several web and worker processes may start at once on one server: only one migrates at a time. */
async function migrateExclusively(client: postgres.Sql, run: () => Promise<void>): Promise<void> {
  const lockId = 0x706c617a61; // "plaza"
  await client.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${lockId})`;
    await run();
  });
}

/** Sends a notification on a channel; both back ends deliver it to `listen` subscribers. */
export async function notify(db: Database, channel: string, payload = ""): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}
