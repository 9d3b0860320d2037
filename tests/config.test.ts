import path from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

/** The problems `loadConfig` reports for `env`, or a failure if it accepts it. */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  test("an empty environment gives the development defaults: port 3000, local origin, role all, PGlite in ./data", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.origin.href).toBe("http://localhost:3000/");
    expect(config.role).toBe("all");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve("data"));
    expect(config.allowPrivateAddress).toBe(false);
    expect(config.tls).toBeUndefined();
    expect(config.logLevel).toBe("info");
  });

  test("it reads the environment object it is given, not process.env", () => {
    const config = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      PLAZA_ORIGIN: "https://plaza.example.org",
      PLAZA_ROLE: "web",
      DATABASE_URL: "postgresql://plaza@db.internal/plaza",
      PLAZA_DATA_DIR: "/var/lib/plaza",
      PLAZA_ALLOW_PRIVATE_ADDRESS: "1",
      LOG_LEVEL: "debug",
    });
    expect(config.port).toBe(8080);
    expect(config.host).toBe("0.0.0.0");
    expect(config.origin.href).toBe("https://plaza.example.org/");
    expect(config.role).toBe("web");
    expect(config.databaseUrl).toBe("postgresql://plaza@db.internal/plaza");
    expect(config.dataDir).toBe("/var/lib/plaza");
    expect(config.allowPrivateAddress).toBe(true);
    expect(config.logLevel).toBe("debug");
  });

  test("empty and blank values count as unset", () => {
    const config = loadConfig({ PORT: "", PLAZA_ROLE: "  ", DATABASE_URL: "", PLAZA_ORIGIN: " " });
    expect(config.port).toBe(3000);
    expect(config.role).toBe("all");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.origin.href).toBe("http://localhost:3000/");
  });

  test("the default origin follows the port and TLS: no port shown on the scheme's own port", () => {
    expect(loadConfig({ PORT: "80" }).origin.href).toBe("http://localhost/");
    const tls = loadConfig({ PORT: "443", TLS_CERT_FILE: "cert.pem", TLS_KEY_FILE: "key.pem" });
    expect(tls.origin.href).toBe("https://localhost/");
    expect(tls.tls).toEqual({ certFile: path.resolve("cert.pem"), keyFile: path.resolve("key.pem") });
    expect(loadConfig({ PORT: "8443", TLS_CERT_FILE: "c", TLS_KEY_FILE: "k" }).origin.href).toBe("https://localhost:8443/");
  });

  test("PLAZA_ALLOW_PRIVATE_ADDRESS accepts true/false/1/0 and is off when unset", () => {
    expect(loadConfig({ PLAZA_ALLOW_PRIVATE_ADDRESS: "true" }).allowPrivateAddress).toBe(true);
    expect(loadConfig({ PLAZA_ALLOW_PRIVATE_ADDRESS: "1" }).allowPrivateAddress).toBe(true);
    expect(loadConfig({ PLAZA_ALLOW_PRIVATE_ADDRESS: "false" }).allowPrivateAddress).toBe(false);
    expect(loadConfig({ PLAZA_ALLOW_PRIVATE_ADDRESS: "0" }).allowPrivateAddress).toBe(false);
  });

  test.each(["0", "65536", "-1", "80.5", "http", "3000abc"])("PORT=%s is refused", (port) => {
    expect(problemsOf({ PORT: port })).toEqual([`PORT must be a whole number from 1 to 65535, not "${port}".`]);
  });

  test("an unknown PLAZA_ROLE is refused", () => {
    expect(problemsOf({ PLAZA_ROLE: "both" })).toEqual(['PLAZA_ROLE must be web, worker or all, not "both".']);
  });

  test.each(["web", "worker"])("PLAZA_ROLE=%s without DATABASE_URL is refused: PGlite serves one process", (role) => {
    const problems = problemsOf({ PLAZA_ROLE: role });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`PLAZA_ROLE=${role} needs DATABASE_URL`);
    expect(loadConfig({ PLAZA_ROLE: role, DATABASE_URL: "postgres://db/plaza" }).role).toBe(role);
  });

  test.each(["mysql://db/plaza", "db.internal:5432", "file:./data"])("DATABASE_URL=%s is refused", (url) => {
    expect(problemsOf({ DATABASE_URL: url })).toEqual([
      "DATABASE_URL must start with postgres:// or postgresql:// (leave it unset to use the embedded database).",
    ]);
  });

  test.each(["https://plaza.example.org/plaza", "https://plaza.example.org/?x=1", "https://plaza.example.org/#top"])(
    "PLAZA_ORIGIN with a path, query or fragment (%s) is refused",
    (origin) => {
      expect(problemsOf({ PLAZA_ORIGIN: origin })).toEqual([
        `PLAZA_ORIGIN must be an origin only (scheme, host and port), without a path: "${origin}".`,
      ]);
    },
  );

  test("PLAZA_ORIGIN must be a URL with http or https", () => {
    expect(problemsOf({ PLAZA_ORIGIN: "plaza.example.org" })).toEqual([
      'PLAZA_ORIGIN must be a URL such as https://plaza.example.org, not "plaza.example.org".',
    ]);
    expect(problemsOf({ PLAZA_ORIGIN: "ftp://plaza.example.org" })).toEqual([
      'PLAZA_ORIGIN must use https:// (or http:// for local development), not "ftp:".',
    ]);
  });

  test("a trailing slash on PLAZA_ORIGIN is fine", () => {
    expect(loadConfig({ PLAZA_ORIGIN: "https://plaza.example.org/" }).origin.href).toBe("https://plaza.example.org/");
  });

  test("TLS_CERT_FILE and TLS_KEY_FILE go together", () => {
    const message = "TLS_CERT_FILE and TLS_KEY_FILE go together: set both to serve HTTPS directly, or neither.";
    expect(problemsOf({ TLS_CERT_FILE: "cert.pem" })).toEqual([message]);
    expect(problemsOf({ TLS_KEY_FILE: "key.pem" })).toEqual([message]);
  });

  test.each(["yes", "on", "enabled"])("PLAZA_ALLOW_PRIVATE_ADDRESS=%s is refused rather than guessed", (raw) => {
    expect(problemsOf({ PLAZA_ALLOW_PRIVATE_ADDRESS: raw })).toEqual([
      `PLAZA_ALLOW_PRIVATE_ADDRESS must be true or false, not "${raw}".`,
    ]);
  });

  test("an unknown LOG_LEVEL is refused", () => {
    expect(problemsOf({ LOG_LEVEL: "verbose" })).toEqual(['LOG_LEVEL must be debug, info, warning or error, not "verbose".']);
  });

  test("several problems are reported at once, each on its own line of the message", () => {
    const env = {
      PORT: "nope",
      PLAZA_ROLE: "worker",
      DATABASE_URL: "mysql://db/plaza",
      PLAZA_ORIGIN: "https://plaza.example.org/path",
      TLS_KEY_FILE: "key.pem",
      PLAZA_ALLOW_PRIVATE_ADDRESS: "maybe",
      LOG_LEVEL: "loud",
    };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(6);
    expect(problems.some((p) => p.startsWith("PORT must be"))).toBe(true);
    expect(problems.some((p) => p.startsWith("DATABASE_URL must start with"))).toBe(true);
    expect(problems.some((p) => p.startsWith("PLAZA_ORIGIN must be an origin only"))).toBe(true);
    expect(problems.some((p) => p.startsWith("TLS_CERT_FILE and TLS_KEY_FILE"))).toBe(true);
    expect(problems.some((p) => p.startsWith("PLAZA_ALLOW_PRIVATE_ADDRESS must be"))).toBe(true);
    expect(problems.some((p) => p.startsWith("LOG_LEVEL must be"))).toBe(true);
    // A worker with a DATABASE_URL (even a bad one) is not also told that it needs one.
    expect(problems.some((p) => p.includes("needs DATABASE_URL"))).toBe(false);
    expect(message.split("\n")[0]).toBe("Plaza cannot start; fix these settings:");
    for (const problem of problems) expect(message).toContain(`  - ${problem}`);
  });

  test("a bad port and a web role without a database are both reported", () => {
    const problems = problemsOf({ PLAZA_ROLE: "web", PORT: "0" });
    expect(problems).toHaveLength(2);
  });
});
