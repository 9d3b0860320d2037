import type { InboxContext } from "@fedify/fedify";
import { Follow, type Undo } from "@fedify/vocab";
import { findActorByIri } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { deleteFollow, findFollow, findFollowByActivity } from "../../social/follows.ts";
import { logger } from "../../logging.ts";
import { onUndoReaction } from "./reactions.ts";

/** A remote actor takes back an earlier activity: a follow (unfollow), a like or a share. Only its author may. */
export async function onUndo(ctx: InboxContext<void>, db: Database, undo: Undo): Promise<void> {
  if (undo.actorId === null || undo.objectId === null) return;
  const actor = await findActorByIri(db, undo.actorId.href);
  if (!actor) return;
  if (await onUndoReaction(ctx, db, undo, actor)) return;
  const byId = await findFollowByActivity(db, undo.objectId.href);
  if (byId) {
    if (byId.followerId !== actor.id) return;
    await deleteFollow(db, byId.id);
    logger.info("{follower} unfollowed (Undo {follow})", { follower: actor.iri, follow: byId.activityIri });
    return;
  }
  // The Follow was embedded with an id we never stored (or re-minted): match on what it follows.
  const undone = await undo.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader }).catch(() => null);
  if (!(undone instanceof Follow) || undone.actorId?.href !== actor.iri || undone.objectId === null) return;
  const followed = await findActorByIri(db, undone.objectId.href);
  const follow = followed ? await findFollow(db, actor.id, followed.id) : undefined;
  if (follow) await deleteFollow(db, follow.id);
}
