import type { Context, Federation } from "@fedify/fedify";
import { Article, Create, Delete, Note, PUBLIC_COLLECTION, type Recipient, Tombstone } from "@fedify/vocab";
import { type ActorRow, instanceUsername } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import { type Practice, type PracticeRow, findPracticeByPublicId } from "../../practices/store.ts";
import {
  type CommentAddress,
  type CommentRow,
  createLocalComment,
  findCommentById,
  findCommentByPublicId,
  findReplyTarget,
  listReplyIris,
  listThreadIris,
  notifyAboutComment,
  practiceOfComment,
  removeComment,
} from "../../social/comments.ts";
import { listFollowers } from "../../social/follows.ts";
import { reactionCounts } from "../../social/reactions.ts";
import { recordTombstone } from "../../social/tombstones.ts";
import {
  CommentReplies,
  PracticeReplies,
  PracticeThread,
  commentPath,
  commentRepliesPath,
  practiceRepliesPath,
  practiceThreadPath,
  practiceThreadUri,
  repliesCollection,
} from "./collections.ts";
import { type CommentInContext, commentAudience, commentNote } from "./note.ts";

const everyone = 1_000_000;

/** Where our comments live: the Note id, which is also the address a browser is sent on from. */
export function commentAddress(ctx: Context<void>): CommentAddress {
  return (publicId) => {
    const iri = ctx.getObjectUri(Note, { id: publicId });
    return { iri, url: iri };
  };
}

/**
 * Serves our comments as Notes (`/comments/{id}`), the `replies` of our practices and comments,
 * and each practice's whole thread (`/practices/{id}/context`, FEP-7888), so that a server that
 * arrives late can read the conversation back.
 */
export function registerCommentObjects(federation: Federation<void>, db: Database): void {
  federation.setObjectDispatcher(Note, commentPath, async (ctx, { id }) => {
    const comment = await findCommentByPublicId(db, id);
    if (!comment?.local || comment.status !== "visible") return null;
    const loaded = await inContext(ctx, db, comment, { withReplies: true });
    return loaded ? commentNote(ctx, loaded, await reactionCounts(db, comment.iri)) : null;
  });

  federation.setObjectDispatcher(CommentReplies, commentRepliesPath, async (ctx, { id }) => {
    const comment = await findCommentByPublicId(db, id);
    const practice = comment?.local && comment.status === "visible" ? await practiceOfComment(db, comment) : undefined;
    if (!comment || !practice) return null;
    return repliesCollection(CommentReplies, ctx.getObjectUri(CommentReplies, { id }), await listReplyIris(db, practice, comment));
  });

  federation.setObjectDispatcher(PracticeReplies, practiceRepliesPath, async (ctx, { id }) => {
    const practice = await ourPublishedPractice(db, id);
    if (!practice) return null;
    return repliesCollection(PracticeReplies, ctx.getObjectUri(PracticeReplies, { id }), await listReplyIris(db, practice.row));
  });

  federation.setObjectDispatcher(PracticeThread, practiceThreadPath, async (ctx, { id }) => {
    const practice = await ourPublishedPractice(db, id);
    const owner = practice ? await findActorById(db, practice.row.ownerId) : undefined;
    if (!practice || !owner) return null;
    const items = [practice.row.iri, ...(await listThreadIris(db, practice.row.id))];
    return new PracticeThread({
      id: practiceThreadUri(ctx, id),
      attribution: new URL(owner.iri),
      totalItems: items.length,
      items: items.map((iri) => new URL(iri)),
    });
  });
}

async function ourPublishedPractice(db: Database, publicId: string): Promise<Practice | undefined> {
  const practice = await findPracticeByPublicId(db, publicId);
  return practice?.row.local && practice.row.status === "published" ? practice : undefined;
}

/** Everything the Note of `comment` says: its author, practice, whom it answers, the thread. */
export async function inContext(
  ctx: Context<void>,
  db: Database,
  comment: CommentRow,
  options: { withReplies?: boolean } = {},
): Promise<CommentInContext | undefined> {
  const practice = await practiceOfComment(db, comment);
  const [author, practiceOwner] = await Promise.all([findActorById(db, comment.authorId), practice ? findActorById(db, practice.ownerId) : undefined]);
  if (!practice || !author || !practiceOwner) return undefined;
  const parent = comment.parentId === null ? undefined : await findCommentById(db, comment.parentId);
  const parentAuthor = parent
    ? await findActorById(db, parent.authorId)
    : comment.inReplyToIri === practice.iri
      ? practiceOwner
      : undefined;
  return {
    comment,
    author,
    practice,
    practiceOwner,
    parentAuthor,
    thread: await threadOf(ctx, practice),
    replies: options.withReplies ? await listReplyIris(db, practice, comment) : undefined,
  };
}

/**
 * The conversation a practice's comments belong to (FEP-7888 `context`): ours for our practices;
 * for another server's, what its Article says (read through the document cache, else with a
 * signed GET for servers in secure mode). Unknown when that server cannot be reached.
 */
async function threadOf(ctx: Context<void>, practice: PracticeRow): Promise<URL | undefined> {
  if (practice.local) return practice.publicId ? practiceThreadUri(ctx, practice.publicId) : undefined;
  const iri = new URL(practice.iri);
  const read = async (documentLoader?: Context<void>["documentLoader"]) => {
    const found = await ctx.lookupObject(iri, documentLoader ? { documentLoader } : {}).catch(() => null);
    return found instanceof Article && found.id?.href === practice.iri ? found : undefined;
  };
  const article = (await read()) ?? (await read(await ctx.getDocumentLoader({ identifier: instanceUsername })));
  return article?.contextIds[0];
}

/** Whom a comment's activities go to: the author of what it answers, the practice's owner, the commenter's followers; never ourselves. */
async function recipientsOf(db: Database, c: CommentInContext): Promise<Recipient[]> {
  const others = new Map<string, ActorRow>();
  for (const { actor } of (await listFollowers(db, c.author.id, { limit: everyone })).items) others.set(actor.iri, actor);
  if (c.parentAuthor) others.set(c.parentAuthor.iri, c.parentAuthor);
  others.set(c.practiceOwner.iri, c.practiceOwner);
  return [...others.values()]
    .filter((actor) => !actor.local)
    .map((actor) => ({
      id: new URL(actor.iri),
      inboxId: new URL(actor.inboxUrl),
      endpoints: actor.sharedInboxUrl ? { sharedInbox: new URL(actor.sharedInboxUrl) } : null,
    }));
}

/** One delivery per server, through the shared inbox; none to ourselves; a comment's activities in order. */
function deliveryOptions(ctx: Context<void>, comment: CommentRow) {
  return { preferSharedInbox: true, excludeBaseUris: [new URL(ctx.canonicalOrigin)], orderingKey: comment.iri };
}

/**
 * A member comments, under their own name, on a published practice (ours or one we keep from
 * another server) or in reply to a comment under it. The comment is stored, whom it concerns
 * here is told, and a `Create(Note)` goes to the author of what it answers, the practice's owner
 * and the member's followers.
 */
export async function postComment(
  ctx: Context<void>,
  db: Database,
  member: ActorRow,
  practice: Practice,
  input: { source: string; inReplyTo?: string },
): Promise<CommentRow> {
  if (!member.local || member.type !== "Person") throw new PlazaError("forbidden", "Only members of this server can comment here.");
  if (practice.row.status !== "published") throw new PlazaError("conflict", "Only a published practice can be commented on.");
  let parent: CommentRow | undefined;
  if (input.inReplyTo && input.inReplyTo !== practice.row.iri) {
    const target = await findReplyTarget(db, input.inReplyTo);
    if (!target?.parent || target.practice.id !== practice.row.id || target.parent.status !== "visible") {
      throw new PlazaError("not_found", "The comment you are replying to is no longer there.", "inReplyTo");
    }
    parent = target.parent;
  }
  const values = { practiceId: practice.row.id, parentId: parent?.id ?? null, inReplyToIri: parent?.iri ?? practice.row.iri, authorId: member.id, source: input.source };
  const comment = await db.transaction(async (tx) => {
    const created = await createLocalComment(tx, commentAddress(ctx), values);
    await notifyAboutComment(tx, created);
    return created;
  });
  const loaded = await inContext(ctx, db, comment, { withReplies: true });
  if (!loaded) return comment;
  const recipients = await recipientsOf(db, loaded);
  if (recipients.length === 0) return comment;
  const note = commentNote(ctx, loaded);
  await ctx.sendActivity(
    { identifier: member.username },
    recipients,
    new Create({
      id: new URL(`${comment.iri}#create`),
      actor: new URL(member.iri),
      to: PUBLIC_COLLECTION,
      ccs: commentAudience(loaded).ccs,
      object: note,
      published: note.published,
    }),
    deliveryOptions(ctx, comment),
  );
  return comment;
}

/**
 * Deletes a comment (its author's wish, or a moderator's). It stays as a placeholder when replies
 * hang below it. Ours: the same audience gets `Delete(Tombstone)` from its author. Another
 * server's: removed here only, and remembered, so that it does not come back.
 */
export async function deleteComment(ctx: Context<void>, db: Database, comment: CommentRow): Promise<void> {
  const loaded = comment.local ? await inContext(ctx, db, comment) : undefined;
  await removeComment(db, comment.id);
  const deletedAt = new Date();
  await recordTombstone(db, comment.iri, deletedAt);
  if (!loaded) return;
  const recipients = await recipientsOf(db, loaded);
  if (recipients.length === 0) return;
  await ctx.sendActivity(
    { identifier: loaded.author.username },
    recipients,
    new Delete({
      id: new URL(`${comment.iri}#delete`),
      actor: new URL(loaded.author.iri),
      to: PUBLIC_COLLECTION,
      ccs: commentAudience(loaded).ccs,
      object: commentTombstone(comment.iri, deletedAt),
    }),
    deliveryOptions(ctx, comment),
  );
}

export function commentTombstone(iri: string, deletedAt: Date): Tombstone {
  return new Tombstone({ id: new URL(iri), formerType: Note, deleted: Temporal.Instant.fromEpochMilliseconds(deletedAt.getTime()) });
}
