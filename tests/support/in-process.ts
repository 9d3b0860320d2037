import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Context } from "@fedify/fedify";
import { createMember, grantRole } from "../../src/accounts/accounts.ts";
import type { Role } from "../../src/accounts/permissions.ts";
import type { ActorRow, LocalActorKind } from "../../src/actors/model.ts";
import { createLocalActor } from "../../src/actors/store.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { localActorUris } from "../../src/federation/actors.ts";
import { type RunningPlaza, runPlaza } from "../../src/server.ts";
import { freshAddress } from "./addresses.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { Browser } from "./instance.ts";
import { testCa } from "./tls.ts";

/**
 * Plaza running in the test process (web server and queue worker, HTTPS on its own loopback
 * address), as tests/federation/fixtures.test.ts runs it: the test can read and write its
 * database while it serves requests.
 */
export class InProcessPlaza {
  private constructor(
    readonly ip: string,
    private readonly running: RunningPlaza,
    private readonly database: TestDatabase,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<InProcessPlaza> {
    const ca = await testCa();
    const ip = freshAddress();
    const { certFile, keyFile } = await ca.issue(ip);
    const dataDir = await mkdtemp(path.join(tmpdir(), "plaza-in-process-"));
    const database = await createTestDatabase(path.join(dataDir, "db"));
    const running = await runPlaza(
      loadConfig({
        HOST: ip,
        PORT: "443",
        PLAZA_ORIGIN: `https://${ip}`,
        PLAZA_DATA_DIR: dataDir,
        PLAZA_ALLOW_PRIVATE_ADDRESS: "true",
        TLS_CERT_FILE: certFile,
        TLS_KEY_FILE: keyFile,
        LOG_LEVEL: process.env.PLAZA_TEST_LOG_LEVEL ?? "error",
        ...(database.location.kind === "postgres" ? { DATABASE_URL: database.location.url } : {}),
      }),
    );
    return new InProcessPlaza(ip, running, database, dataDir);
  }

  get origin(): string {
    return `https://${this.ip}`;
  }

  get db(): Database {
    return this.running.plaza.database.db;
  }

  context(): Context<void> {
    return this.running.plaza.context();
  }

  url(pathname: string): string {
    return new URL(pathname, this.origin).href;
  }

  async createActor(kind: Exclude<LocalActorKind, "instance" | "member">, username: string, name: string): Promise<ActorRow> {
    const uris = localActorUris(this.context());
    return this.db.transaction((tx) => createLocalActor(tx, uris, { kind, username, name }));
  }

  async createMember(member: { email: string; password: string; username: string; name: string; roles?: Readonly<Record<string, Role>> }): Promise<void> {
    await createMember(this.db, localActorUris(this.context()), member);
    for (const [organization, role] of Object.entries(member.roles ?? {})) await grantRole(this.db, member.email, organization, role);
  }

  /** A browser-like session signed in as a member. */
  async signIn(email: string, password: string): Promise<Browser> {
    const browser = new Browser(this.origin);
    const response = await browser.submit("/sign-in", { email, password });
    if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
    return browser;
  }

  async stop(): Promise<void> {
    await this.running.stop();
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
