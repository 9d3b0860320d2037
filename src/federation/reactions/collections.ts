import type { Context, Federation } from "@fedify/fedify";
import { Announce, Collection, Like } from "@fedify/vocab";
import type { Database } from "../../db/client.ts";
import { findPracticeByPublicId } from "../../practices/store.ts";
import { findCommentByPublicId } from "../../social/comments.ts";
import { type ReactionCounts, type ReactionKind, countReactions, listReactions } from "../../social/reactions.ts";

/** Names of the `likes` and `shares` collections of our practices and comments (Fedify's custom collections). */
const collectionNames = {
  practice: { like: "practiceLikes", share: "practiceShares" },
  comment: { like: "commentLikes", share: "commentShares" },
} as const;

/** What carries `likes` and `shares`: a practice `Article` or a comment `Note`. */
export type ReactionHolder = keyof typeof collectionNames;

const pageSize = 40;

/**
 * The `likes` and `shares` properties of one of our practices or comments: the collection's id
 * with its `totalItems` embedded (what Mastodon reads for its counts), or only the id when the
 * counts are not at hand (the outbox).
 */
export function reactionCollections(
  ctx: Context<void>,
  holder: ReactionHolder,
  publicId: string,
  counts: ReactionCounts | undefined,
): { likes: Collection | URL; shares: Collection | URL } {
  const likes = ctx.getCollectionUri(collectionNames[holder].like, { id: publicId });
  const shares = ctx.getCollectionUri(collectionNames[holder].share, { id: publicId });
  if (!counts) return { likes, shares };
  return { likes: new Collection({ id: likes, totalItems: counts.likes }), shares: new Collection({ id: shares, totalItems: counts.shares }) };
}

/**
 * `/practices/{id}/likes`, `/practices/{id}/shares`, `/comments/{id}/likes` and
 * `/comments/{id}/shares`: public collections with `totalItems` and pages of the `Like` and
 * `Announce` activities (each with its actor and object), newest first.
 */
export function registerReactionCollections(federation: Federation<void>, db: Database): void {
  /** The IRI of one of our published practices or visible comments, by its id in our URLs. */
  const iriOf: Record<ReactionHolder, (publicId: string) => Promise<string | undefined>> = {
    practice: async (publicId) => {
      const practice = await findPracticeByPublicId(db, publicId);
      return practice?.row.local && practice.row.status === "published" ? practice.row.iri : undefined;
    },
    comment: async (publicId) => {
      const comment = await findCommentByPublicId(db, publicId);
      return comment?.local && comment.status === "visible" ? comment.iri : undefined;
    },
  };

  /** One page of a collection: the cursor is the id of the last reaction on the previous page, "" for the first. */
  function pages<T>(holder: ReactionHolder, kind: ReactionKind, activity: (values: { id: URL; actor: URL; object: URL }) => T) {
    return async (_ctx: Context<void>, { id }: Record<"id", string>, cursor: string | null) => {
      const iri = await iriOf[holder](id);
      if (!iri || cursor === null) return null;
      const before = Number(cursor);
      const page = await listReactions(db, iri, kind, { before: cursor !== "" && Number.isInteger(before) ? before : undefined, limit: pageSize });
      return {
        items: page.items.map(({ reaction, actor }) => activity({ id: new URL(reaction.activityIri), actor: new URL(actor.iri), object: new URL(iri) })),
        nextCursor: page.nextCursor?.toString() ?? null,
      };
    };
  }
  const counter = (holder: ReactionHolder, kind: ReactionKind) => async (_ctx: Context<void>, { id }: Record<"id", string>) => {
    const iri = await iriOf[holder](id);
    return iri ? countReactions(db, iri, kind) : null;
  };
  const firstCursor = (holder: ReactionHolder) => async (_ctx: Context<void>, { id }: Record<"id", string>) =>
    (await iriOf[holder](id)) ? "" : null;
  const like = (values: { id: URL; actor: URL; object: URL }) => new Like(values);
  const announce = (values: { id: URL; actor: URL; object: URL }) => new Announce(values);

  federation
    .setCollectionDispatcher(collectionNames.practice.like, Like, "/practices/{id}/likes", pages("practice", "like", like))
    .setCounter(counter("practice", "like"))
    .setFirstCursor(firstCursor("practice"));
  federation
    .setCollectionDispatcher(collectionNames.practice.share, Announce, "/practices/{id}/shares", pages("practice", "share", announce))
    .setCounter(counter("practice", "share"))
    .setFirstCursor(firstCursor("practice"));
  federation
    .setCollectionDispatcher(collectionNames.comment.like, Like, "/comments/{id}/likes", pages("comment", "like", like))
    .setCounter(counter("comment", "like"))
    .setFirstCursor(firstCursor("comment"));
  federation
    .setCollectionDispatcher(collectionNames.comment.share, Announce, "/comments/{id}/shares", pages("comment", "share", announce))
    .setCounter(counter("comment", "share"))
    .setFirstCursor(firstCursor("comment"));
}
