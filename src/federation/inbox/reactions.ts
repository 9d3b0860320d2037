import type { InboxContext } from "@fedify/fedify";
import { Activity, Announce, Article, Create, type Dislike, Like, Update, type Undo } from "@fedify/vocab";
import { type ActorRow, instanceUsername } from "../../actors/model.ts";
import { findActorByIri } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { findBlockCovering } from "../../social/blocks.ts";
import { isFollowedLocally } from "../../social/posts.ts";
import { isTombstoned } from "../../social/tombstones.ts";
import {
  type ReactionKind,
  type ReactionTarget,
  findReactionTarget,
  notifyReaction,
  recordReaction,
  removeReaction,
  removeReactionOf,
} from "../../social/reactions.ts";
import { keepPracticeArticle } from "../practices/receiving.ts";
import { resolveActor } from "../remote-actors.ts";

/** Embedded objects are read as they came; nothing they name is fetched. */
async function refuseFetch(url: string): Promise<never> {
  throw new Error(`not fetched: ${url}`);
}

/** Someone likes one of our practices or comments (or a practice we keep from another server). */
export async function onLike(ctx: InboxContext<void>, db: Database, like: Like): Promise<void> {
  await receive(ctx, db, like, "like", like.objectIds);
}

/** Lemmy's downvotes and Friendica's dislikes are not counted here: taken (202) and dropped quietly. */
export function onDislike(dislike: Dislike): void {
  logger.debug("Ignored Dislike {id}", { id: dislike.id?.href });
}

/**
 * Someone shares (boosts) a practice or comment. A group (Lemmy, FEP-1b12) may announce the
 * `Create` (or `Update`) of it rather than the object itself: that counts as a share too. An
 * announced `Like`, `Delete` or other activity is a group passing on what its members did, not a share.
 */
export async function onAnnounce(ctx: InboxContext<void>, db: Database, announce: Announce): Promise<void> {
  const shared = await sharedObjectIds(ctx, announce);
  if (shared) await receive(ctx, db, announce, "share", shared);
}

/** The ids of what an `Announce` shares, or `undefined` when it passes on another kind of activity. */
async function sharedObjectIds(ctx: InboxContext<void>, announce: Announce): Promise<URL[] | undefined> {
  // Only the wrapper's shape is read here, so an embedded activity from another origin is taken as it is.
  const embedded = await announce
    .getObject({ crossOrigin: "trust", documentLoader: refuseFetch, contextLoader: ctx.contextLoader })
    .catch(() => null);
  if (embedded instanceof Create || embedded instanceof Update) return embedded.objectIds;
  if (embedded instanceof Activity) return undefined;
  return announce.objectIds;
}

async function receive(ctx: InboxContext<void>, db: Database, activity: Like | Announce, kind: ReactionKind, objectIds: readonly URL[]) {
  if (activity.id === null || activity.actorId === null) return;
  // An activity's id is minted by its actor's server: refuse one that claims another server's.
  if (activity.id.origin !== activity.actorId.origin) {
    logger.warning("Ignored {kind} {id}: its id is not on its actor's server ({actor})", { kind, id: activity.id.href, actor: activity.actorId.href });
    return;
  }
  const target = (await firstTarget(db, objectIds)) ?? (kind === "share" ? await fetchSharedPractice(ctx, db, activity.actorId, objectIds) : undefined);
  if (!target) return; // not about anything we keep
  const actor = await resolveActor(ctx, db, activity.actorId);
  // Our own members' likes and shares are recorded when they make them.
  if (!actor || actor.local) return;
  const { created } = await recordReaction(db, { activityIri: activity.id.href, kind, actorId: actor.id, objectIri: target.iri });
  if (created) await notifyReaction(db, target, kind, actor.id);
}

/**
 * Someone followed here shares a practice this server does not keep yet (a network adding another
 * city's practice to a collection, say): it is fetched with a signed GET and kept, so that their
 * followers here see it, as Mastodon fetches what the accounts you follow boost. Only practice
 * Articles whose author lives where they do, and is not blocked here, are kept.
 */
async function fetchSharedPractice(ctx: InboxContext<void>, db: Database, sharerId: URL, ids: readonly URL[]): Promise<ReactionTarget | undefined> {
  const [id] = ids;
  const sharer = await findActorByIri(db, sharerId.href);
  if (!id || !sharer || sharer.local || !(await isFollowedLocally(db, sharer.id)) || (await isTombstoned(db, id.href))) return undefined;
  const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
  const found = await ctx.lookupObject(id, { documentLoader }).catch(() => null);
  if (!(found instanceof Article) || found.id?.href !== id.href || found.attributionId === null || found.attributionId.origin !== id.origin) return undefined;
  if (await findBlockCovering(db, [found.attributionId])) return undefined;
  const author = await resolveActor(ctx, db, found.attributionId);
  if (!author) return undefined;
  const kept = await keepPracticeArticle(ctx, db, found, author);
  return kept.kind === "kept" ? findReactionTarget(db, id.href) : undefined;
}

async function firstTarget(db: Database, ids: readonly URL[]): Promise<ReactionTarget | undefined> {
  for (const id of ids) {
    const target = await findReactionTarget(db, id.href);
    if (target) return target;
  }
  return undefined;
}

/**
 * `Undo` of a `Like` or `Announce`: matched by the undone activity's id, or, when that id is
 * unknown here (servers that re-mint it), by the embedded activity's kind, actor and object.
 * Only the actor who liked or shared may take it back. Returns whether the `Undo` was about a
 * like or share (handled, or refused), so that the caller tries nothing else with it.
 */
export async function onUndoReaction(ctx: InboxContext<void>, db: Database, undo: Undo, actor: ActorRow): Promise<boolean> {
  if (undo.objectId === null) return false;
  const byId = await removeReaction(db, undo.objectId.href, actor.id);
  if (byId.outcome === "removed") return true;
  if (byId.outcome === "forbidden") {
    logger.warning("Refused Undo of {activity} by {actor}: only its own actor may undo it", { activity: undo.objectId.href, actor: actor.iri });
    return true;
  }
  const undone = await undo
    .getObject({ crossOrigin: "trust", documentLoader: refuseFetch, contextLoader: ctx.contextLoader })
    .catch(() => null);
  if (!(undone instanceof Like || undone instanceof Announce)) return false;
  if (undone.actorId !== null && undone.actorId.href !== actor.iri) {
    logger.warning("Refused Undo by {actor} of a {type} by {other}", { actor: actor.iri, type: undone.constructor.name, other: undone.actorId.href });
    return true;
  }
  const kind: ReactionKind = undone instanceof Like ? "like" : "share";
  const objectIds = undone instanceof Like ? undone.objectIds : ((await sharedObjectIds(ctx, undone)) ?? []);
  // Whatever id it had, only this actor's own like or share of the object goes.
  for (const id of objectIds) await removeReactionOf(db, kind, actor.id, id.href);
  return true;
}
