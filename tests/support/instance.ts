import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMember, grantRole } from "../../src/accounts/accounts.ts";
import type { Role } from "../../src/accounts/permissions.ts";
import type { LocalActorKind } from "../../src/actors/model.ts";
import { createLocalActor } from "../../src/actors/store.ts";
import { loadConfig } from "../../src/config.ts";
import { localActorUris } from "../../src/federation/actors.ts";
import { openPlaza } from "../../src/server.ts";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { freshAddress } from "./addresses.ts";
import { testCa } from "./tls.ts";

const root = path.resolve(import.meta.dirname, "../..");
export interface Seed {
  readonly actors?: readonly { kind: Exclude<LocalActorKind, "instance" | "member">; username: string; name: string; approveFollowers?: boolean }[];
  readonly members?: readonly { email: string; password: string; username: string; name: string; roles?: Readonly<Record<string, Role>> }[];
}

/**
 * What a test server needs before it starts: its own loopback address with a certificate from the
 * test CA, a data folder (named from `prefix`), a fresh database, and the settings that point Plaza at them.
 */
export async function prepareTestServer(prefix: string) {
  const ca = await testCa();
  const ip = freshAddress();
  const { certFile, keyFile } = await ca.issue(ip);
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  const database = await createTestDatabase(path.join(dataDir, "db"));
  const settings: Record<string, string> = {
    HOST: ip,
    PORT: "443",
    PLAZA_ORIGIN: `https://${ip}`,
    PLAZA_DATA_DIR: dataDir,
    PLAZA_ALLOW_PRIVATE_ADDRESS: "true",
    TLS_CERT_FILE: certFile,
    TLS_KEY_FILE: keyFile,
    ...(database.location.kind === "postgres" ? { DATABASE_URL: database.location.url } : {}),
  };
  return { ip, caCertFile: ca.certFile, dataDir, database, settings };
}

/**
 * A Plaza server in a child process, as an operator would run it (`src/main.ts`, settings from the
 * environment), serving HTTPS on 443 of its own loopback address with a certificate from the test CA.
 */
export class Instance {
  private process: ChildProcess | undefined;
  private output = "";

  private constructor(
    readonly ip: string,
    readonly env: Readonly<Record<string, string>>,
    private readonly database: TestDatabase,
    private readonly dataDir: string,
  ) {}

  static async create(options: { seed?: Seed; env?: Record<string, string> } = {}): Promise<Instance> {
    const { ip, caCertFile, dataDir, database, settings } = await prepareTestServer("plaza-instance-");
    const env: Record<string, string> = { ...settings, NODE_EXTRA_CA_CERTS: caCertFile, LOG_LEVEL: "warning", ...options.env };
    const instance = new Instance(ip, env, database, dataDir);
    if (options.seed) await instance.seed(options.seed);
    return instance;
  }

  get origin(): string {
    return `https://${this.ip}`;
  }

  handle(username: string): string {
    return `@${username}@${this.ip}`;
  }

  url(pathname: string): string {
    return new URL(pathname, this.origin).href;
  }

  /** Writes cities, networks and members straight into the database, before the server starts. */
  private async seed(seed: Seed): Promise<void> {
    const plaza = await openPlaza(loadConfig({ ...process.env, ...this.env }));
    try {
      const uris = localActorUris(plaza.context());
      const { db } = plaza.database;
      for (const actor of seed.actors ?? []) {
        await db.transaction((tx) =>
          createLocalActor(tx, uris, { kind: actor.kind, username: actor.username, name: actor.name, manuallyApprovesFollowers: actor.approveFollowers ?? false }),
        );
      }
      for (const member of seed.members ?? []) {
        await createMember(db, uris, member);
        for (const [organization, role] of Object.entries(member.roles ?? {})) await grantRole(db, member.email, organization, role);
      }
    } finally {
      await plaza.database.close();
    }
  }

  /** Starts the server and waits until it answers. */
  async start(): Promise<void> {
    const child = this.spawnPlaza(this.env);
    this.process = child;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Plaza on ${this.ip} exited with ${child.exitCode}:\n${this.output}`);
      try {
        const response = await fetch(this.url("/nodeinfo/2.1"));
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Plaza on ${this.ip} did not start within a minute:\n${this.output}`);
  }

  /**
   * A separate queue worker on the same database (PostgreSQL only), as an operator scales out:
   * run the instance with PLAZA_ROLE=web and this beside it. Returns a function that stops it.
   */
  startWorker(): () => Promise<void> {
    const child = this.spawnPlaza({ ...this.env, PLAZA_ROLE: "worker" });
    return async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    };
  }

  private spawnPlaza(env: Readonly<Record<string, string>>): ChildProcess {
    // `timeout` makes sure a server outlives a crashed test run by minutes at most.
    const child = spawn("timeout", ["--kill-after=5", "900", process.execPath, "--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    return child;
  }

  /** Stops the server gracefully (SIGTERM), as an operator's service manager would. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }

  /** What the server printed so far (for failure messages). */
  get log(): string {
    return this.output;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** A browser-like session: keeps cookies and sends our Origin on forms, as a page of ours would. */
  async signIn(email: string, password: string): Promise<Browser> {
    const browser = new Browser(this.origin);
    const response = await browser.submit("/sign-in", { email, password });
    if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
    return browser;
  }
}

export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  async get(pathname: string, accept = "text/html"): Promise<Response> {
    return this.remember(await fetch(new URL(pathname, this.origin), { headers: { Accept: accept, Cookie: this.cookieHeader() }, redirect: "manual" }));
  }

  /** Submits a form the way a browser does: urlencoded, with our Origin, following no redirect. */
  async submit(pathname: string, fields: Record<string, string>): Promise<Response> {
    return this.submitBody(pathname, new URLSearchParams(fields));
  }

  /** Submits a form body that may repeat a field (checkboxes). */
  async submitBody(pathname: string, body: URLSearchParams): Promise<Response> {
    return this.remember(
      await fetch(new URL(pathname, this.origin), {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.origin, Accept: "text/html", Cookie: this.cookieHeader() },
        body,
        redirect: "manual",
      }),
    );
  }

  /**
   * Submits a form with files, as a browser does for `enctype="multipart/form-data"` (fetch writes
   * the boundary). `origin` replaces our Origin header, to play a page of another site.
   */
  async submitMultipart(pathname: string, form: FormData, options: { origin?: string } = {}): Promise<Response> {
    return this.remember(
      await fetch(new URL(pathname, this.origin), {
        method: "POST",
        headers: { Origin: options.origin ?? this.origin, Accept: "text/html", Cookie: this.cookieHeader() },
        body: form,
        redirect: "manual",
      }),
    );
  }

  /** Submits a form and returns the text of the page it leads to (with its one-time message). */
  async submitAndFollow(pathname: string, fields: Record<string, string>): Promise<string> {
    const response = await this.submit(pathname, fields);
    const location = response.headers.get("Location");
    if (response.status !== 303 || !location) throw new Error(`expected a redirect, got ${response.status}: ${await response.text()}`);
    return (await this.get(location)).text();
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: Response): Response {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** Waits until `check` passes (it throws or returns false until then); fails with its last error. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result !== false) return result;
      lastError = new Error("condition still false");
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw lastError;
}

/** Waits until `find` finds something (it returns `undefined` until then), and gives it. */
export async function eventuallyFound<T>(find: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const found = await eventually(async () => (await find()) ?? false, timeoutMs);
  if (found === false) throw new Error("nothing found");
  return found;
}
