import { readFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import path from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import type { Context } from "@fedify/fedify";
import { createMember, hasOperator } from "./accounts/accounts.ts";
import { ensureInstanceActor } from "./actors/store.ts";
import type { Config } from "./config.ts";
import { type DatabaseHandle, openDatabase } from "./db/client.ts";
import { DatabaseKvStore } from "./db/kv.ts";
import { DatabaseMessageQueue } from "./db/queue.ts";
import { localActorUris } from "./federation/actors.ts";
import { type PlazaFederation, createPlazaFederation } from "./federation/federation.ts";
import { PlazaError } from "./errors.ts";
import { logger } from "./logging.ts";
import { MediaStore } from "./media/store.ts";
import { createWebApp } from "./web/app.tsx";

/** The pieces every role shares: the database and the federation wired to it. */
export interface Plaza {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly federation: PlazaFederation;
  /** A Fedify context for work done outside a request (CLI, start-up). */
  context(): Context<void>;
}

export async function openPlaza(config: Config): Promise<Plaza> {
  const database = await openDatabase(
    config.databaseUrl ? { kind: "postgres", url: config.databaseUrl } : { kind: "pglite", dataDir: path.join(config.dataDir, "db") },
  );
  const federation = createPlazaFederation({
    db: database.db,
    kv: new DatabaseKvStore(database.db),
    // Several deliveries at once, so that one slow server does not hold up the others.
    queue: new DatabaseMessageQueue(database, { workers: 4 }),
    config,
  });
  const context = () => federation.createContext(config.origin, undefined);
  const instance = await ensureInstanceActor(database.db, localActorUris(context()), config.origin.host);
  if (new URL(instance.iri).origin !== config.origin.origin) {
    await database.close();
    throw new PlazaError(
      "conflict",
      `This database belongs to the server published as ${new URL(instance.iri).origin}, but PLAZA_ORIGIN is ${config.origin.origin}. Every id this server ever published depends on its origin: set PLAZA_ORIGIN=${new URL(instance.iri).origin} (or use another database).`,
    );
  }
  return { config, database, federation, context };
}

export interface RunningPlaza {
  readonly plaza: Plaza;
  stop(): Promise<void>;
}

/** Starts the roles the configuration asks for: the web server, the queue worker, or both. */
export async function runPlaza(config: Config): Promise<RunningPlaza> {
  const plaza = await openPlaza(config);
  const stopQueue = new AbortController();
  let server: ServerType | undefined;
  let queue: Promise<void> = Promise.resolve();
  if (config.role !== "web") {
    queue = plaza.federation.startQueue(undefined, { signal: stopQueue.signal });
    logger.info("Worker started: delivering and receiving activities from the queue.");
  }
  if (config.role !== "worker") {
    await announceFirstOperator(plaza);
    server = await listen(plaza, config);
  }
  return {
    plaza,
    stop: async () => {
      stopQueue.abort();
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      // Let the workers finish the message in hand before the database goes.
      await queue.catch(() => {});
      await plaza.database.close();
    },
  };
}

async function listen(plaza: Plaza, config: Config): Promise<ServerType> {
  const media = new MediaStore(path.join(config.dataDir, "media"));
  const app = createWebApp({ db: plaza.database.db, federation: plaza.federation, origin: config.origin, media });
  const tls = config.tls
    ? { createServer: createHttpsServer, serverOptions: { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) } }
    : {};
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, ...tls }, () => {
      logger.info("Plaza is listening on {address}, published as {origin}", {
        address: `${config.tls ? "https" : "http"}://${config.host}:${config.port}`,
        origin: config.origin.href,
      });
      resolve(server);
    });
    server.once("error", reject);
  });
}

/** On a new server nobody can sign in yet: create the first operator and say how to sign in, once. */
async function announceFirstOperator(plaza: Plaza): Promise<void> {
  const { db } = plaza.database;
  if (await hasOperator(db)) return;
  const password = crypto.randomUUID();
  const email = `operator@${plaza.config.origin.hostname}`;
  try {
    await createMember(db, localActorUris(plaza.context()), { email, password, username: "operator", name: "Server operator", isOperator: true });
  } catch (error) {
    // Another web process won the race, or the name is taken: say how to make an operator by hand.
    if (!(error instanceof PlazaError) || (await hasOperator(db))) return;
    logger.warning("No operator account could be created ({reason}). Create one with: npm run plaza -- member create --operator --email … --username … --name …", { reason: error.message });
    return;
  }
  console.log(
    [
      "",
      "  First start: an operator account was created. Sign in at",
      `    ${new URL("/sign-in", plaza.config.origin).href}`,
      `  with email ${email} and password ${password}`,
      `  (shown only this once; change it with \`npm run plaza -- member password --email ${email}\`).`,
      "",
    ].join("\n"),
  );
}
