import type { Federation } from "@fedify/fedify";
import type { Recipient } from "@fedify/vocab";
import { findLocalActor } from "../actors/store.ts";
import type { Database } from "../db/client.ts";
import { type FollowListing, countFollows, listFollowers, listFollowing } from "../social/follows.ts";

const pageSize = 40;
const everything = 1_000_000;

function toRecipient({ actor }: FollowListing): Recipient {
  return {
    id: new URL(actor.iri),
    inboxId: new URL(actor.inboxUrl),
    endpoints: actor.sharedInboxUrl ? { sharedInbox: new URL(actor.sharedInboxUrl) } : null,
  };
}

/** A cursor is the id of the last follow on the previous page; the first page has the empty cursor. */
function parseCursor(cursor: string): number | undefined {
  const before = Number(cursor);
  return cursor !== "" && Number.isInteger(before) ? before : undefined;
}

/** Followers, following and outbox collections of our actors. */
export function registerCollections(federation: Federation<void>, db: Database): void {
  federation
    .setFollowersDispatcher("/@{identifier}/followers", async (_ctx, identifier, cursor) => {
      const owner = await findLocalActor(db, identifier);
      if (!owner) return null;
      // Without a cursor Fedify wants every follower at once: that is how it delivers to "followers".
      const page = await listFollowers(db, owner.id, cursor === null ? { limit: everything } : { before: parseCursor(cursor), limit: pageSize });
      return { items: page.items.map(toRecipient), nextCursor: page.nextCursor?.toString() ?? null };
    })
    .setCounter(async (_ctx, identifier) => {
      const owner = await findLocalActor(db, identifier);
      return owner ? countFollows(db, "followers", owner.id) : null;
    })
    .setFirstCursor(async (_ctx, identifier) => ((await findLocalActor(db, identifier)) ? "" : null));

  federation
    .setFollowingDispatcher("/@{identifier}/following", async (_ctx, identifier, cursor) => {
      const owner = await findLocalActor(db, identifier);
      if (!owner || cursor === null) return null;
      const page = await listFollowing(db, owner.id, { before: parseCursor(cursor), limit: pageSize });
      return { items: page.items.map(({ actor }) => new URL(actor.iri)), nextCursor: page.nextCursor?.toString() ?? null };
    })
    .setCounter(async (_ctx, identifier) => {
      const owner = await findLocalActor(db, identifier);
      return owner ? countFollows(db, "following", owner.id) : null;
    })
    .setFirstCursor(async (_ctx, identifier) => ((await findLocalActor(db, identifier)) ? "" : null));
}
