import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DatabaseHandle, type DatabaseLocation, openDatabase } from "../../src/db/client.ts";

/**
 * Tests run on the embedded PGlite by default; with `DATABASE_URL` set they run on that
 * PostgreSQL server, each test database created fresh and dropped afterwards.
 */
export const testBackend: DatabaseLocation["kind"] = process.env.DATABASE_URL ? "postgres" : "pglite";

export interface TestDatabase {
  readonly location: DatabaseLocation;
  /** Drops the database (PostgreSQL); nothing to do for an in-memory or on-disk PGlite the caller owns. */
  drop(): Promise<void>;
}

/** A new, empty database location on the back end under test. `pgliteDir` keeps PGlite on disk (restart tests). */
export async function createTestDatabase(pgliteDir?: string): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return { location: { kind: "pglite", dataDir: pgliteDir ?? "memory" }, drop: async () => {} };
  }
  const name = `plaza_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    location: { kind: "postgres", url: url.toString() },
    drop: async () => {
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Opens a fresh, migrated database; `close` closes and drops it. */
export async function openTestDatabase(): Promise<DatabaseHandle & { dispose(): Promise<void> }> {
  const testDb = await createTestDatabase();
  const handle = await openDatabase(testDb.location);
  return {
    ...handle,
    dispose: async () => {
      await handle.close();
      await testDb.drop();
    },
  };
}
