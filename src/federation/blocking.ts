import type { Context, InboxListenerSetters, MessageQueue } from "@fedify/fedify";
import { type Activity, Announce, isActor } from "@fedify/vocab";
import { and, eq, sql } from "drizzle-orm";
import { instanceUsername } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { logger } from "../logging.ts";
import {
  type BlockKind,
  type BlockRow,
  addBlock,
  blockedAmong,
  domainCovers,
  findBlockCovering,
  followsWith,
  normalizeDomain,
  remoteActorsCoveredBy,
} from "../social/blocks.ts";
import { rejectFollower, unfollow } from "./following.ts";
import { originViolation } from "./inbox/origin.ts";

/*
 * Blocks, as the federation sees them. Three layers, from the cheapest:
 *
 * 1. `refuseBlockedRequest`, before Fedify reads a request: an inbox POST whose `actor`, or any
 *    request whose signature key, belongs to a blocked actor or domain gets 403. Nothing is
 *    verified, fetched, queued or recorded, and no key is fetched from the blocked server. It
 *    trusts the sender's claims, which is safe for a refusal: Fedify only accepts an activity
 *    whose verified signer is its `actor`, so a blocked sender cannot slip through by naming
 *    someone else, and naming a blocked actor only gets one's own request refused.
 * 2. `guardInbox`, around every inbox listener: the verified activity is dropped before any
 *    handler runs when its actor is blocked (catching JSON-LD shapes the first layer cannot read,
 *    and activities queued before the block), or when it breaks the origin rule (inbox/origin.ts).
 * 3. `withoutBlockedDeliveries`, around Fedify's queue: an outgoing delivery whose turn comes is
 *    dropped when its inbox is on a blocked domain or every actor it is for is blocked, whoever
 *    sent it and however it was addressed (followers, a card's owner, a comment's author), even
 *    if it was queued before the block. Blocking also removes every follow between our actors and
 *    the blocked ones, and nobody here can follow a blocked actor (following.ts).
 *
 * Fetches Plaza itself starts are filtered where Plaza starts them (following a handle: nothing
 * is looked up on a blocked server). Others (an actor or object named in an activity from a server
 * that is not blocked) are not: Fedify 2.3 refuses custom document loaders together with
 * `allowPrivateAddress` and `userAgent`, so no loader wrapper can see every fetch.
 */

const keyIdPattern = /keyid="([^"]+)"/gi;

/** The key ids a request's HTTP signatures name (draft-cavage `Signature`, RFC 9421 `Signature-Input`). */
function signatureKeyIds(request: Request): string[] {
  const headers = [request.headers.get("Signature"), request.headers.get("Signature-Input")].filter((h) => h !== null);
  return headers.flatMap((header) => [...header.matchAll(keyIdPattern)].map((match) => match[1] ?? "")).filter((id) => URL.canParse(id));
}

/** The actor ids an activity's body claims, without any JSON-LD processing. */
async function claimedActors(request: Request): Promise<string[]> {
  let body: unknown;
  try {
    body = JSON.parse(await request.clone().text());
  } catch {
    return []; // Fedify answers 400
  }
  if (typeof body !== "object" || body === null || !("actor" in body)) return [];
  return [body.actor].flat().flatMap((actor: unknown) => {
    if (typeof actor === "string") return [actor];
    if (typeof actor === "object" && actor !== null && "id" in actor && typeof actor.id === "string") return [actor.id];
    return [];
  });
}

/**
 * 403 for a request from a blocked actor or domain (layer 1 above), or `undefined` to let Fedify
 * answer. Applies to deliveries (POST) and to signed GETs, in secure mode or not.
 */
export async function refuseBlockedRequest(db: Database, request: Request): Promise<Response | undefined> {
  const keyIds = signatureKeyIds(request);
  const claimed = request.method === "POST" ? await claimedActors(request) : [];
  // A key id is usually `{actor}#main-key`: without its fragment it names the actor.
  const senders = [...claimed, ...keyIds, ...keyIds.map((id) => id.replace(/#.*$/, ""))].filter((iri) => URL.canParse(iri));
  if (senders.length === 0) return undefined;
  const block = await findBlockCovering(db, senders);
  if (!block) return undefined;
  logger.info("Refused {method} {path} from {sender}: {kind} {value} is blocked", {
    method: request.method,
    path: new URL(request.url).pathname,
    sender: claimed[0] ?? keyIds[0] ?? "",
    kind: block.kind,
    value: block.value,
  });
  return new Response(`This server does not accept requests from ${block.kind === "domain" ? block.value : "this actor"}.`, {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Why a verified activity must not reach any handler (layer 2 above), or `undefined`. */
export async function refusalOf(db: Database, activity: Activity): Promise<string | undefined> {
  // A share of something from a blocked server is refused too; a like names only our own things.
  const named = [...activity.actorIds, ...(activity instanceof Announce ? activity.objectIds : [])];
  const block = await findBlockCovering(db, named);
  if (block) return `${block.kind} ${block.value} is blocked`;
  return originViolation(activity);
}

/**
 * Inbox listener setters whose every listener first passes `refusalOf`: register listeners on
 * what this returns, and none of them ever sees a blocked actor's activity or one that breaks the
 * origin rule.
 */
export function guardInbox(setters: InboxListenerSetters<void>, db: Database): InboxListenerSetters<void> {
  const guarded: InboxListenerSetters<void> = {
    on(type, listener) {
      setters.on(type, async (ctx, activity) => {
        const refusal = await refusalOf(db, activity);
        if (refusal !== undefined) {
          logger.warning("Refused {type} {id} from {actor}: {refusal}", {
            type: activity.constructor.name,
            id: activity.id?.href ?? "",
            actor: activity.actorId?.href ?? "",
            refusal,
          });
          return;
        }
        await listener(ctx, activity);
      });
      return guarded;
    },
    onError(handler) {
      setters.onError(handler);
      return guarded;
    },
    onUnverifiedActivity(handler) {
      setters.onUnverifiedActivity(handler);
      return guarded;
    },
    setSharedKeyDispatcher(dispatcher) {
      setters.setSharedKeyDispatcher(dispatcher);
      return guarded;
    },
    withIdempotency(strategy) {
      setters.withIdempotency(strategy);
      return guarded;
    },
  };
  return guarded;
}

/** The activity types still delivered to a blocked server: the `Reject` and `Undo` that end follows when it is blocked. */
const partingTypes = new Set(["https://www.w3.org/ns/activitystreams#Reject", "https://www.w3.org/ns/activitystreams#Undo"]);

/** Whether a queued message is an outgoing delivery that must not go out (layer 3 above). */
async function isBlockedDelivery(db: Database, message: unknown): Promise<boolean> {
  if (typeof message !== "object" || message === null || !("type" in message) || message.type !== "outbox") return false;
  if (!("inbox" in message) || typeof message.inbox !== "string") return false;
  if ("activityType" in message && typeof message.activityType === "string" && partingTypes.has(message.activityType)) return false;
  const actorIds = "actorIds" in message && Array.isArray(message.actorIds) ? message.actorIds.filter((id): id is string => typeof id === "string") : [];
  const blocked = await blockedAmong(db, [message.inbox, ...actorIds]);
  if (!blocked.has(message.inbox) && (actorIds.length === 0 || actorIds.some((id) => !blocked.has(id)))) return false;
  logger.info("Dropped a delivery to {inbox}: its server or recipients are blocked", { inbox: message.inbox });
  return true;
}

/** Fedify's message queue, with outgoing deliveries to blocked servers and actors dropped when their turn comes. */
export function withoutBlockedDeliveries(queue: MessageQueue, db: Database): MessageQueue {
  const { enqueueMany, getDepth } = queue;
  return {
    nativeRetrial: queue.nativeRetrial ?? false,
    enqueue: (message: unknown, options) => queue.enqueue(message, options),
    ...(enqueueMany ? { enqueueMany: (messages: readonly unknown[], options) => enqueueMany.call(queue, messages, options) } : {}),
    ...(getDepth ? { getDepth: () => getDepth.call(queue) } : {}),
    listen: (handler, options) =>
      queue.listen(async (message: unknown) => {
        if (await isBlockedDelivery(db, message)) return;
        await handler(message);
      }, options),
  };
}

const handlePattern = /^@?([^@\s]+)@([^@\s/]+)$/;

/**
 * The actor IRI to block for what a moderator typed: a handle (`@name@host`) or an actor URL. A
 * handle must be found (here, or by WebFinger); a URL is blocked as typed when it cannot be read.
 */
async function actorIriFor(ctx: Context<void>, db: Database, target: string): Promise<string> {
  const query = target.trim();
  const handle = handlePattern.exec(query);
  if (handle) {
    const [, username = "", host = ""] = handle;
    const [known] = await db
      .select({ iri: actors.iri })
      .from(actors)
      .where(and(eq(actors.local, false), sql`lower(${actors.username}) = lower(${username})`, sql`lower(${actors.host}) = lower(${host})`))
      .limit(1);
    if (known) return known.iri;
  } else if (!URL.canParse(query) || !/^https?:$/.test(new URL(query).protocol)) {
    throw new PlazaError("invalid", `"${target}" is neither a handle (@name@server.example) nor an actor's URL.`, "target");
  } else {
    const [known] = await db.select({ iri: actors.iri }).from(actors).where(eq(actors.iri, new URL(query).href)).limit(1);
    if (known) return known.iri;
  }
  const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
  const found = await ctx.lookupObject(query, { documentLoader }).catch(() => null);
  if (isActor(found) && found.id !== null) return found.id.href;
  if (handle) {
    throw new PlazaError("unreachable", `No account was found at ${query}. Give its URL instead, or block its whole server.`, "target");
  }
  return new URL(query).href;
}

export interface BlockRequest {
  readonly kind: BlockKind;
  /** A handle or actor URL (actor blocks), or a domain (domain blocks), as typed. */
  readonly target: string;
  readonly reason: string;
  /** The moderator's account. */
  readonly accountId: number;
}

/**
 * Blocks an actor or a whole domain, for the whole server. Every follow between our actors and
 * those it covers is removed: their follows of ours get a `Reject` (as Mastodon does when it
 * suspends a remote account, so that their server stops counting itself a follower), ours of
 * theirs an `Undo`, so that they stop delivering to us. After that, nothing more is sent to them.
 */
export async function block(ctx: Context<void>, db: Database, request: BlockRequest): Promise<{ block: BlockRow; created: boolean; removedFollows: number }> {
  const ours = new URL(ctx.canonicalOrigin);
  let value: string;
  if (request.kind === "domain") {
    value = normalizeDomain(request.target);
    if (domainCovers(value, ours.hostname)) throw new PlazaError("invalid", `${value} is this server's own domain.`, "target");
  } else {
    value = await actorIriFor(ctx, db, request.target);
    if (new URL(value).origin === ours.origin) throw new PlazaError("invalid", "Actors of this server cannot be blocked; an operator can remove them.", "target");
  }
  const added = await addBlock(db, { kind: request.kind, value, reason: request.reason, accountId: request.accountId });
  if (!added.created) return { ...added, removedFollows: 0 };
  const covered = await remoteActorsCoveredBy(db, added.block);
  const across = await followsWith(db, covered.map((actor) => actor.id));
  for (const follow of across) {
    try {
      if (follow.direction === "in") await rejectFollower(ctx, db, follow.local.username, follow.remote.iri);
      else await unfollow(ctx, db, follow.local.username, follow.remote.iri);
    } catch (error) {
      logger.warning("Could not end the follow between {local} and {remote} after a block: {error}", { local: follow.local.iri, remote: follow.remote.iri, error });
    }
  }
  logger.info("Blocked {kind} {value}; {count} follows removed", { kind: request.kind, value, count: across.length });
  return { ...added, removedFollows: across.length };
}
