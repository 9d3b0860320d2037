import type { InboxContext } from "@fedify/fedify";
import type { Delete } from "@fedify/vocab";
import { deleteRemoteActor, findActorByIri } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { withdrawReceivedPractice } from "../../practices/remote.ts";
import { deletePost } from "../../social/posts.ts";

/**
 * Something on another server is gone: an actor that deleted itself (we forget it and its
 * follows), a practice its city withdrew (kept in history, marked withdrawn), or a post.
 */
export async function onDelete(_ctx: InboxContext<void>, db: Database, deletion: Delete): Promise<void> {
  if (deletion.actorId === null || deletion.objectId === null) return;
  if (deletion.objectId.href === deletion.actorId.href) {
    if (await deleteRemoteActor(db, deletion.actorId.href)) {
      logger.info("Remote actor {actor} deleted itself", { actor: deletion.actorId.href });
    }
    return;
  }
  if (deletion.objectId.origin !== deletion.actorId.origin) return;
  const actor = await findActorByIri(db, deletion.actorId.href);
  if (!actor) return;
  if (await withdrawReceivedPractice(db, deletion.objectId.href, actor.id)) return;
  await deletePost(db, deletion.objectId.href, actor.id);
}
