import type { Context } from "@fedify/fedify";
import { PUBLIC_COLLECTION, Update } from "@fedify/vocab";
import type { ActorRow } from "../actors/model.ts";
import { type ProfileChanges, profileChanged, updateProfile } from "../actors/profile.ts";
import type { Database } from "../db/client.ts";
import { actorDocument } from "./actors.ts";

/**
 * One of our actors edits its profile (name, bio, whether followers are approved by hand). It is
 * saved, and when something changed the actor's followers' servers get `Update` with the whole
 * new actor document, which is what Mastodon refreshes its copy from.
 */
export async function editProfile(ctx: Context<void>, db: Database, actor: ActorRow, changes: ProfileChanges): Promise<ActorRow> {
  const updated = await updateProfile(db, actor, changes);
  if (!profileChanged(actor, updated)) return updated;
  await ctx.sendActivity(
    { identifier: updated.username },
    "followers",
    new Update({
      id: new URL(`${updated.iri}#update-${crypto.randomUUID()}`),
      actor: new URL(updated.iri),
      to: PUBLIC_COLLECTION,
      object: await actorDocument(ctx, updated),
      updated: Temporal.Instant.fromEpochMilliseconds(updated.updatedAt.getTime()),
    }),
    { preferSharedInbox: true, excludeBaseUris: [new URL(ctx.canonicalOrigin)] },
  );
  return updated;
}
