import type { Context } from "@fedify/fedify";
import { type Actor, type Link, getActorTypeName, isActor } from "@fedify/vocab";
import type { ActorRow } from "../actors/model.ts";
import { type RemoteActorData, findActorByIri, upsertRemoteActor } from "../actors/store.ts";
import type { Database } from "../db/client.ts";
import { instanceUsername } from "../actors/model.ts";
import { htmlToText } from "../practices/markdown.ts";

/** Reads what we keep of another server's actor document. Returns `undefined` when it lacks an id or inbox. */
export function toRemoteActorData(actor: Actor): RemoteActorData | undefined {
  if (actor.id === null || actor.inboxId === null) return undefined;
  const username = actor.preferredUsername?.toString() ?? actor.id.pathname.split("/").filter(Boolean).at(-1) ?? actor.id.host;

  return {
    iri: actor.id.href,
    type: getActorTypeName(actor),
    username,
    host: actor.id.host,
    name: actor.name?.toString() || username,
    // Remote bios are HTML; we keep their text only, so that no remote markup reaches a page.
    summary: htmlToText(actor.summary?.toString() ?? "").slice(0, 2000),
    url: webUrlOf(actor.url),
    inboxUrl: actor.inboxId.href,
    sharedInboxUrl: actor.endpoints?.sharedInbox?.href ?? null,
    followersUrl: actor.followersId?.href ?? null,
    manuallyApprovesFollowers: actor.manuallyApprovesFollowers ?? false,
  };
}

/** Stores (or refreshes) a remote actor from its document. */
export async function rememberActor(db: Database, actor: Actor): Promise<ActorRow | undefined> {
  const data = toRemoteActorData(actor);
  return data ? upsertRemoteActor(db, data) : undefined;
}

/**
 * The row for an actor IRI: ours or known from before, or else fetched with a signed GET
 * (through the instance actor, so that servers in secure mode answer) and stored.
 */
export async function resolveActor(ctx: Context<void>, db: Database, iri: URL): Promise<ActorRow | undefined> {
  const known = await findActorByIri(db, iri.href);
  if (known) return known;
  const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
  const fetched = await ctx.lookupObject(iri, { documentLoader });
  return isActor(fetched) ? rememberActor(db, fetched) : undefined;
}

/**
 * The web address of a remote object's `url`, if it is one: whatever another server sends is stored,
 * but a `javascript:` or `data:` URL must never reach a page as a link.
 */
export function webUrlOf(url: URL | Link | null | undefined): string | null {
  const href = url instanceof URL ? url : url?.href;
  return href && (href.protocol === "https:" || href.protocol === "http:") ? href.href : null;
}
