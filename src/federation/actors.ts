import type { Context, Federation } from "@fedify/fedify";
import { Application, Endpoints, Group, Organization, Person, type Actor } from "@fedify/vocab";
import { loadActorKeys } from "../actors/keys.ts";
import { type ActorRow, type LocalActorUriBuilder, kindOf } from "../actors/model.ts";
import { findLocalActor } from "../actors/store.ts";
import type { Database } from "../db/client.ts";
import { escapeHtml } from "../practices/markdown.ts";

export const actorPath = "/@{identifier}";

/** The IRIs of one of our actors, as the federation routes build them; the domain stores them. */
export function localActorUris(ctx: Context<void>): LocalActorUriBuilder {
  return (username) => ({
    iri: ctx.getActorUri(username),
    inbox: ctx.getInboxUri(username),
    sharedInbox: ctx.getInboxUri(),
    followers: ctx.getFollowersUri(username),
  });
}

/** Serves our actors (city, network, member, instance) with their keys, and WebFinger through `mapHandle`. */
export function registerActors(federation: Federation<void>, db: Database): void {
  federation
    .setActorDispatcher(actorPath, async (ctx, identifier) => {
      const row = await findLocalActor(db, identifier);
      if (!row || row.username !== identifier) return null;
      return actorDocument(ctx, row);
    })
    .mapHandle(async (_ctx, username) => {
      // WebFinger is case-insensitive on the user part, as Mastodon's is; the identifier keeps our spelling.
      const row = await findLocalActor(db, username);
      return row?.username ?? null;
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      const row = await findLocalActor(db, identifier);
      return row ? loadActorKeys(db, row.id) : [];
    });
}

/** One of our actors as ActivityPub: what its URL serves, and what `Update` carries after a profile edit. */
export async function actorDocument(ctx: Context<void>, row: ActorRow): Promise<Actor> {
  const keys = await ctx.getActorKeyPairs(row.username);
  const values = {
    id: ctx.getActorUri(row.username),
    preferredUsername: row.username,
    name: row.name,
    // Our summaries are plain text; ActivityStreams' summary is HTML.
    summary: row.summary === "" ? null : `<p>${escapeHtml(row.summary)}</p>`,
    url: ctx.getActorUri(row.username),
    published: Temporal.Instant.fromEpochMilliseconds(row.createdAt.getTime()),
    inbox: ctx.getInboxUri(row.username),
    outbox: ctx.getOutboxUri(row.username),
    followers: ctx.getFollowersUri(row.username),
    following: ctx.getFollowingUri(row.username),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((key) => key.multikey),
    manuallyApprovesFollowers: row.manuallyApprovesFollowers,
    discoverable: kindOf(row) !== "instance",
    indexable: kindOf(row) !== "instance",
  };
  switch (kindOf(row)) {
    case "city":
      return new Organization(values);
    case "network":
      return new Group(values);
    case "member":
      return new Person(values);
    default:
      return new Application(values);
  }
}
