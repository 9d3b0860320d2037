import type { Context, Federation } from "@fedify/fedify";
import { Accept, Follow, Reject, Undo, isActor } from "@fedify/vocab";
import { UrlError, validatePublicUrl } from "@fedify/vocab-runtime";
import { type ActorRow, instanceUsername } from "../actors/model.ts";
import { findActorById, findActorByIri, findLocalActor } from "../actors/store.ts";
import type { Database } from "../db/client.ts";
import { PlazaError } from "../errors.ts";
import { findBlockCovering } from "../social/blocks.ts";
import {
  type FollowRow,
  deleteFollow,
  findFollow,
  findFollowByActivity,
  markFollowAccepted,
  recordFollow,
} from "../social/follows.ts";
import { rememberActor } from "./remote-actors.ts";

const followPath = "/follows/{id}";

/** Our `Follow` activities are dereferenceable, so a peer (or Fedify itself) can check one it receives by id. */
export function registerFollowObjects(federation: Federation<void>, db: Database): void {
  federation.setObjectDispatcher(Follow, followPath, async (ctx, { id }) => {
    const follow = await findFollowByActivity(db, ctx.getObjectUri(Follow, { id }).href);
    if (!follow) return null;
    const [follower, followed] = await Promise.all([findActorById(db, follow.followerId), findActorById(db, follow.followingId)]);
    if (!follower?.local || !followed) return null;
    return new Follow({ id: new URL(follow.activityIri), actor: new URL(follower.iri), object: new URL(followed.iri) });
  });
}

/** What a handle looks like when typed by a person: `@name@host` or `name@host`. */
const handlePattern = /^@?([^@\s]+)@([^@\s/]+)$/;

/**
 * One of our cities or networks follows an actor by handle (`@name@host`) or actor URL.
 * A remote actor gets a `Follow`; the follow stays pending until its server accepts it.
 */
export async function followByHandle(ctx: Context<void>, db: Database, followerUsername: string, handle: string): Promise<FollowRow> {
  const follower = await findLocalActor(db, followerUsername);
  if (!follower) throw new PlazaError("not_found", `This server has no actor named "${followerUsername}".`);
  const query = handle.trim();
  if (!handlePattern.test(query) && !URL.canParse(query)) {
    throw new PlazaError("invalid", `"${handle}" is not a handle: write it as @name@server.example, e.g. @seoul@plaza.seoul.go.kr.`, "handle");
  }
  // Nothing is looked up on, or sent to, a blocked server or actor.
  const blocked = () => new PlazaError("forbidden", `${query} is blocked on this server.`, "handle");
  if (await findBlockCovering(db, [URL.canParse(query) ? query : `https://${handlePattern.exec(query)?.[2] ?? ""}/`])) throw blocked();
  const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
  const found = await ctx.lookupObject(query, { documentLoader }).catch(() => null);
  if (!isActor(found) && (await isPrivateAddress(query))) {
    throw new PlazaError(
      "unreachable",
      `No account was found at ${query}: it is on a private network address, which a server in production does not contact (only PLAZA_ALLOW_PRIVATE_ADDRESS=true, for development, allows it).`,
      "handle",
    );
  }
  if (!isActor(found) || found.id === null) {
    throw new PlazaError("unreachable", `No account was found at ${query}. Check the spelling, and that its server is online.`, "handle");
  }
  if (await findBlockCovering(db, [found.id])) throw blocked();
  const local = ctx.parseUri(found.id);
  if (local?.type === "actor") return followLocally(db, follower, local.identifier);
  const followed = await rememberActor(db, found);
  if (!followed) throw new PlazaError("unreachable", `${query} does not publish an inbox, so it cannot be followed.`, "handle");
  const existing = await findFollow(db, follower.id, followed.id);
  if (existing) return existing;
  const followIri = ctx.getObjectUri(Follow, { id: crypto.randomUUID() });
  const follow = await recordFollow(db, { activityIri: followIri.href, followerId: follower.id, followingId: followed.id, status: "pending" });
  await ctx.sendActivity(
    { identifier: follower.username },
    found,
    new Follow({ id: followIri, actor: ctx.getActorUri(follower.username), object: found.id, to: found.id }),
    { orderingKey: followIri.href },
  );
  return follow;
}

async function isPrivateAddress(query: string): Promise<boolean> {
  const host = handlePattern.exec(query)?.[2];
  const url = host ? `https://${host}/` : query;
  return validatePublicUrl(url).then(
    () => false,
    (error: unknown) => error instanceof UrlError,
  );
}

/** Both actors live here: no activity travels, but approval rules still hold. */
async function followLocally(db: Database, follower: ActorRow, followedUsername: string): Promise<FollowRow> {
  const followed = await findLocalActor(db, followedUsername);
  if (!followed || followed.id === follower.id) throw new PlazaError("invalid", "An actor cannot follow itself.", "handle");
  return recordFollow(db, {
    activityIri: `${follower.iri}#follows/${followed.id}`,
    followerId: follower.id,
    followingId: followed.id,
    status: followed.manuallyApprovesFollowers ? "pending" : "accepted",
  });
}

/** Stops following (or withdraws a request); the remote server gets `Undo(Follow)`. */
export async function unfollow(ctx: Context<void>, db: Database, followerUsername: string, followedIri: string): Promise<void> {
  const { follower, followed, follow } = await findPair(db, followerUsername, followedIri);
  await deleteFollow(db, follow.id);
  if (followed.local) return;
  await ctx.sendActivity(
    { identifier: follower.username },
    recipientOf(followed),
    new Undo({
      id: new URL(`#undo-${crypto.randomUUID()}`, follow.activityIri),
      actor: new URL(follower.iri),
      to: new URL(followed.iri),
      object: new Follow({ id: new URL(follow.activityIri), actor: new URL(follower.iri), object: new URL(followed.iri) }),
    }),
    { orderingKey: follow.activityIri },
  );
}

/** Approves a pending follow request to one of our actors. */
export async function approveFollower(ctx: Context<void>, db: Database, followedUsername: string, followerIri: string): Promise<void> {
  const { follower, followed, follow } = await findPair(db, followerIri, followedUsername, "incoming");
  if (follow.status === "accepted") return;
  await markFollowAccepted(db, follow.id);
  await answer(ctx, Accept, followed, follower, follow);
}

/** Refuses a follow request, or removes an existing follower; the remote server gets `Reject(Follow)`. */
export async function rejectFollower(ctx: Context<void>, db: Database, followedUsername: string, followerIri: string): Promise<void> {
  const { follower, followed, follow } = await findPair(db, followerIri, followedUsername, "incoming");
  await deleteFollow(db, follow.id);
  await answer(ctx, Reject, followed, follower, follow);
}

async function answer(
  ctx: Context<void>,
  Answer: typeof Accept | typeof Reject,
  followed: ActorRow,
  follower: ActorRow,
  follow: FollowRow,
): Promise<void> {
  if (follower.local) return;
  const kind = Answer === Accept ? "accepts" : "rejects";
  await ctx.sendActivity(
    { identifier: followed.username },
    recipientOf(follower),
    new Answer({
      id: new URL(`#${kind}/follows/${crypto.randomUUID()}`, followed.iri),
      actor: new URL(followed.iri),
      to: new URL(follower.iri),
      object: new Follow({ id: new URL(follow.activityIri), actor: new URL(follower.iri), object: new URL(followed.iri) }),
    }),
    { orderingKey: follow.activityIri },
  );
}

/**
 * Outgoing (`local` follows `other`) or incoming (`other` follows `local`): finds both actors and
 * the follow between them, or says clearly which is missing.
 */
async function findPair(
  db: Database,
  first: string,
  second: string,
  direction: "outgoing" | "incoming" = "outgoing",
): Promise<{ follower: ActorRow; followed: ActorRow; follow: FollowRow }> {
  const [localUsername, otherIri] = direction === "outgoing" ? [first, second] : [second, first];
  const local = await findLocalActor(db, localUsername);
  if (!local) throw new PlazaError("not_found", `This server has no actor named "${localUsername}".`);
  const other = await findActorByIri(db, otherIri);
  if (!other) throw new PlazaError("not_found", `${otherIri} is not known here.`);
  const [follower, followed] = direction === "outgoing" ? [local, other] : [other, local];
  const follow = await findFollow(db, follower.id, followed.id);
  if (!follow) throw new PlazaError("not_found", `${follower.name} does not follow ${followed.name}.`);
  return { follower, followed, follow };
}

function recipientOf(actor: ActorRow) {
  return {
    id: new URL(actor.iri),
    inboxId: new URL(actor.inboxUrl),
    endpoints: actor.sharedInboxUrl ? { sharedInbox: new URL(actor.sharedInboxUrl) } : null,
  };
}
