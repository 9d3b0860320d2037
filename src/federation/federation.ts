import { type Federation, type KvStore, type MessageQueue, createFederation } from "@fedify/fedify";
import { Accept, Create, Delete, Follow, Reject, Undo, Update } from "@fedify/vocab";
import { instanceUsername } from "../actors/model.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import { logger } from "../logging.ts";
import { plazaVersion } from "../version.ts";
import { registerActors } from "./actors.ts";
import { registerCollections } from "./collections.ts";
import { registerFollowObjects } from "./following.ts";
import { onContent } from "./inbox/content.ts";
import { onDelete } from "./inbox/delete.ts";
import { onFollow } from "./inbox/follow.ts";
import { onAccept, onReject } from "./inbox/follow-response.ts";
import { onUndo } from "./inbox/undo.ts";
import { registerNodeInfo } from "./nodeinfo.ts";
import { registerOutbox, registerPracticeObjects } from "./practices/publishing.ts";

export interface FederationDeps {
  readonly db: Database;
  readonly kv: KvStore;
  readonly queue: MessageQueue;
  readonly config: Pick<Config, "origin" | "allowPrivateAddress" | "role">;
}

export type PlazaFederation = Federation<void>;

/** Everything Plaza says and hears over ActivityPub is wired here. */
export function createPlazaFederation({ db, kv, queue, config }: FederationDeps): PlazaFederation {
  const federation = createFederation<void>({
    kv,
    queue,
    // A web-only process enqueues; workers (role "worker" or "all") deliver.
    manuallyStartQueue: true,
    origin: config.origin.href,
    allowPrivateAddress: config.allowPrivateAddress,
    userAgent: { software: `Plaza/${plazaVersion}`, url: config.origin },
  });
  registerActors(federation, db);
  registerCollections(federation, db);
  registerNodeInfo(federation, db);
  registerFollowObjects(federation, db);
  registerPracticeObjects(federation, db);
  registerOutbox(federation, db);
  federation
    .setInboxListeners("/@{identifier}/inbox", "/inbox")
    .on(Follow, (ctx, follow) => onFollow(ctx, db, follow))
    .on(Accept, (ctx, accept) => onAccept(ctx, db, accept))
    .on(Reject, (ctx, reject) => onReject(ctx, db, reject))
    .on(Undo, (ctx, undo) => onUndo(ctx, db, undo))
    .on(Create, (ctx, create) => onContent(ctx, db, create))
    .on(Update, (ctx, update) => onContent(ctx, db, update))
    .on(Delete, (ctx, deletion) => onDelete(ctx, db, deletion))
    // What the shared inbox fetches while it verifies (actors, objects) is signed as the server.
    .setSharedKeyDispatcher(() => ({ identifier: instanceUsername }))
    .onError((_ctx, error) => {
      // Often another server's malformed activity rather than our fault.
      logger.warning("Could not handle an incoming activity: {error}", { error });
    });
  return federation;
}
