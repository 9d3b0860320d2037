import { type Federation, type KvStore, type MessageQueue, createFederation } from "@fedify/fedify";
import { Accept, Activity, Add, Announce, Block, Create, Delete, Dislike, Flag, Follow, Like, Reject, Undo, Update } from "@fedify/vocab";
import { instanceUsername } from "../actors/model.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/client.ts";
import { logger } from "../logging.ts";
import { plazaVersion } from "../version.ts";
import { registerActors } from "./actors.ts";
import { guardInbox, refuseBlockedRequest, withoutBlockedDeliveries } from "./blocking.ts";
import { registerCollections } from "./collections.ts";
import { registerCommentObjects } from "./comments/publishing.ts";
import { registerFollowObjects } from "./following.ts";
import { registerCollectionObjects } from "./collections/curation.ts";
import { onBlock } from "./inbox/block.ts";
import { onAdd } from "./inbox/curation.ts";
import { registerAdaptationObjects } from "./practices/adaptations.ts";
import { onContent } from "./inbox/content.ts";
import { onDelete } from "./inbox/delete.ts";
import { onFlag } from "./inbox/flag.ts";
import { onFollow } from "./inbox/follow.ts";
import { onOtherActivity } from "./inbox/ignored.ts";
import { onAccept, onReject } from "./inbox/follow-response.ts";
import { onUndo } from "./inbox/undo.ts";
import { onAnnounce, onDislike, onLike } from "./inbox/reactions.ts";
import { registerNodeInfo } from "./nodeinfo.ts";
import { registerNoteObjects } from "./notes/publishing.ts";
import { registerOutbox, registerPracticeObjects } from "./practices/publishing.ts";
import { registerReactionCollections } from "./reactions/collections.ts";
import { registerReactionObjects } from "./reactions/publishing.ts";
import { requireSignedFetch } from "./secure-mode.ts";

export interface FederationDeps {
  readonly db: Database;
  readonly kv: KvStore;
  readonly queue: MessageQueue;
  readonly config: Pick<Config, "origin" | "allowPrivateAddress" | "role"> & Partial<Pick<Config, "secureMode">>;
}

export type PlazaFederation = Federation<void>;

/** Everything Plaza says and hears over ActivityPub is wired here. */
export function createPlazaFederation({ db, kv, queue, config }: FederationDeps): PlazaFederation {
  const federation = createFederation<void>({
    kv,
    // Nothing is ever delivered to a blocked actor or server, whoever queued it (blocking.ts).
    queue: withoutBlockedDeliveries(queue, db),
    // A web-only process enqueues; workers (role "worker" or "all") deliver.
    manuallyStartQueue: true,
    origin: config.origin.href,
    allowPrivateAddress: config.allowPrivateAddress,
    userAgent: { software: `Plaza/${plazaVersion}`, url: config.origin },
  });
  // Every request Fedify answers passes here first: blocked senders get 403 before anything is
  // read, verified or fetched (blocking.ts), and in secure mode unsigned GETs of our objects and
  // collections get 401 (secure-mode.ts). One place, whatever routes and listeners exist.
  const answer = federation.fetch.bind(federation);
  federation.fetch = async (request, options) => {
    const refused = await refuseBlockedRequest(db, request);
    if (refused) return refused;
    const response = await answer(request, options);
    return config.secureMode ? requireSignedFetch(federation, db, request, response) : response;
  };
  registerActors(federation, db);
  registerCollections(federation, db);
  registerNodeInfo(federation, db);
  registerFollowObjects(federation, db);
  registerPracticeObjects(federation, db);
  registerAdaptationObjects(federation, db);
  registerCollectionObjects(federation, db);
  registerOutbox(federation, db);
  registerCommentObjects(federation, db);
  registerNoteObjects(federation, db);
  registerReactionObjects(federation, db);
  registerReactionCollections(federation, db);
  // Listeners never see an activity from a blocked actor, nor one that breaks the origin rule.
  guardInbox(federation.setInboxListeners("/@{identifier}/inbox", "/inbox"), db)
    .on(Follow, (ctx, follow) => onFollow(ctx, db, follow))
    .on(Accept, (ctx, accept) => onAccept(ctx, db, accept))
    .on(Reject, (ctx, reject) => onReject(ctx, db, reject))
    .on(Undo, (ctx, undo) => onUndo(ctx, db, undo))
    .on(Create, (ctx, create) => onContent(ctx, db, create))
    .on(Update, (ctx, update) => onContent(ctx, db, update))
    .on(Delete, (ctx, deletion) => onDelete(ctx, db, deletion))
    .on(Like, (ctx, like) => onLike(ctx, db, like))
    .on(Announce, (ctx, announce) => onAnnounce(ctx, db, announce))
    .on(Dislike, (_ctx, dislike) => onDislike(dislike))
    .on(Flag, (ctx, flag) => onFlag(ctx, db, flag))
    .on(Block, (ctx, block) => onBlock(ctx, db, block))
    .on(Add, (ctx, add) => onAdd(ctx, db, add))
    .on(Activity, (_ctx, activity) => onOtherActivity(activity))
    // What the shared inbox fetches while it verifies (actors, objects) is signed as the server.
    .setSharedKeyDispatcher(() => ({ identifier: instanceUsername }))
    .onError((_ctx, error) => {
      // Often another server's malformed activity rather than our fault.
      logger.warning("Could not handle an incoming activity: {error}", { error });
    });
  return federation;
}
