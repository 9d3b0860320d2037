import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authenticate } from "../src/accounts/accounts.ts";
import { openDatabase } from "../src/db/client.ts";
import { type TestDatabase, createTestDatabase, testBackend } from "./support/database.ts";
import { Instance } from "./support/instance.ts";

const root = path.resolve(import.meta.dirname, "..");
const origin = "https://plaza.test";

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI (`npm run plaza -- …`) in a child process with the given environment. */
function plaza(args: readonly string[], env: Record<string, string>): Promise<Outcome> {
  const inherited = { ...process.env };
  // The CLI must use exactly the database we give it, never one inherited from the test run.
  delete inherited.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
      cwd: root,
      env: { ...inherited, PLAZA_ORIGIN: origin, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A message for people: no "Unexpected error", no stack frames. */
function expectCleanError(outcome: Outcome): void {
  expect(outcome.code).toBe(2);
  expect(outcome.stderr).not.toMatch(/^\s+at /m);
  expect(outcome.stderr).not.toContain("Unexpected error");
  expect(outcome.stderr).not.toContain("PlazaError");
}

describe("the plaza CLI", () => {
  let dataDir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "plaza-cli-"));
    database = await createTestDatabase();
    env = {
      PLAZA_DATA_DIR: dataDir,
      ...(database.location.kind === "postgres" ? { DATABASE_URL: database.location.url } : {}),
    };
  });

  afterAll(async () => {
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("--help and no arguments print the usage and exit 0 without opening the database", async () => {
    const helpDir = await mkdtemp(path.join(tmpdir(), "plaza-cli-help-"));
    try {
      const outcomes = await Promise.all([["--help"], ["-h"], []].map((args) => plaza(args, { PLAZA_DATA_DIR: helpDir })));
      for (const outcome of outcomes) {
        expect(outcome.code).toBe(0);
        expect(outcome.stdout).toContain("Plaza administration.");
        expect(outcome.stdout).toContain("city create <username>");
        expect(outcome.stdout).toContain("role grant --email E --in ORGANIZATION");
      }
      expect(await readdir(helpDir)).toEqual([]);
    } finally {
      await rm(helpDir, { recursive: true, force: true });
    }
  });

  test("city create, network create, then list shows them with their handles", async () => {
    const created = await plaza(["city", "create", "paris", "--name", "Paris", "--summary", "Ville de Paris"], env);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toBe(`Created city Paris @paris@plaza.test (${origin}/@paris)`);

    expect((await plaza(["network", "create", "uclg", "--name", "UCLG", "--approve-followers"], env)).code).toBe(0);

    const list = await plaza(["list"], env);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split("\n");
    expect(lines).toEqual(["Cities:", "  @paris@plaza.test  Paris", "Networks:", "  @uclg@plaza.test  UCLG", "Members:", "  (none)"]);
  });

  test("a username already taken: exit 2 with a clear message and no stack trace", async () => {
    const outcome = await plaza(["city", "create", "paris", "--name", "Paris again"], env);
    expectCleanError(outcome);
    expect(outcome.stderr.trim()).toBe('The username "paris" is already taken on this server.');
  });

  test("an invalid username: exit 2 with the rule in the message", async () => {
    const outcome = await plaza(["city", "create", "Buenos-Aires", "--name", "Buenos Aires"], env);
    expectCleanError(outcome);
    expect(outcome.stderr).toContain('"Buenos-Aires" cannot be a username');
    expect(outcome.stderr).toContain("1 to 30 lower-case letters (a–z), digits or underscores");
  });

  test("a missing --name or username: exit 2 saying what is missing", async () => {
    const noName = await plaza(["city", "create", "lyon"], env);
    expectCleanError(noName);
    expect(noName.stderr).toContain("--name is required");
    const noUsername = await plaza(["network", "create", "--name", "X"], env);
    expectCleanError(noUsername);
    expect(noUsername.stderr).toContain("Give the network's username");
  });

  test("member create without --password prints a generated password that signs in", async () => {
    const outcome = await plaza(["member", "create", "--email", "anne@paris.test", "--username", "anne", "--name", "Anne"], env);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("Created member Anne @anne@plaza.test");
    const generated = /^Password: (\S+)$/m.exec(outcome.stdout)?.[1];
    expect(generated).toBeDefined();
    expect(generated!.length).toBeGreaterThanOrEqual(10);

    // Check against the database the CLI wrote (the CLI has exited, so PGlite's lock is free).
    const handle = await openDatabase(
      database.location.kind === "postgres" ? database.location : { kind: "pglite", dataDir: path.join(dataDir, "db") },
    );
    try {
      expect(await authenticate(handle.db, "anne@paris.test", generated!)).toMatchObject({ kind: "signed_in", account: { email: "anne@paris.test" } });
      expect(await authenticate(handle.db, "anne@paris.test", "not the password")).toEqual({ kind: "refused" });
    } finally {
      await handle.close();
    }

    const withPassword = await plaza(
      ["member", "create", "--email", "bruno@paris.test", "--username", "bruno", "--name", "Bruno", "--password", "correct horse battery"],
      env,
    );
    expect(withPassword.code).toBe(0);
    expect(withPassword.stdout).not.toContain("Password:");
  });

  test("role grant of coordinator in a city: exit 2 explaining the roles; editor works", async () => {
    const refused = await plaza(["role", "grant", "--email", "anne@paris.test", "--in", "paris", "--role", "coordinator"], env);
    expectCleanError(refused);
    expect(refused.stderr.trim()).toBe('A city has no "coordinator" role; its roles are editor, admin.');

    const unknownRole = await plaza(["role", "grant", "--email", "anne@paris.test", "--in", "paris", "--role", "mayor"], env);
    expectCleanError(unknownRole);
    expect(unknownRole.stderr).toContain('--role must be editor, admin or coordinator, not "mayor"');

    const granted = await plaza(["role", "grant", "--email", "anne@paris.test", "--in", "paris", "--role", "editor"], env);
    expect(granted.code).toBe(0);
    expect(granted.stdout.trim()).toBe("anne@paris.test is now editor of paris");
  });

  test("an unknown command or option: exit 2 with the usage", async () => {
    // Neither touches the other's database: the unknown option is refused before anything is opened.
    const [command, option] = await Promise.all([plaza(["city", "destroy", "paris"], env), plaza(["list", "--everything"], env)]);
    expectCleanError(command);
    expect(command.stderr).toContain('Unknown command "city destroy"');
    expect(command.stderr).toContain("Plaza administration.");

    expectCleanError(option);
    expect(option.stderr).toContain("--everything");
    expect(option.stderr).toContain("Plaza administration.");
  });

  test("invalid settings: exit 2 with the list of problems", async () => {
    const outcome = await plaza(["list"], { ...env, PLAZA_ROLE: "everything" });
    expectCleanError(outcome);
    expect(outcome.stderr).toContain("Plaza cannot start; fix these settings:");
    expect(outcome.stderr).toContain('PLAZA_ROLE must be web, worker or all, not "everything".');
  });

  // Only PGlite has one owner process; PostgreSQL is shared by design.
  test.runIf(testBackend === "pglite")(
    "while a server holds the embedded database, the CLI refuses and says so",
    async () => {
      const server = await Instance.create({ seed: { actors: [{ kind: "city", username: "paris", name: "Paris" }] } });
      try {
        await server.start();
        const outcome = await plaza(["city", "create", "lyon", "--name", "Lyon"], { PLAZA_DATA_DIR: server.env.PLAZA_DATA_DIR! });
        expectCleanError(outcome);
        expect(outcome.stderr).toContain("is in use by another Plaza process");
        expect(outcome.stderr).toContain("Stop that process first");
        // The server was not disturbed.
        expect((await fetch(server.url("/nodeinfo/2.1"))).status).toBe(200);
      } finally {
        await server.destroy();
      }
    },
  );
});
