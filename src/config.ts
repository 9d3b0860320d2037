import path from "node:path";

/** What this process does: serve HTTP, work through the delivery queue, or both. */
export type Role = "web" | "worker" | "all";

export interface Config {
  /** Address the HTTP server binds to. */
  readonly host: string;
  readonly port: number;
  /** The public origin every URL and ActivityPub IRI is built on, e.g. `https://plaza.example.org`. */
  readonly origin: URL;
  /** PostgreSQL connection string; `undefined` means the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Folder for the embedded database and uploaded files. */
  readonly dataDir: string;
  readonly role: Role;
  /**
   * Lets federation reach private and loopback addresses. Only for development
   * and tests: in production it would let anyone make us fetch internal URLs (SSRF).
   */
  readonly allowPrivateAddress: boolean;
  /**
   * Secure mode (authorized fetch): our ActivityPub objects and collections answer only signed
   * GETs; actors, their keys, WebFinger and NodeInfo stay public, as on Mastodon.
   */
  readonly secureMode: boolean;
  /** Optional TLS certificate and key (PEM files) to serve HTTPS directly, without a reverse proxy. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly logLevel: "debug" | "info" | "warning" | "error";
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Plaza cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates every setting; throws one `ConfigError` listing all problems at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === "" ? undefined : raw;
  };

  const port = parsePort(value("PORT") ?? "3000", problems);
  const host = value("HOST") ?? "127.0.0.1";
  const role = parseRole(value("PLAZA_ROLE") ?? "all", problems);
  const databaseUrl = value("DATABASE_URL");
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL must start with postgres:// or postgresql:// (leave it unset to use the embedded database).");
  }
  if (role !== "all" && databaseUrl === undefined) {
    problems.push(`PLAZA_ROLE=${role} needs DATABASE_URL: separate web and worker processes share one PostgreSQL server; the embedded database serves one process only.`);
  }
  const tls = parseTls(value("TLS_CERT_FILE"), value("TLS_KEY_FILE"), problems);
  const defaultOrigin = `${tls ? "https" : "http"}://localhost${port === (tls ? 443 : 80) ? "" : `:${port}`}`;
  const origin = parseOrigin(value("PLAZA_ORIGIN") ?? defaultOrigin, problems);
  const allowPrivateAddress = parseBoolean("PLAZA_ALLOW_PRIVATE_ADDRESS", value("PLAZA_ALLOW_PRIVATE_ADDRESS"), problems);
  const secureMode = parseBoolean("PLAZA_SECURE_MODE", value("PLAZA_SECURE_MODE"), problems);
  const logLevel = parseLogLevel(value("LOG_LEVEL") ?? "info", problems);

  if (problems.length > 0 || origin === undefined) throw new ConfigError(problems);
  return {
    host,
    port,
    origin,
    databaseUrl,
    dataDir: path.resolve(value("PLAZA_DATA_DIR") ?? "data"),
    role,
    allowPrivateAddress,
    secureMode,
    tls,
    logLevel,
  };
}

function parsePort(raw: string, problems: string[]): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`PORT must be a whole number from 1 to 65535, not "${raw}".`);
    return 3000; // reported once: the default origin built from the port must not add a second, misleading PLAZA_ORIGIN problem
  }
  return port;
}

function parseRole(raw: string, problems: string[]): Role {
  if (raw === "web" || raw === "worker" || raw === "all") return raw;
  problems.push(`PLAZA_ROLE must be web, worker or all, not "${raw}".`);
  return "all";
}

function parseOrigin(raw: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`PLAZA_ORIGIN must be a URL such as https://plaza.example.org, not "${raw}".`);
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push(`PLAZA_ORIGIN must use https:// (or http:// for local development), not "${url.protocol}".`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    problems.push(`PLAZA_ORIGIN must be an origin only (scheme, host and port), without a path: "${raw}".`);
  }
  return new URL(url.origin);
}

function parseTls(certFile: string | undefined, keyFile: string | undefined, problems: string[]): Config["tls"] {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    problems.push("TLS_CERT_FILE and TLS_KEY_FILE go together: set both to serve HTTPS directly, or neither.");
    return undefined;
  }
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

function parseBoolean(name: string, raw: string | undefined, problems: string[]): boolean {
  if (raw === undefined || raw === "false" || raw === "0") return false;
  if (raw === "true" || raw === "1") return true;
  problems.push(`${name} must be true or false, not "${raw}".`);
  return false;
}

function parseLogLevel(raw: string, problems: string[]): Config["logLevel"] {
  if (raw === "debug" || raw === "info" || raw === "warning" || raw === "error") return raw;
  problems.push(`LOG_LEVEL must be debug, info, warning or error, not "${raw}".`);
  return "info";
}
