import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { actors } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { createActorKeys } from "./keys.ts";
import {
  type ActorRow,
  type LocalActorKind,
  type LocalActorUriBuilder,
  instanceUsername,
  localActorKinds,
} from "./model.ts";

/** Lower-case letters, digits and underscores, as Mastodon accepts in handles; 1–30 characters. */
const usernamePattern = /^[a-z0-9_]{1,30}$/;
const reservedUsernames = new Set(["admin", "api", "inbox", "instance", "nodeinfo", "oauth", "plaza", "root", "well_known"]);

export interface NewLocalActor {
  readonly kind: LocalActorKind;
  readonly username: string;
  readonly name: string;
  readonly summary?: string;
  readonly manuallyApprovesFollowers?: boolean;
}

export function validateUsername(username: string): void {
  if (!usernamePattern.test(username)) {
    throw new PlazaError(
      "invalid",
      `"${username}" cannot be a username: use 1 to 30 lower-case letters (a–z), digits or underscores, e.g. "buenos_aires".`,
      "username",
    );
  }
  if (reservedUsernames.has(username)) {
    throw new PlazaError("invalid", `"${username}" is reserved by the server; choose another username.`, "username");
  }
}

/** Creates one of our actors with its key pairs, in the caller's transaction. */
export async function createLocalActor(
  db: Database,
  uris: LocalActorUriBuilder,
  actor: NewLocalActor,
): Promise<ActorRow> {
  if (actor.kind !== "instance") validateUsername(actor.username);
  const name = actor.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new PlazaError("invalid", "A display name is required and may be at most 100 characters.", "name");
  }
  const urls = uris(actor.username);
  const existing = await findLocalActor(db, actor.username);
  if (existing) throw new PlazaError("conflict", `The username "${actor.username}" is already taken on this server.`, "username");
  const [row] = await db
    .insert(actors)
    .values({
      iri: urls.iri.href,
      type: localActorKinds[actor.kind],
      username: actor.username,
      host: urls.iri.host,
      local: true,
      name,
      summary: actor.summary ?? "",
      url: urls.iri.href,
      inboxUrl: urls.inbox.href,
      sharedInboxUrl: urls.sharedInbox.href,
      followersUrl: urls.followers.href,
      manuallyApprovesFollowers: actor.manuallyApprovesFollowers ?? false,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  await createActorKeys(db, row.id);
  return row;
}

export async function findLocalActor(db: Database, username: string): Promise<ActorRow | undefined> {
  const [row] = await db
    .select()
    .from(actors)
    .where(and(eq(actors.local, true), sql`lower(${actors.username}) = lower(${username})`));
  return row;
}

export async function findActorByIri(db: Database, iri: string): Promise<ActorRow | undefined> {
  const [row] = await db.select().from(actors).where(eq(actors.iri, iri));
  return row;
}

export async function findActorById(db: Database, id: number): Promise<ActorRow | undefined> {
  const [row] = await db.select().from(actors).where(eq(actors.id, id));
  return row;
}

/** The server's own `Application` actor, created on first use. */
export async function ensureInstanceActor(db: Database, uris: LocalActorUriBuilder, host: string): Promise<ActorRow> {
  const existing = await findLocalActor(db, instanceUsername);
  if (existing) return existing;
  return db.transaction((tx) =>
    createLocalActor(tx, uris, { kind: "instance", username: instanceUsername, name: host }),
  );
}

export async function listLocalActors(db: Database, type: ActorRow["type"]): Promise<ActorRow[]> {
  return db
    .select()
    .from(actors)
    .where(and(eq(actors.local, true), eq(actors.type, type)))
    .orderBy(actors.name);
}

/** What we learn of another server's actor from its document. */
export type RemoteActorData = Pick<
  ActorRow,
  "iri" | "type" | "username" | "host" | "name" | "summary" | "url" | "inboxUrl" | "sharedInboxUrl" | "followersUrl" | "manuallyApprovesFollowers"
>;

/** Records or refreshes a remote actor; returns its row. */
export async function upsertRemoteActor(db: Database, data: RemoteActorData): Promise<ActorRow> {
  const [row] = await db
    .insert(actors)
    .values({ ...data, local: false })
    .onConflictDoUpdate({
      target: actors.iri,
      set: { ...data, updatedAt: new Date() },
      setWhere: eq(actors.local, false),
    })
    .returning();
  if (row) return row;
  // The IRI is one of ours: never overwrite a local actor from outside.
  throw new PlazaError("conflict", `${data.iri} is a local actor and cannot be updated from another server.`);
}

/** Forgets a remote actor (its follows go with it); never touches ours. */
export async function deleteRemoteActor(db: Database, iri: string): Promise<boolean> {
  const removed = await db
    .delete(actors)
    .where(and(eq(actors.iri, iri), eq(actors.local, false)))
    .returning({ id: actors.id });
  return removed.length > 0;
}
