import { type Context, Hono } from "hono";
import { DatabaseKvStore } from "../../db/kv.ts";
import type { ActorRow } from "../../actors/model.ts";
import { deleteComment, postComment } from "../../federation/comments/publishing.ts";
import { deleteNote, postNote } from "../../federation/notes/publishing.ts";
import { react, unreact } from "../../federation/reactions/publishing.ts";
import { findPracticeById } from "../../practices/store.ts";
import { listThread } from "../../social/comments.ts";
import { findReaction } from "../../social/reactions.ts";
import { currentUser, optionalUser, requireScope, scopeIfToken } from "../auth.ts";
import { type ApiDeps, fedifyContext } from "../deps.ts";
import { renderStatus, renderStatuses } from "../entities/status.ts";
import type { MastodonEnv } from "../env.ts";
import { ApiError, notFound, validationFailed } from "../errors.ts";
import { largestStatusId, parseId, parsePage } from "../pagination.ts";
import { Params } from "../params.ts";
import { pageReactors } from "../queries.ts";
import { type StatusSubject, type TimelineEntry, findStatus, iriOf, subjectsByIri } from "../timeline.ts";
import { accountList, accountPage } from "./accounts.ts";

/** Likes and shares are of practices and comments; a post from other software is shown, not reacted to, here. */
function reactable(subject: StatusSubject): string {
  if (subject.kind === "post") throw validationFailed("Plaza can like and share practices and comments, not other posts");
  return iriOf(subject);
}

/**
 * Statuses: read one and its conversation, post (a comment when it replies to a practice or a
 * comment, else a short note from the member), delete one's own, like (favourite) and share
 * (reblog) practices and comments, and see who did.
 */
export function statusRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;
  const idempotency = new DatabaseKvStore(db);

  async function entryOf(c: Context<MastodonEnv>): Promise<TimelineEntry> {
    const id = parseId(c.req.param("id"), largestStatusId);
    const entry = id === undefined ? undefined : await findStatus(db, id);
    if (!entry) throw notFound();
    return entry;
  }

  /** The practice, comment or post a status is about (a reblog is about what it shares). */
  async function subjectOf(c: Context<MastodonEnv>): Promise<StatusSubject> {
    const entry = await entryOf(c);
    return entry.kind === "share" ? entry.shared : entry;
  }

  /** The subject read again after a change, as the member now sees it. */
  async function freshSubject(subject: StatusSubject): Promise<StatusSubject> {
    return (await subjectsByIri(db, [iriOf(subject)])).get(iriOf(subject)) ?? subject;
  }

  async function post(c: Context<MastodonEnv>, member: ActorRow, params: Params): Promise<StatusSubject> {
    const text = params.get("status") ?? "";
    if (params.getAll("media_ids").length > 0) throw validationFailed("Plaza does not take media from apps; attach files to a practice on its web page");
    if (params.has("poll[options][]") || params.has("poll[expires_in]")) throw validationFailed("Plaza has no polls");
    const visibility = params.get("visibility") ?? "public";
    // Everything in Plaza is public; "unlisted" is taken as public, which is what it is on the web.
    if (visibility === "private" || visibility === "direct") throw validationFailed("Plaza only publishes public posts, not followers-only or direct messages");
    if (params.has("scheduled_at") && params.get("scheduled_at") !== "") throw validationFailed("Plaza cannot schedule posts");
    if (text.trim() === "") throw validationFailed("Text can't be blank");
    const ctx = fedifyContext(deps, c);
    const replyTo = params.get("in_reply_to_id");
    if (replyTo === undefined || replyTo === "") {
      const note = await postNote(ctx, db, member, text);
      return { kind: "post", statusId: note.statusId, post: note, author: member };
    }
    const id = parseId(replyTo, largestStatusId);
    const entry = id === undefined ? undefined : await findStatus(db, id);
    const target = entry?.kind === "share" ? entry.shared : entry;
    if (!target) throw notFound();
    if (target.kind === "post") throw validationFailed("In Plaza you can reply to practices and to the comments under them");
    const practice = await findPracticeById(db, target.kind === "practice" ? target.practice.id : target.comment.practiceId);
    if (!practice) throw notFound();
    const comment = await postComment(ctx, db, member, practice, { source: text, inReplyTo: iriOf(target) });
    return { kind: "comment", statusId: comment.statusId, comment, author: member };
  }

  async function reactors(c: Context<MastodonEnv>, kind: "like" | "share") {
    const subject = await subjectOf(c);
    const page = parsePage(await Params.of(c), { ...accountPage, largestId: largestStatusId });
    return accountList(c, deps, await pageReactors(db, iriOf(subject), kind, page), (i) => i.statusId);
  }

  return new Hono<MastodonEnv>()
    .get("/api/v1/statuses", scopeIfToken("read:statuses"), async (c) => {
      const ids = (await Params.of(c)).getAll("id").flatMap((raw) => parseId(raw, largestStatusId) ?? []);
      const found = await Promise.all(ids.slice(0, 20).map((id) => findStatus(db, id)));
      const entries = found.flatMap((entry) => (entry ? [entry] : []));
      return c.json(await renderStatuses(db, origin, entries, optionalUser(c)?.actor));
    })
    .post("/api/v1/statuses", requireScope("write:statuses"), async (c) => {
      const member = currentUser(c).actor;
      // A client that retries after a timeout sends the same Idempotency-Key: it gets the status already posted, for an hour.
      const key = c.req.header("Idempotency-Key");
      const remembered = key ? (["mastodon", "idempotency", String(member.id), key.slice(0, 200)] as const) : undefined;
      const earlier = remembered ? await idempotency.get<number>(remembered) : undefined;
      const again = earlier === undefined ? undefined : await findStatus(db, earlier);
      if (again) return c.json(await renderStatus(db, origin, again, member));
      const subject = await post(c, member, await Params.of(c));
      if (remembered) await idempotency.set(remembered, subject.statusId, { ttl: Temporal.Duration.from({ hours: 1 }) });
      return c.json(await renderStatus(db, origin, subject, member));
    })
    .get("/api/v1/statuses/:id{[0-9]+}", scopeIfToken("read:statuses"), async (c) => c.json(await renderStatus(db, origin, await entryOf(c), optionalUser(c)?.actor)))
    .delete("/api/v1/statuses/:id{[0-9]+}", requireScope("write:statuses"), async (c) => {
      const member = currentUser(c).actor;
      const entry = await entryOf(c);
      if (entry.author.id !== member.id) throw new ApiError(403, "This action is not allowed");
      // Mastodon answers with the deleted status, its source in `text`, so that an app can offer "delete and redraft".
      const status = await renderStatus(db, origin, entry, member);
      const ctx = fedifyContext(deps, c);
      switch (entry.kind) {
        case "comment":
          await deleteComment(ctx, db, entry.comment);
          break;
        case "post":
          await deleteNote(ctx, db, entry.post);
          break;
        case "share":
          await unreact(ctx, db, member, iriOf(entry.shared), "share");
          break;
        case "practice":
          throw new ApiError(403, "A practice is withdrawn from its page on the web, where roles are checked");
      }
      return c.json({ ...status, text: entry.kind === "comment" ? entry.comment.source : status.text });
    })
    .get("/api/v1/statuses/:id{[0-9]+}/context", scopeIfToken("read:statuses"), async (c) => {
      const subject = await subjectOf(c);
      const viewer = optionalUser(c)?.actor;
      const { ancestors, descendants } = await conversationOf(subject);
      return c.json({
        ancestors: await renderStatuses(db, origin, ancestors, viewer),
        descendants: await renderStatuses(db, origin, descendants, viewer),
      });
    })
    .post("/api/v1/statuses/:id{[0-9]+}/favourite", requireScope("write:favourites"), async (c) => {
      const member = currentUser(c).actor;
      const subject = await subjectOf(c);
      await react(fedifyContext(deps, c), db, member, reactable(subject), "like");
      return c.json(await renderStatus(db, origin, await freshSubject(subject), member));
    })
    .post("/api/v1/statuses/:id{[0-9]+}/unfavourite", requireScope("write:favourites"), async (c) => {
      const member = currentUser(c).actor;
      const subject = await subjectOf(c);
      if (subject.kind !== "post") await unreact(fedifyContext(deps, c), db, member, iriOf(subject), "like");
      return c.json(await renderStatus(db, origin, await freshSubject(subject), member));
    })
    .post("/api/v1/statuses/:id{[0-9]+}/reblog", requireScope("write:statuses"), async (c) => {
      const member = currentUser(c).actor;
      const subject = await subjectOf(c);
      const reaction = await react(fedifyContext(deps, c), db, member, reactable(subject), "share");
      const shared = await freshSubject(subject);
      return c.json(await renderStatus(db, origin, { kind: "share", statusId: reaction.statusId, reaction, author: member, shared }, member));
    })
    .post("/api/v1/statuses/:id{[0-9]+}/unreblog", requireScope("write:statuses"), async (c) => {
      const member = currentUser(c).actor;
      const subject = await subjectOf(c);
      if (subject.kind !== "post" && (await findReaction(db, "share", member.id, iriOf(subject)))) {
        await unreact(fedifyContext(deps, c), db, member, iriOf(subject), "share");
      }
      return c.json(await renderStatus(db, origin, await freshSubject(subject), member));
    })
    .get("/api/v1/statuses/:id{[0-9]+}/favourited_by", scopeIfToken("read:accounts"), (c) => reactors(c, "like"))
    .get("/api/v1/statuses/:id{[0-9]+}/reblogged_by", scopeIfToken("read:accounts"), (c) => reactors(c, "share"));

  /**
   * A status's conversation: a practice has no ancestors and its whole thread below it; a comment
   * has its practice and the comments it answers above it, and its replies below, depth first.
   */
  async function conversationOf(subject: StatusSubject): Promise<{ ancestors: TimelineEntry[]; descendants: TimelineEntry[] }> {
    if (subject.kind === "post") return { ancestors: [], descendants: [] };
    const practiceId = subject.kind === "practice" ? subject.practice.id : subject.comment.practiceId;
    const thread = await listThread(db, practiceId);
    const entryOfComment = (i: (typeof thread)[number]): TimelineEntry => ({ kind: "comment", statusId: i.comment.statusId, comment: i.comment, author: i.author });
    const children = (parentId: number | null): TimelineEntry[] =>
      thread
        .filter((i) => i.comment.parentId === parentId)
        .flatMap((i) => (i.comment.status === "visible" ? [entryOfComment(i), ...children(i.comment.id)] : children(i.comment.id)));
    if (subject.kind === "practice") return { ancestors: [], descendants: children(null) };
    const ancestors: TimelineEntry[] = [];
    for (let parentId = subject.comment.parentId; parentId !== null; ) {
      const parent = thread.find((i) => i.comment.id === parentId);
      if (!parent) break;
      if (parent.comment.status === "visible") ancestors.unshift(entryOfComment(parent));
      parentId = parent.comment.parentId;
    }
    const practice = await findPracticeById(db, practiceId);
    const top = practice ? (await subjectsByIri(db, [practice.row.iri])).get(practice.row.iri) : undefined;
    return { ancestors: top ? [top, ...ancestors] : ancestors, descendants: children(subject.comment.id) };
  }
}
