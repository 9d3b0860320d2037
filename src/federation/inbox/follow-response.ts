import type { InboxContext } from "@fedify/fedify";
import { type Accept, Follow, type Reject } from "@fedify/vocab";
import { findActorByIri } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { type FollowRow, deleteFollow, findFollow, findFollowByActivity, markFollowAccepted } from "../../social/follows.ts";
import { logger } from "../../logging.ts";

/** The remote actor we asked to follow accepted: our follow becomes active. */
export async function onAccept(ctx: InboxContext<void>, db: Database, accept: Accept): Promise<void> {
  const follow = await answeredFollow(ctx, db, accept);
  if (!follow) return;
  await markFollowAccepted(db, follow.id);
  logger.info("Follow {follow} accepted", { follow: follow.activityIri });
}

/** The remote actor refused our follow request, or removed us as a follower. */
export async function onReject(ctx: InboxContext<void>, db: Database, reject: Reject): Promise<void> {
  const follow = await answeredFollow(ctx, db, reject);
  if (!follow) return;
  await deleteFollow(db, follow.id);
  logger.info("Follow {follow} rejected", { follow: follow.activityIri });
}

/**
 * Finds which of our follows an `Accept` or `Reject` answers. Servers name the `Follow` by IRI
 * only, embed it, or embed it with an id of their own; so we match on the id first and fall back
 * to the pair (our follower, their actor). Only the followed actor may answer.
 */
async function answeredFollow(ctx: InboxContext<void>, db: Database, answer: Accept | Reject): Promise<FollowRow | undefined> {
  if (answer.actorId === null || answer.objectId === null) return undefined;
  const followed = await findActorByIri(db, answer.actorId.href);
  if (!followed) return undefined;
  const byId = await findFollowByActivity(db, answer.objectId.href);
  if (byId) return byId.followingId === followed.id ? byId : undefined;
  const follower = await followerNamedIn(ctx, db, answer);
  return follower ? findFollow(db, follower.id, followed.id) : undefined;
}

async function followerNamedIn(ctx: InboxContext<void>, db: Database, answer: Accept | Reject) {
  // Read the embedded object without fetching: a Follow id we do not know would lead nowhere anyway.
  const embedded = await answer.getObject({ documentLoader: refuseFetch, contextLoader: ctx.contextLoader }).catch(() => null);
  if (embedded instanceof Follow && embedded.actorId) return findActorByIri(db, embedded.actorId.href);
  return ctx.recipient ? findActorByIri(db, ctx.getActorUri(ctx.recipient).href) : undefined;
}

async function refuseFetch(url: string): Promise<never> {
  throw new Error(`not fetched: ${url}`);
}
