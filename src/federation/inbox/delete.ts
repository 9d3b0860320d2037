import type { InboxContext } from "@fedify/fedify";
import type { Delete } from "@fedify/vocab";
import { deleteRemoteActor } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";

/** An actor on another server deleted itself: forget it and its follows. */
export async function onDelete(_ctx: InboxContext<void>, db: Database, deletion: Delete): Promise<void> {
  if (deletion.actorId === null || deletion.objectId?.href !== deletion.actorId.href) return;
  if (await deleteRemoteActor(db, deletion.actorId.href)) {
    logger.info("Remote actor {actor} deleted itself", { actor: deletion.actorId.href });
  }
}
