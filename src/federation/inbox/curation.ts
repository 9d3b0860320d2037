import type { InboxContext } from "@fedify/fedify";
import type { Add } from "@fedify/vocab";
import type { Database } from "../../db/client.ts";
import { notifyCuration } from "../../practices/collections.ts";
import { findPracticeByIri } from "../../practices/store.ts";
import { resolveActor } from "../remote-actors.ts";

/**
 * Another server's network (or city) added a practice to one of its collections (`Add` with the
 * collection as `target`, FEP-400e): when the practice is one of ours, its city is told. Other
 * `Add`s (Mastodon's featured posts, anything about objects we do not publish) are ignored.
 */
export async function onAdd(ctx: InboxContext<void>, db: Database, add: Add): Promise<void> {
  if (add.actorId === null || add.objectId === null || add.targetId === null) return;
  // A collection lives on its curator's server.
  if (add.targetId.origin !== add.actorId.origin) return;
  const practice = await findPracticeByIri(db, add.objectId.href);
  if (!practice?.row.local || practice.row.status !== "published") return;
  const curator = await resolveActor(ctx, db, add.actorId);
  if (!curator) return;
  await notifyCuration(db, practice, curator.id);
}
