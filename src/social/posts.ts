import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { follows, posts } from "../db/schema.ts";
import { renderMarkdown } from "../practices/markdown.ts";
import { newPublicId } from "../practices/store.ts";
import { checkedCommentSource } from "./comments.ts";

export type PostRow = typeof posts.$inferSelect;
export type NewPost = Omit<typeof posts.$inferInsert, "id" | "receivedAt">;

/** Keeps (or refreshes) a post from other software; its HTML must already be sanitized. */
export async function upsertPost(db: Database, post: NewPost): Promise<PostRow> {
  const [row] = await db
    .insert(posts)
    .values(post)
    .onConflictDoUpdate({ target: posts.iri, set: { ...post, iri: undefined }, setWhere: eq(posts.authorId, post.authorId) })
    .returning();
  if (!row) throw new Error("post upsert returned no row");
  return row;
}

/** Where our members' notes live (their ActivityPub id and page), as only the federation layer can say. */
export type NoteAddress = (publicId: string) => { readonly iri: URL; readonly url: URL };

/**
 * A member's short public note, written in Markdown: kept with the posts (it is one, by a local
 * author), checked and rendered as comments are.
 */
export async function createLocalNote(db: Database, address: NoteAddress, values: { authorId: number; source: string }): Promise<PostRow> {
  const source = checkedCommentSource(values.source, "note");
  const { iri, url } = address(newPublicId());
  const [row] = await db
    .insert(posts)
    .values({ iri: iri.href, url: url.href, authorId: values.authorId, type: "Note", contentHtml: renderMarkdown(source), publishedAt: new Date() })
    .returning();
  if (!row) throw new Error("note insert returned no row");
  return row;
}

export async function findPostByIri(db: Database, iri: string): Promise<PostRow | undefined> {
  const [row] = await db.select().from(posts).where(eq(posts.iri, iri));
  return row;
}

/** Removes a post, if `authorId` wrote it. */
export async function deletePost(db: Database, iri: string, authorId: number): Promise<boolean> {
  const removed = await db.delete(posts).where(and(eq(posts.iri, iri), eq(posts.authorId, authorId))).returning({ id: posts.id });
  return removed.length > 0;
}

export async function listPostsBy(db: Database, authorId: number, limit = 20): Promise<PostRow[]> {
  return db.select().from(posts).where(eq(posts.authorId, authorId)).orderBy(desc(posts.publishedAt)).limit(limit);
}

/** Whether any of our actors follows `actorId`: we keep posts only from actors someone here follows. */
export async function isFollowedLocally(db: Database, actorId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: follows.id })
    .from(follows)
    .where(and(eq(follows.followingId, actorId), eq(follows.status, "accepted")))
    .limit(1);
  return row !== undefined;
}
