import { and, desc, eq, inArray } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { alias } from "drizzle-orm/pg-core";
import { actors, comments, follows, memberships, posts, practiceVersions, practices, reactions } from "../db/schema.ts";
import type { PracticeCard } from "../practices/card.ts";
import { isCurrentVersion } from "../practices/store.ts";

/** One entry of a member's home feed. */
export type FeedItem =
  | { readonly kind: "practice"; readonly at: Date; readonly author: ActorRow; readonly publicId: string; readonly card: PracticeCard }
  | { readonly kind: "comment"; readonly at: Date; readonly author: ActorRow; readonly html: string; readonly practicePublicId: string }
  | { readonly kind: "post"; readonly at: Date; readonly author: ActorRow; readonly html: string; readonly name: string | null; readonly url: string }
  /** A followed actor shared a practice: a network adding it to a collection does, for one. */
  | { readonly kind: "share"; readonly at: Date; readonly author: ActorRow; readonly publicId: string; readonly card: PracticeCard; readonly owner: ActorRow };

/**
 * What the actors followed by the member or by the member's cities and networks published:
 * practices, comments and posts from other software, and the practices they shared, newest first.
 */
export async function homeFeed(db: Database, account: { id: number; actorId: number }, limit = 40): Promise<FeedItem[]> {
  const organizations = await db.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.accountId, account.id));
  const followers = [account.actorId, ...organizations.map((o) => o.id)];
  const followed = db
    .select({ id: follows.followingId })
    .from(follows)
    .where(and(inArray(follows.followerId, followers), eq(follows.status, "accepted")));

  const practiceRows = await db
    .select({ practice: practices, card: practiceVersions.card, author: actors })
    .from(practices)
    .innerJoin(practiceVersions, isCurrentVersion)
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(and(eq(practices.status, "published"), inArray(practices.ownerId, followed)))
    .orderBy(desc(practices.updatedAt))
    .limit(limit);
  const commentRows = await db
    .select({ comment: comments, author: actors, practicePublicId: practices.publicId })
    .from(comments)
    .innerJoin(actors, eq(actors.id, comments.authorId))
    .innerJoin(practices, eq(practices.id, comments.practiceId))
    .where(and(eq(comments.status, "visible"), inArray(comments.authorId, followed)))
    .orderBy(desc(comments.publishedAt))
    .limit(limit);
  const postRows = await db
    .select({ post: posts, author: actors })
    .from(posts)
    .innerJoin(actors, eq(actors.id, posts.authorId))
    .where(inArray(posts.authorId, followed))
    .orderBy(desc(posts.receivedAt))
    .limit(limit);

  const owner = alias(actors, "owner");
  const shareRows = await db
    .select({ reaction: reactions, sharer: actors, practice: practices, card: practiceVersions.card, owner })
    .from(reactions)
    .innerJoin(actors, eq(actors.id, reactions.actorId))
    .innerJoin(practices, eq(practices.iri, reactions.objectIri))
    .innerJoin(practiceVersions, isCurrentVersion)
    .innerJoin(owner, eq(owner.id, practices.ownerId))
    .where(and(eq(reactions.kind, "share"), eq(practices.status, "published"), inArray(reactions.actorId, followed)))
    .orderBy(desc(reactions.createdAt))
    .limit(limit);

  const items: FeedItem[] = [
    ...shareRows.map((r): FeedItem => ({
      kind: "share",
      at: r.reaction.createdAt,
      author: r.sharer,
      publicId: r.practice.publicId ?? "",
      card: r.card as PracticeCard,
      owner: r.owner,
    })),
    ...practiceRows.map((r): FeedItem => ({
      kind: "practice",
      at: r.practice.updatedAt ?? r.practice.createdAt,
      author: r.author,
      publicId: r.practice.publicId ?? "",
      card: r.card as PracticeCard,
    })),
    ...commentRows.map((r): FeedItem => ({
      kind: "comment",
      at: r.comment.publishedAt,
      author: r.author,
      html: r.comment.contentHtml,
      practicePublicId: r.practicePublicId ?? "",
    })),
    ...postRows.map((r): FeedItem => ({
      kind: "post",
      at: r.post.publishedAt ?? r.post.receivedAt,
      author: r.author,
      html: r.post.contentHtml,
      name: r.post.name,
      url: r.post.url ?? r.post.iri,
    })),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
