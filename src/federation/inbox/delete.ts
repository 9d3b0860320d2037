import type { InboxContext } from "@fedify/fedify";
import type { Delete } from "@fedify/vocab";
import { deleteRemoteActor, findActorByIri } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { withdrawReceivedPractice } from "../../practices/remote.ts";
import { deletePost } from "../../social/posts.ts";
import { recordTombstone } from "../../social/tombstones.ts";
import { receiveCommentDeletion } from "./comment.ts";

/**
 * Something on another server is gone: an actor that deleted itself (we forget it and its
 * follows), a comment (a placeholder while replies hang below it), a practice its city withdrew
 * (kept in history, marked withdrawn), or a post. What was deleted is remembered (a tombstone).
 */
export async function onDelete(ctx: InboxContext<void>, db: Database, deletion: Delete): Promise<void> {
  if (deletion.actorId === null || deletion.objectId === null) return;
  if (deletion.objectId.href === deletion.actorId.href) {
    if (await deleteRemoteActor(db, deletion.actorId.href)) {
      logger.info("Remote actor {actor} deleted itself", { actor: deletion.actorId.href });
    }
    return;
  }
  if (deletion.objectId.origin !== deletion.actorId.origin) return;
  // Remembered even when we never saw it: its Create may still be on its way (Delete before Create).
  await recordTombstone(db, deletion.objectId.href);
  const actor = await findActorByIri(db, deletion.actorId.href);
  if (!actor) return;
  if (await receiveCommentDeletion(ctx, db, deletion.objectId, actor)) return;
  if (await withdrawReceivedPractice(db, deletion.objectId.href, actor.id)) return;
  await deletePost(db, deletion.objectId.href, actor.id);
}
