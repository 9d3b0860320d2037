import { raw } from "hono/html";
import { type ActorRow, handleOf } from "../../actors/model.ts";
import { maxCommentLength } from "../../social/comments.ts";
import type { PostRow } from "../../social/posts.ts";
import { webHref } from "../links.ts";
import { formatDate } from "./practice.tsx";

/** Where one of our notes lives: its id, which is also its page. */
export function notePath(note: PostRow): string {
  return new URL(note.iri).pathname;
}

/** The form on a member's own page: a short public note, federated to their followers. */
export function NoteForm() {
  return (
    <form method="post" action="/notes" id="note-form">
      <h2>Post a note</h2>
      <label for="note-content">Your note</label>
      <p class="hint">Markdown: **bold**, _italic_, [links](https://example.org). Public, under your own name, and sent to your followers.</p>
      <textarea id="note-content" name="content" rows={4} maxlength={maxCommentLength} required></textarea>
      <p>
        <button type="submit">Post</button>
      </p>
    </form>
  );
}

/** A member's notes, newest first, on their page. */
export function NoteList(props: { notes: readonly PostRow[] }) {
  return (
    <section>
      <h2>Notes</h2>
      {props.notes.length === 0 ? <p>No notes yet.</p> : null}
      <ul class="posts">
        {props.notes.map((note) => (
          <li>
            {/* Rendered from Markdown (raw HTML off) when it was posted. */}
            <div class="content">{raw(note.contentHtml)}</div>
            <p class="meta">
              <a href={notePath(note)}>{formatDate(note.publishedAt ?? note.receivedAt)}</a>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One of our notes at its address; its author may delete it. */
export function NotePage(props: { note: PostRow; author: ActorRow; own: boolean }) {
  const { note, author, own } = props;
  const date = note.publishedAt ?? note.receivedAt;
  return (
    <article class="post">
      <p class="meta">
        <a href={webHref(author.url) ?? author.iri}>{author.name}</a> <span class="handle">{handleOf(author)}</span> ·{" "}
        <time datetime={date.toISOString()}>{formatDate(date)}</time>
      </p>
      <div class="content">{raw(note.contentHtml)}</div>
      {own ? (
        <form class="inline" method="post" action={`${notePath(note)}/delete`}>
          <button type="submit">Delete</button>
        </form>
      ) : null}
    </article>
  );
}

/** What a deleted note's address shows (with status 410). */
export function DeletedNotePage(props: { deletedAt: Date }) {
  return (
    <>
      <h1>This note was deleted</h1>
      <p>Its author deleted it on {formatDate(props.deletedAt)}.</p>
    </>
  );
}
