import type { Context, InboxContext } from "@fedify/fedify";
import { Article, type Create, Document, Image, Mention, Note, type Object as APObject, Page, PUBLIC_COLLECTION, Update } from "@fedify/vocab";
import { type ActorRow, instanceUsername } from "../../actors/model.ts";
import { findActorById, findActorByIri } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { escapeHtml, htmlToText, sanitizeHtml } from "../../practices/markdown.ts";
import type { PracticeRow } from "../../practices/store.ts";
import {
  type NewComment,
  type ReplyTarget,
  concernsOurThreads,
  editComment,
  findCommentByIri,
  findReplyTarget,
  notifyAboutComment,
  practiceOfComment,
  removeComment,
  storeComment,
} from "../../social/comments.ts";
import { isTombstoned } from "../../social/tombstones.ts";
import { resolveActor } from "../remote-actors.ts";

type Post = Article | Page | Note;

/** How far up a thread we look for one of our practices when a reply's parent is unknown here. */
const maxAncestors = 5;

const publicIris = new Set([PUBLIC_COLLECTION.href, "as:Public", "Public"]);

/** Public or unlisted: addressed to the public collection, in `to` or `cc`. Nothing else is shown here. */
export function isPublic(object: APObject): boolean {
  return [...object.toIds, ...object.ccIds].some((id) => publicIris.has(id.href));
}

const toDate = (instant: Temporal.Instant | null) => (instant ? new Date(instant.epochMilliseconds) : null);

/** The object's `url` as a link we may put in a page: http(s) only. */
function webUrl(object: APObject): string | null {
  const url = object.url instanceof URL ? object.url : (object.url?.href ?? null);
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url.href : null;
}

/**
 * A reply's HTML, sanitized: its content warning (`summary`) first, if any, then its content,
 * then links to its attachments (an image-only reply still says something).
 */
async function commentHtml(ctx: Context<void>, object: Post): Promise<string> {
  const warning = htmlToText(object.summary?.toString() ?? "");
  const links: string[] = [];
  try {
    for await (const attachment of object.getAttachments({ contextLoader: ctx.contextLoader, documentLoader: refuseFetch })) {
      if (!(attachment instanceof Document)) continue;
      const url = attachment.url instanceof URL ? attachment.url : attachment.url?.href;
      if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) continue;
      const label = attachment.name?.toString() || (attachment instanceof Image ? "Image" : "Attachment");
      links.push(`<a href="${escapeHtml(url.href)}">${escapeHtml(label)}</a>`);
    }
  } catch {
    // An attachment given by reference only: we do not chase it.
  }
  return sanitizeHtml(
    [
      warning ? `<p><strong>${escapeHtml(warning)}</strong></p>` : "",
      object.content?.toString() ?? "",
      links.length > 0 ? `<p>${links.join(" · ")}</p>` : "",
    ].join(""),
  );
}

/** What we keep of a reply. */
async function commentValues(ctx: Context<void>, object: Post, author: ActorRow, target: ReplyTarget, inReplyTo: URL): Promise<NewComment> {
  const published = toDate(object.published);
  const now = new Date();
  return {
    iri: object.id?.href ?? "",
    practiceId: target.practice.id,
    parentId: target.parent?.id ?? null,
    inReplyToIri: inReplyTo.href,
    authorId: author.id,
    local: false,
    contentHtml: await commentHtml(ctx, object),
    url: webUrl(object),
    // A date in the future (a wrong clock, or a wish to stay on top) counts from when it came.
    publishedAt: published && published < now ? published : now,
    updatedAt: toDate(object.updated),
  };
}

/** Refuses to fetch: tags come embedded, and we do not chase them. */
async function refuseFetch(url: string): Promise<never> {
  throw new Error(`not fetched: ${url}`);
}

/** The actors a reply mentions (`Mention` tags), by id. */
async function mentionedIris(ctx: Context<void>, object: APObject): Promise<string[]> {
  const iris: string[] = [];
  try {
    for await (const tag of object.getTags({ contextLoader: ctx.contextLoader, documentLoader: refuseFetch })) {
      if (tag instanceof Mention && tag.href) iris.push(tag.href.href);
    }
  } catch {
    // A tag given by reference only: the embedded ones are enough.
  }
  return iris;
}

async function localActorIds(db: Database, iris: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const iri of new Set(iris)) {
    const actor = await findActorByIri(db, iri);
    if (actor?.local) ids.push(actor.id);
  }
  return ids;
}

/**
 * A `Create` or `Update` of a Note (or Article, Page) in reply to one of our practices, one we
 * keep from another server, or a comment under one of them: it becomes a comment in that thread
 * instead of a plain post. Returns whether the object was such a reply (handled, even if refused).
 *
 * - The same comment delivered twice is stored once; an `Update` edits it, from its author only.
 * - Only public (or unlisted) replies are kept: a direct message is not shown under a practice.
 * - A reply to a comment we do not have is followed up its thread (a few levels), when it
 *   concerns us, so that a late or lost delivery does not cut the conversation.
 * - Our practices' threads are passed on to the owner's followers (inbox forwarding, as Mastodon
 *   does for replies to its statuses), signatures intact, so every follower sees the conversation.
 */
export async function receiveComment(ctx: InboxContext<void>, db: Database, activity: Create | Update, object: Post, author: ActorRow): Promise<boolean> {
  if (object.id === null) return false;
  const existing = await findCommentByIri(db, object.id.href);
  if (existing) {
    if (!(activity instanceof Update)) return true; // delivered again: stored once
    const updatedAt = toDate(object.updated) ?? new Date();
    // A delayed, older Update must not overwrite a newer one.
    if (existing.authorId === author.id && existing.updatedAt && updatedAt < existing.updatedAt) return true;
    const edited = await editComment(db, existing.iri, author.id, { contentHtml: await commentHtml(ctx, object), updatedAt });
    if (!edited) {
      logger.warning("Refused an edit of comment {comment} by {actor}: not its author, or the comment was deleted", { comment: existing.iri, actor: author.iri });
      return true;
    }
    const practice = await practiceOfComment(db, edited);
    if (practice) await forwardInThread(ctx, db, practice, author, edited.iri);
    return true;
  }
  const inReplyTo = object.replyTargetId;
  if (inReplyTo === null) return false;
  const mentions = await mentionedIris(ctx, object);
  let target = await findReplyTarget(db, inReplyTo.href);
  if (!target && (await concernsOurThreads(db, [...object.toIds, ...object.ccIds].map((id) => id.href).concat(mentions)))) {
    target = await lookUpThread(ctx, db, inReplyTo, 1);
  }
  if (!target) return false;
  if (!isPublic(object)) {
    logger.info("Ignored {object}, a reply to {target} that is not public", { object: object.id.href, target: inReplyTo.href });
    return true;
  }
  const values = await commentValues(ctx, object, author, target, inReplyTo);
  const mentioned = await localActorIds(db, mentions);
  // Stored and told together: a crash in between must not leave a comment nobody was told of.
  const { comment, created } = await db.transaction(async (tx) => {
    const result = await storeComment(tx, values);
    if (result.created) await notifyAboutComment(tx, result.comment, mentioned);
    return result;
  });
  if (!created) return true;
  logger.info("{author} commented on {practice}: {comment}", { author: author.iri, practice: target.practice.iri, comment: comment.iri });
  await forwardInThread(ctx, db, target.practice, author, comment.iri);
  return true;
}

/**
 * Follows an unknown reply target up its thread: fetches it (signed, for servers in secure mode),
 * and its parent in turn, until one we keep is found; the ancestors fetched are stored as comments
 * on the way down. Gives up after a few levels, on our own ids, and on deleted ones.
 */
async function lookUpThread(ctx: InboxContext<void>, db: Database, iri: URL, depth: number): Promise<ReplyTarget | undefined> {
  const known = await findReplyTarget(db, iri.href);
  if (known) return known;
  if (depth > maxAncestors || iri.origin === new URL(ctx.canonicalOrigin).origin || (await isTombstoned(db, iri.href))) return undefined;
  const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
  const fetched = await ctx.lookupObject(iri, { documentLoader }).catch(() => null);
  if (!(fetched instanceof Note || fetched instanceof Article || fetched instanceof Page) || fetched.id?.href !== iri.href) return undefined;
  const parentIri = fetched.replyTargetId;
  const authorIri = fetched.attributionIds[0];
  if (!parentIri || !authorIri || authorIri.origin !== iri.origin || !isPublic(fetched)) return undefined;
  const above = await lookUpThread(ctx, db, parentIri, depth + 1);
  const author = above ? await resolveActor(ctx, db, authorIri).catch(() => undefined) : undefined;
  if (!above || !author) return undefined;
  const { comment } = await storeComment(db, await commentValues(ctx, fetched, author, above, parentIri));
  return { practice: above.practice, parent: comment };
}

/**
 * Passes an activity about a comment on one of our practices on to the practice owner's
 * followers, as it came (its signature or proof lets them verify the author), except to our own
 * server and the author's. Unsigned activities are not passed on: nobody could trust them.
 */
async function forwardInThread(ctx: InboxContext<void>, db: Database, practice: PracticeRow, sender: ActorRow, commentIri: string): Promise<void> {
  if (!practice.local) return;
  const owner = await findActorById(db, practice.ownerId);
  if (!owner?.local) return;
  await ctx.forwardActivity({ identifier: owner.username }, "followers", {
    skipIfUnsigned: true,
    preferSharedInbox: true,
    excludeBaseUris: [new URL(ctx.canonicalOrigin), new URL(sender.iri)],
    orderingKey: commentIri,
  });
}

/**
 * A `Delete` of a comment we keep: only its author may. It becomes a placeholder when replies
 * hang below it, else it is removed; the owner's followers are told when the thread is ours.
 * Returns whether `objectIri` was a comment.
 */
export async function receiveCommentDeletion(ctx: InboxContext<void>, db: Database, objectIri: URL, actor: ActorRow): Promise<boolean> {
  const comment = await findCommentByIri(db, objectIri.href);
  if (!comment) return false;
  if (comment.authorId !== actor.id) {
    logger.warning("Refused a deletion of comment {comment} by {actor}: not its author", { comment: comment.iri, actor: actor.iri });
    return true;
  }
  const practice = await practiceOfComment(db, comment);
  await removeComment(db, comment.id);
  if (practice) await forwardInThread(ctx, db, practice, actor, comment.iri);
  return true;
}
