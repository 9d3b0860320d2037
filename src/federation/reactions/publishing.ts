import type { Context, Federation } from "@fedify/fedify";
import { Announce, Like, PUBLIC_COLLECTION, type Recipient, Undo } from "@fedify/vocab";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import { listFollowers } from "../../social/follows.ts";
import {
  type ReactionKind,
  type ReactionRow,
  type ReactionTarget,
  findReaction,
  findReactionByActivity,
  findObjectOwnerId,
  findReactionTarget,
  notifyReaction,
  recordReaction,
  removeReaction,
} from "../../social/reactions.ts";

const likePath = "/likes/{id}";
const sharePath = "/shares/{id}";
const everyone = 1_000_000;

/** Our members' `Like` and `Announce` activities can be fetched at their ids while they stand. */
export function registerReactionObjects(federation: Federation<void>, db: Database): void {
  federation.setObjectDispatcher(Like, likePath, async (ctx, { id }) => {
    const found = await ourReaction(db, ctx.getObjectUri(Like, { id }).href, "like");
    return found ? likeOf(found.reaction, found.actor, found.owner) : null;
  });
  federation.setObjectDispatcher(Announce, sharePath, async (ctx, { id }) => {
    const found = await ourReaction(db, ctx.getObjectUri(Announce, { id }).href, "share");
    return found ? announceOf(found.reaction, found.actor, found.owner) : null;
  });
}

/** A reaction by one of our actors, with the owner of what it is about (when we still keep that). */
async function ourReaction(db: Database, activityIri: string, kind: ReactionKind) {
  const reaction = await findReactionByActivity(db, activityIri);
  if (!reaction || reaction.kind !== kind) return undefined;
  const actor = await findActorById(db, reaction.actorId);
  if (!actor?.local) return undefined;
  const target = await findReactionTarget(db, reaction.objectIri);
  const owner = target ? await findActorById(db, target.ownerId) : undefined;
  return { reaction, actor, owner };
}

/** `Like`: addressed to the owner of what is liked. */
function likeOf(reaction: ReactionRow, actor: ActorRow, owner: ActorRow | undefined): Like {
  return new Like({
    id: new URL(reaction.activityIri),
    actor: new URL(actor.iri),
    object: new URL(reaction.objectIri),
    to: owner ? new URL(owner.iri) : null,
  });
}

/** `Announce` of the bare object (never of its `Create`, which Mastodon ignores): public, to the sharer's followers and the owner. */
function announceOf(reaction: ReactionRow, actor: ActorRow, owner: ActorRow | undefined): Announce {
  return new Announce({
    id: new URL(reaction.activityIri),
    actor: new URL(actor.iri),
    object: new URL(reaction.objectIri),
    to: PUBLIC_COLLECTION,
    ccs: [...(actor.followersUrl ? [new URL(actor.followersUrl)] : []), ...(owner ? [new URL(owner.iri)] : [])],
    published: Temporal.Instant.fromEpochMilliseconds(reaction.createdAt.getTime()),
  });
}

const activityOf = (reaction: ReactionRow, actor: ActorRow, owner: ActorRow) =>
  reaction.kind === "like" ? likeOf(reaction, actor, owner) : announceOf(reaction, actor, owner);

/** Whom a reaction is delivered to: the practice's owner or the comment's author, and for a share also the sharer's followers. */
async function recipientsOf(db: Database, kind: ReactionKind, actor: ActorRow, owner: ActorRow): Promise<Recipient[]> {
  const others = new Map<string, ActorRow>();
  if (kind === "share") for (const { actor: follower } of (await listFollowers(db, actor.id, { limit: everyone })).items) others.set(follower.iri, follower);
  others.set(owner.iri, owner);
  return [...others.values()]
    .filter((other) => !other.local)
    .map((other) => ({
      id: new URL(other.iri),
      inboxId: new URL(other.inboxUrl),
      endpoints: other.sharedInboxUrl ? { sharedInbox: new URL(other.sharedInboxUrl) } : null,
    }));
}

async function deliver(ctx: Context<void>, db: Database, kind: ReactionKind, actor: ActorRow, owner: ActorRow, activity: Like | Announce | Undo, key: string) {
  const recipients = await recipientsOf(db, kind, actor, owner);
  if (recipients.length === 0) return;
  // One delivery per server, none to ourselves, and an Undo never before what it undoes.
  await ctx.sendActivity({ identifier: actor.username }, recipients, activity, {
    preferSharedInbox: true,
    excludeBaseUris: [new URL(ctx.canonicalOrigin)],
    orderingKey: key,
  });
}

/** Members like and share as themselves; a network or city shares what it adds to its collections. */
function mayReact(actor: ActorRow): boolean {
  return actor.local && actor.type !== "Application";
}

/** What a member may react to: a published practice or a visible comment we keep (ours or another server's), with its owner or author. */
async function reactable(db: Database, member: ActorRow, objectIri: string): Promise<{ target: ReactionTarget; owner: ActorRow }> {
  if (!mayReact(member)) throw new PlazaError("forbidden", "Only this server's members, cities and networks can like or share here.");
  const target = await findReactionTarget(db, objectIri);
  const owner = target ? await findActorById(db, target.ownerId) : undefined;
  if (!target || !owner) throw new PlazaError("not_found", "Only a published practice or a visible comment kept on this server can be liked or shared.");
  return { target, owner };
}

/**
 * A member likes (`Like`) or shares (`Announce`) a practice or a comment, by its ActivityPub id,
 * as themselves. The server of the practice's owner or the comment's author is told (the counts
 * that matter are kept there); a share also reaches the member's followers. Doing it twice
 * changes nothing.
 */
export async function react(ctx: Context<void>, db: Database, member: ActorRow, objectIri: string, kind: ReactionKind): Promise<ReactionRow> {
  const { target, owner } = await reactable(db, member, objectIri);
  const existing = await findReaction(db, kind, member.id, objectIri);
  if (existing) return existing;
  const id = kind === "like" ? ctx.getObjectUri(Like, { id: crypto.randomUUID() }) : ctx.getObjectUri(Announce, { id: crypto.randomUUID() });
  const { reaction, created } = await recordReaction(db, { activityIri: id.href, kind, actorId: member.id, objectIri });
  if (!created) return reaction;
  try {
    await deliver(ctx, db, kind, member, owner, activityOf(reaction, member, owner), reaction.activityIri);
  } catch (error) {
    // Not recorded unless the owner's server will hear of it: the member may try again.
    await removeReaction(db, reaction.activityIri, member.id);
    throw error;
  }
  await notifyReaction(db, target, kind, member.id);
  return reaction;
}

/**
 * A member takes back a like or share: `Undo` of it, embedded with its original id, to the same
 * servers, even when the practice was withdrawn or the comment deleted since.
 */
export async function unreact(ctx: Context<void>, db: Database, member: ActorRow, objectIri: string, kind: ReactionKind): Promise<boolean> {
  if (!mayReact(member)) throw new PlazaError("forbidden", "Only this server's members, cities and networks can like or share here.");
  const reaction = await findReaction(db, kind, member.id, objectIri);
  if (!reaction) return false;
  const ownerId = await findObjectOwnerId(db, objectIri);
  const owner = ownerId === undefined ? undefined : await findActorById(db, ownerId);
  await removeReaction(db, reaction.activityIri, member.id);
  if (!owner) return true;
  const undone = activityOf(reaction, member, owner);
  await deliver(
    ctx,
    db,
    kind,
    member,
    owner,
    new Undo({
      id: new URL(`#undo-${crypto.randomUUID()}`, reaction.activityIri),
      actor: new URL(member.iri),
      object: undone,
      tos: undone.toIds,
      ccs: undone.ccIds,
    }),
    reaction.activityIri,
  );
  return true;
}
