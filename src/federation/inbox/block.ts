import type { InboxContext } from "@fedify/fedify";
import type { Block } from "@fedify/vocab";
import { findActorByIri, findLocalActor } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { endFollowsBetween } from "../../social/follows.ts";

/**
 * Someone on another server blocks one of our actors (Mastodon's `Block`): the follows between
 * them end here, both ways, as Mastodon ends them, so that we neither deliver to them nor list them.
 * A Lemmy ban (a community banning one of its own users) names someone who is not ours: ignored.
 */
export async function onBlock(ctx: InboxContext<void>, db: Database, block: Block): Promise<void> {
  if (block.actorId === null || block.objectId === null) return;
  const named = ctx.parseUri(block.objectId);
  if (named?.type !== "actor") return;
  const [ours, blocker] = await Promise.all([findLocalActor(db, named.identifier), findActorByIri(db, block.actorId.href)]);
  if (!ours || !blocker || blocker.local) return;
  const ended = await endFollowsBetween(db, ours.id, blocker.id);
  logger.info("{blocker} blocked {actor}: {count} follows between them ended", { blocker: blocker.iri, actor: ours.iri, count: ended });
}
