import { and, asc, count, eq, exists, inArray, isNull, ne, or } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, comments, practices } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { renderMarkdown } from "../practices/markdown.ts";
import { type PracticeRow, newPublicId } from "../practices/store.ts";
import { notify } from "./notifications.ts";

export type CommentRow = typeof comments.$inferSelect;
export type CommentStatus = CommentRow["status"];

/** A comment as stored: ours or another server's. Its HTML must already be sanitized. */
export type NewComment = Pick<CommentRow, "iri" | "practiceId" | "parentId" | "inReplyToIri" | "authorId" | "local" | "contentHtml"> &
  Partial<Pick<CommentRow, "publicId" | "source" | "url" | "publishedAt" | "updatedAt">>;

/** The longest comment a member may write (Markdown characters). */
export const maxCommentLength = 5000;

/** What a member typed, checked: not empty, not too long. `what` names it in the messages (a member's note takes the same rules). */
export function checkedCommentSource(source: string, what = "comment"): string {
  const text = source.replace(/\r\n?/g, "\n").trim();
  if (text.length === 0) throw new PlazaError("invalid", `Write something before sending the ${what}.`, "content");
  if (text.length > maxCommentLength) {
    throw new PlazaError("invalid", `A ${what} may be at most ${maxCommentLength} characters long; this one has ${text.length}.`, "content");
  }
  return text;
}

/**
 * Stores a comment once: a second delivery of the same one (same `iri`) changes nothing and
 * returns the stored row with `created: false`.
 */
export async function storeComment(db: Database, comment: NewComment): Promise<{ comment: CommentRow; created: boolean }> {
  const [row] = await db.insert(comments).values(comment).onConflictDoNothing({ target: comments.iri }).returning();
  if (row) return { comment: row, created: true };
  const existing = await findCommentByIri(db, comment.iri);
  if (!existing) throw new Error(`comment ${comment.iri} was neither stored nor found`);
  return { comment: existing, created: false };
}

/** Where our comments live (their ActivityPub id and page), as only the federation layer can say. */
export type CommentAddress = (publicId: string) => { readonly iri: URL; readonly url: URL };

/** A member's comment, written in Markdown, on a practice or in reply to a comment under it. */
export async function createLocalComment(
  db: Database,
  address: CommentAddress,
  values: { practiceId: number; parentId: number | null; inReplyToIri: string; authorId: number; source: string },
): Promise<CommentRow> {
  const source = checkedCommentSource(values.source);
  const publicId = newPublicId();
  const { iri, url } = address(publicId);
  const { comment } = await storeComment(db, {
    iri: iri.href,
    publicId,
    url: url.href,
    practiceId: values.practiceId,
    parentId: values.parentId,
    inReplyToIri: values.inReplyToIri,
    authorId: values.authorId,
    local: true,
    source,
    contentHtml: renderMarkdown(source),
  });
  return comment;
}

export async function findCommentByIri(db: Database, iri: string): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(comments).where(eq(comments.iri, iri));
  return row;
}

export async function findCommentByPublicId(db: Database, publicId: string): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(comments).where(eq(comments.publicId, publicId));
  return row;
}

export async function findCommentById(db: Database, id: number): Promise<CommentRow | undefined> {
  const [row] = await db.select().from(comments).where(eq(comments.id, id));
  return row;
}

/** What a reply answers: a published practice we keep, and the comment under it, when it answers one. */
export interface ReplyTarget {
  readonly practice: PracticeRow;
  readonly parent: CommentRow | undefined;
}

/**
 * The thread `iri` belongs to, if it is one of our practices, one we keep from another server,
 * or a comment under one of them. Drafts and withdrawn practices take no comments.
 */
export async function findReplyTarget(db: Database, iri: string): Promise<ReplyTarget | undefined> {
  const parent = await findCommentByIri(db, iri);
  const condition = parent ? eq(practices.id, parent.practiceId) : eq(practices.iri, iri);
  const [practice] = await db.select().from(practices).where(condition);
  if (!practice || practice.status !== "published") return undefined;
  return { practice, parent };
}

/** The practice a comment is under. */
export async function practiceOfComment(db: Database, comment: CommentRow): Promise<PracticeRow | undefined> {
  const [row] = await db.select().from(practices).where(eq(practices.id, comment.practiceId));
  return row;
}

/**
 * Whether any of `iris` is an actor of ours, or the owner of a practice we keep: a reply addressed
 * to or mentioning one of them may belong to one of our threads, and is worth looking up.
 */
export async function concernsOurThreads(db: Database, iris: readonly string[]): Promise<boolean> {
  if (iris.length === 0) return false;
  const [row] = await db
    .select({ id: actors.id })
    .from(actors)
    .where(
      and(
        inArray(actors.iri, [...new Set(iris)]),
        or(eq(actors.local, true), exists(db.select({ id: practices.id }).from(practices).where(eq(practices.ownerId, actors.id)))),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * The author changed a comment. Anyone else is refused (`undefined`), and so is an edit of a
 * deleted comment (a late `Update` must not bring it back).
 */
export async function editComment(
  db: Database,
  iri: string,
  authorId: number,
  changes: { contentHtml: string; source?: string | null; updatedAt?: Date },
): Promise<CommentRow | undefined> {
  const [row] = await db
    .update(comments)
    .set({ contentHtml: changes.contentHtml, source: changes.source, updatedAt: changes.updatedAt ?? new Date() })
    .where(and(eq(comments.iri, iri), eq(comments.authorId, authorId), ne(comments.status, "deleted")))
    .returning();
  return row;
}

/** Hides a comment from the thread (moderation, local only), or shows it again. */
export async function setCommentStatus(db: Database, id: number, status: "visible" | "hidden"): Promise<CommentRow | undefined> {
  const [row] = await db
    .update(comments)
    .set({ status })
    .where(and(eq(comments.id, id), ne(comments.status, "deleted")))
    .returning();
  return row;
}

/**
 * A comment was deleted. With replies under it, it stays as a "deleted" placeholder (its text
 * gone) so that the replies keep their place in the thread; without, it is removed, and so are
 * placeholders above it that no longer hold anything.
 */
export async function removeComment(db: Database, id: number): Promise<"placeholder" | "removed" | undefined> {
  return db.transaction(async (tx) => {
    const comment = await findCommentById(tx, id);
    if (!comment) return undefined;
    if ((await countChildren(tx, id)) > 0) {
      await tx.update(comments).set({ status: "deleted", contentHtml: "", source: null, updatedAt: new Date() }).where(eq(comments.id, id));
      return "placeholder";
    }
    await tx.delete(comments).where(eq(comments.id, id));
    let parentId = comment.parentId;
    while (parentId !== null) {
      const parent = await findCommentById(tx, parentId);
      if (!parent || parent.status !== "deleted" || (await countChildren(tx, parent.id)) > 0) break;
      await tx.delete(comments).where(eq(comments.id, parent.id));
      parentId = parent.parentId;
    }
    return "removed";
  });
}

/** Removes a comment row outright (its replies move up to the practice). */
export async function deleteComment(db: Database, id: number): Promise<boolean> {
  const removed = await db.delete(comments).where(eq(comments.id, id)).returning({ id: comments.id });
  return removed.length > 0;
}

async function countChildren(db: Database, id: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(comments).where(eq(comments.parentId, id));
  return row?.n ?? 0;
}

export interface ThreadComment {
  readonly comment: CommentRow;
  readonly author: ActorRow;
}

/**
 * A practice's thread, oldest first, with authors and parent links (`comment.parentId`). Visible
 * comments are listed; a deleted or hidden one only as a placeholder when something listed hangs
 * below it. `includeHidden` (for moderators) lists hidden comments as they are.
 */
export async function listThread(db: Database, practiceId: number, options: { includeHidden?: boolean } = {}): Promise<ThreadComment[]> {
  const rows = await db
    .select({ comment: comments, author: actors })
    .from(comments)
    .innerJoin(actors, eq(actors.id, comments.authorId))
    .where(eq(comments.practiceId, practiceId))
    .orderBy(asc(comments.publishedAt), asc(comments.id));
  const shown = (c: CommentRow) => c.status === "visible" || (c.status === "hidden" && options.includeHidden === true);
  const byId = new Map(rows.map((r) => [r.comment.id, r.comment]));
  const kept = new Set<number>();
  for (const { comment } of rows) {
    if (!shown(comment)) continue;
    // Keep it and every ancestor (as a placeholder where it is not shown itself).
    for (let c: CommentRow | undefined = comment; c && !kept.has(c.id); c = c.parentId === null ? undefined : byId.get(c.parentId)) {
      kept.add(c.id);
    }
  }
  return rows.filter((r) => kept.has(r.comment.id));
}

export interface ThreadNode extends ThreadComment {
  readonly replies: readonly ThreadNode[];
}

/** Nests a thread listed by `listThread` under parents (oldest first at every level). */
export function nestThread(items: readonly ThreadComment[]): ThreadNode[] {
  const children = new Map<number | null, ThreadComment[]>();
  const ids = new Set(items.map((i) => i.comment.id));
  for (const item of items) {
    const parentId = item.comment.parentId !== null && ids.has(item.comment.parentId) ? item.comment.parentId : null;
    children.set(parentId, [...(children.get(parentId) ?? []), item]);
  }
  const build = (parentId: number | null): ThreadNode[] =>
    (children.get(parentId) ?? []).map((item) => ({ ...item, replies: build(item.comment.id) }));
  return build(null);
}

/** How many visible comments a practice has. */
export async function countComments(db: Database, practiceId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(comments)
    .where(and(eq(comments.practiceId, practiceId), eq(comments.status, "visible")));
  return row?.n ?? 0;
}

/** The ids of the visible direct replies to a practice (`parent` undefined) or to a comment, oldest first. */
export async function listReplyIris(db: Database, practice: PracticeRow, parent?: CommentRow): Promise<string[]> {
  const rows = await db
    .select({ iri: comments.iri })
    .from(comments)
    .where(
      and(
        eq(comments.practiceId, practice.id),
        eq(comments.status, "visible"),
        parent ? eq(comments.parentId, parent.id) : and(isNull(comments.parentId), eq(comments.inReplyToIri, practice.iri)),
      ),
    )
    .orderBy(asc(comments.publishedAt), asc(comments.id));
  return rows.map((r) => r.iri);
}

/** The ids of every visible comment on a practice, oldest first (the whole conversation). */
export async function listThreadIris(db: Database, practiceId: number): Promise<string[]> {
  const rows = await db
    .select({ iri: comments.iri })
    .from(comments)
    .where(and(eq(comments.practiceId, practiceId), eq(comments.status, "visible")))
    .orderBy(asc(comments.publishedAt), asc(comments.id));
  return rows.map((r) => r.iri);
}

/**
 * Tells whom a new comment concerns: the practice's owner (one of our cities or networks) and the
 * author of the comment it answers, if they are ours ("comment"), and the other actors of ours it
 * mentions ("mention"). Each is told once; nobody of their own comment.
 */
export async function notifyAboutComment(db: Database, comment: CommentRow, mentionedActorIds: readonly number[] = []): Promise<void> {
  const [practice] = await db.select().from(practices).where(eq(practices.id, comment.practiceId));
  const parent = comment.parentId === null ? undefined : await findCommentById(db, comment.parentId);
  const concerned = [practice?.ownerId, parent?.authorId].filter((id): id is number => id !== undefined);
  const local = await localAmong(db, [...concerned, ...mentionedActorIds]);
  const told = new Set<number>([comment.authorId]);
  for (const [ids, kind] of [[concerned, "comment"], [mentionedActorIds, "mention"]] as const) {
    for (const recipientId of ids) {
      if (told.has(recipientId) || !local.has(recipientId)) continue;
      told.add(recipientId);
      await notify(db, { recipientId, kind, actorId: comment.authorId, practiceId: comment.practiceId, commentId: comment.id });
    }
  }
}

async function localAmong(db: Database, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: actors.id })
    .from(actors)
    .where(and(inArray(actors.id, [...new Set(ids)]), eq(actors.local, true)));
  return new Set(rows.map((r) => r.id));
}
