import type { InboxContext } from "@fedify/fedify";
import { Accept, type Follow } from "@fedify/vocab";
import { kindOf } from "../../actors/model.ts";
import { findLocalActor } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { recordFollow } from "../../social/follows.ts";
import { notify } from "../../social/notifications.ts";
import { rememberActor } from "../remote-actors.ts";
import { logger } from "../../logging.ts";

/**
 * Someone on another server follows one of our actors. We record the follower; unless the
 * actor approves followers by hand, we accept at once.
 */
export async function onFollow(ctx: InboxContext<void>, db: Database, follow: Follow): Promise<void> {
  if (follow.id === null || follow.actorId === null || follow.objectId === null) return;
  const target = ctx.parseUri(follow.objectId);
  if (target?.type !== "actor") return;
  const followed = await findLocalActor(db, target.identifier);
  if (!followed || kindOf(followed) === "instance") return;
  const followerActor = await follow.getActor(ctx);
  if (!followerActor || followerActor.id?.href !== follow.actorId.href) return;
  const follower = await rememberActor(db, followerActor);
  if (!follower) return;
  const row = await recordFollow(db, {
    activityIri: follow.id.href,
    followerId: follower.id,
    followingId: followed.id,
    status: followed.manuallyApprovesFollowers ? "pending" : "accepted",
  });
  logger.info("{follower} follows {followed} ({status})", { follower: follower.iri, followed: followed.username, status: row.status });
  await notify(db, { recipientId: followed.id, kind: row.status === "accepted" ? "follow" : "follow_request", actorId: follower.id });
  if (row.status === "accepted") {
    await ctx.sendActivity(
      { identifier: followed.username },
      followerActor,
      new Accept({
        id: new URL(`#accepts/follows/${crypto.randomUUID()}`, ctx.getActorUri(followed.username)),
        actor: follow.objectId,
        to: follow.actorId,
        object: follow,
      }),
      { orderingKey: follow.id.href },
    );
  }
}
