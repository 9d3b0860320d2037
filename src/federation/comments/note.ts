import type { Context } from "@fedify/fedify";
import { Mention, Note, PUBLIC_COLLECTION, Source } from "@fedify/vocab";
import { type ActorRow, handleOf } from "../../actors/model.ts";
import type { PracticeRow } from "../../practices/store.ts";
import type { CommentRow } from "../../social/comments.ts";
import type { ReactionCounts } from "../../social/reactions.ts";
import { reactionCollections } from "../reactions/collections.ts";
import { spellOutPublic } from "../practices/activities.ts";
import { CommentReplies, repliesCollection } from "./collections.ts";

type ToJsonLdOptions = NonNullable<Parameters<Note["toJsonLd"]>[0]>;

/**
 * A comment's Note. Compacting it (its embedded collections take Fedify off its fast path) writes
 * the public collection as "as:Public"; some servers compare with the full IRI only.
 */
export class CommentNote extends Note {
  override async toJsonLd(options: ToJsonLdOptions = {}): Promise<unknown> {
    const json = await super.toJsonLd(options);
    return options.format === "expand" ? json : spellOutPublic(json);
  }
}

const toInstant = (date: Date) => Temporal.Instant.fromEpochMilliseconds(date.getTime());

/** One of our comments with what its Note says about it. */
export interface CommentInContext {
  readonly comment: CommentRow;
  readonly author: ActorRow;
  readonly practice: PracticeRow;
  readonly practiceOwner: ActorRow;
  /** Who wrote what it answers: the practice's owner, or the parent comment's author (unknown if that is gone). */
  readonly parentAuthor: ActorRow | undefined;
  /** The practice's thread (FEP-7888 `context`), when known. */
  readonly thread: URL | undefined;
  /** Ids of the visible direct replies; without them `replies` is a link only. */
  readonly replies: readonly string[] | undefined;
}

/**
 * Who a comment is addressed to: the public, the author of what it answers (mentioned, as
 * Mastodon expects of a reply), the practice's owner (whose server keeps the thread and passes it
 * on to its followers), and the commenter's followers.
 */
export function commentAudience(c: CommentInContext): { ccs: URL[]; mentions: Mention[] } {
  const ccs = new Map<string, URL>();
  const mentions: Mention[] = [];
  if (c.parentAuthor && c.parentAuthor.id !== c.author.id) {
    ccs.set(c.parentAuthor.iri, new URL(c.parentAuthor.iri));
    mentions.push(new Mention({ href: new URL(c.parentAuthor.iri), name: handleOf(c.parentAuthor) }));
  }
  if (c.practiceOwner.id !== c.author.id) ccs.set(c.practiceOwner.iri, new URL(c.practiceOwner.iri));
  if (c.author.followersUrl) ccs.set(c.author.followersUrl, new URL(c.author.followersUrl));
  return { ccs: [...ccs.values()], mentions };
}

/**
 * One of our comments as an ActivityPub `Note` in reply to a practice or a comment. With
 * `reactions`, `likes` and `shares` embed their `totalItems`; without, they are links only.
 */
export function commentNote(ctx: Context<void>, c: CommentInContext, reactions?: ReactionCounts): Note {
  const { comment, author } = c;
  const { ccs, mentions } = commentAudience(c);
  const repliesId = ctx.getObjectUri(CommentReplies, { id: comment.publicId ?? "" });
  return new CommentNote({
    id: new URL(comment.iri),
    attribution: new URL(author.iri),
    replyTarget: new URL(comment.inReplyToIri),
    to: PUBLIC_COLLECTION,
    ccs,
    tags: mentions,
    content: comment.contentHtml,
    mediaType: "text/html",
    source: comment.source === null ? null : new Source({ content: comment.source, mediaType: "text/markdown" }),
    url: comment.url ? new URL(comment.url) : null,
    published: toInstant(comment.publishedAt),
    updated: comment.updatedAt && comment.updatedAt > comment.publishedAt ? toInstant(comment.updatedAt) : null,
    contexts: c.thread ? [c.thread] : [],
    replies: c.replies ? repliesCollection(CommentReplies, repliesId, c.replies) : repliesId,
    ...(comment.publicId ? reactionCollections(ctx, "comment", comment.publicId, reactions) : {}),
  });
}
