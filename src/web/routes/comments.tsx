import { type Context, Hono } from "hono";
import { can } from "../../accounts/permissions.ts";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import { commentTombstone, deleteComment, postComment } from "../../federation/comments/publishing.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import { type Practice, findPracticeByPublicId } from "../../practices/store.ts";
import {
  type CommentRow,
  countComments,
  findCommentById,
  findCommentByPublicId,
  listThread,
  nestThread,
  practiceOfComment,
  setCommentStatus,
} from "../../social/comments.ts";
import { reactedAmong, reactionCountsOf } from "../../social/reactions.ts";
import { findTombstone } from "../../social/tombstones.ts";
import type { WebEnv } from "../env.ts";
import { setFlash } from "../flash.ts";
import type { ThreadView } from "../pages/comments.tsx";
import { practicePath } from "../pages/practice.tsx";
import { formText } from "./forms.ts";

type C = Context<WebEnv>;

/** Admins of the practice's owner (and operators) moderate its comments: hide them, delete them. */
function mayModerate(c: C, owner: ActorRow): boolean {
  return can(c.var.signedIn?.principal, "moderate", owner.id);
}

/** The conversation the practice page shows, and what the signed-in member may do in it. */
export async function commentThread(db: Database, c: C, practice: Practice, owner: ActorRow): Promise<ThreadView | undefined> {
  if (practice.row.status !== "published") return undefined;
  const moderator = mayModerate(c, owner);
  const items = await listThread(db, practice.row.id, { includeHidden: moderator });
  const replyToId = Number(c.req.query("replyTo"));
  const replyTo = Number.isInteger(replyToId) ? items.find((item) => item.comment.id === replyToId && item.comment.status === "visible") : undefined;
  const iris = items.filter((item) => item.comment.status === "visible").map((item) => item.comment.iri);
  const viewerId = c.var.signedIn?.account.actorId;
  return {
    base: practicePath(practice),
    nodes: nestThread(items),
    count: await countComments(db, practice.row.id),
    canComment: c.var.signedIn !== undefined,
    viewerId,
    moderator,
    replyTo,
    ownerHost: owner.local ? undefined : owner.host,
    reactions: {
      counts: await reactionCountsOf(db, iris),
      liked: viewerId === undefined ? new Set() : await reactedAmong(db, viewerId, "like", iris),
      shared: viewerId === undefined ? new Set() : await reactedAmong(db, viewerId, "share", iris),
    },
  };
}

const activityJson = /application\/(activity\+json|ld\+json)/;

/** Members comment on practices as themselves; authors delete their comments; admins hide or delete any. */
export function commentRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  const context = (c: C) => federation.createContext(c.req.raw, undefined);

  async function practiceOf(c: C): Promise<{ practice: Practice; owner: ActorRow }> {
    const practice = await findPracticeByPublicId(db, c.req.param("id") ?? "");
    const owner = practice ? await findActorById(db, practice.row.ownerId) : undefined;
    if (!practice || !owner || practice.row.status === "draft") throw new PlazaError("not_found", "There is no such practice on this server.");
    return { practice, owner };
  }

  /** The comment in the path, under the practice in the path. */
  async function commentOf(c: C, practice: Practice): Promise<CommentRow> {
    const comment = await findCommentById(db, Number(c.req.param("comment")));
    if (!comment || comment.practiceId !== practice.row.id) throw new PlazaError("not_found", "This comment is no longer there.");
    return comment;
  }

  /** Runs a moderation or deletion, then back to the thread with what happened. */
  function commentAction(act: (c: C, practice: Practice, owner: ActorRow, comment: CommentRow) => Promise<string>) {
    return async (c: C) => {
      const { practice, owner } = await practiceOf(c);
      const comment = await commentOf(c, practice);
      setFlash(c, { kind: "notice", message: await act(c, practice, owner, comment) });
      return c.redirect(`${practicePath(practice)}#comments`, 303);
    };
  }

  function requireModerator(c: C, owner: ActorRow): void {
    if (!mayModerate(c, owner)) throw new PlazaError("forbidden", `Only admins of ${owner.name} may hide or delete others' comments on its practices.`);
  }

  return new Hono<WebEnv>()
    .post("/practices/:id/comments", async (c) => {
      const { practice } = await practiceOf(c);
      const account = c.var.signedIn?.account;
      const member = account ? await findActorById(db, account.actorId) : undefined;
      if (!member) throw new PlazaError("forbidden", "Sign in to comment.");
      const submitted = await c.req.formData();
      try {
        const comment = await postComment(context(c), db, member, practice, {
          source: formText(submitted, "content"),
          inReplyTo: formText(submitted, "inReplyTo") || undefined,
        });
        setFlash(c, { kind: "notice", message: practice.row.local ? "Your comment is published." : "Your comment is published, and sent to the practice's server." });
        return c.redirect(`${practicePath(practice)}#comment-${comment.id}`, 303);
      } catch (error) {
        if (!(error instanceof PlazaError) || error.kind === "forbidden") throw error;
        setFlash(c, { kind: "error", message: error.message });
        return c.redirect(`${practicePath(practice)}#comment-form`, 303);
      }
    })
    .post(
      "/practices/:id/comments/:comment{[0-9]+}/delete",
      commentAction(async (c, _practice, owner, comment) => {
        const own = comment.local && comment.authorId === c.var.signedIn?.account.actorId;
        if (!own) requireModerator(c, owner);
        if (comment.status === "deleted") return "This comment was already deleted.";
        await deleteComment(context(c), db, comment);
        return comment.local ? "The comment is deleted, and the servers it was sent to are told." : "The comment is deleted from this server.";
      }),
    )
    .post(
      "/practices/:id/comments/:comment{[0-9]+}/hide",
      commentAction(async (c, _practice, owner, comment) => {
        requireModerator(c, owner);
        await setCommentStatus(db, comment.id, "hidden");
        return "The comment is hidden. Only moderators see it now.";
      }),
    )
    .post(
      "/practices/:id/comments/:comment{[0-9]+}/unhide",
      commentAction(async (c, _practice, owner, comment) => {
        requireModerator(c, owner);
        await setCommentStatus(db, comment.id, "visible");
        return "The comment is shown again.";
      }),
    )
    .get("/comments/:id", async (c) => {
      // Our visible comments were answered as Notes before this route (content negotiation).
      const comment = await findCommentByPublicId(db, c.req.param("id"));
      const iri = comment?.iri ?? new URL(c.req.path, c.var.origin).href;
      const deletedAt = comment?.status === "deleted" ? (comment.updatedAt ?? new Date()) : await findTombstone(db, iri);
      if (activityJson.test(c.req.header("Accept") ?? "")) {
        if (deletedAt === undefined) throw new PlazaError("not_found", "There is no such comment on this server.");
        const json = await commentTombstone(iri, deletedAt).toJsonLd({ format: "compact", contextLoader: context(c).contextLoader });
        return c.body(JSON.stringify(json), 410, { "Content-Type": "application/activity+json", Vary: "Accept" });
      }
      const practice = comment ? await practiceOfComment(db, comment) : undefined;
      if (!comment || !practice?.publicId) throw new PlazaError("not_found", "There is no such comment on this server.");
      return c.redirect(`/practices/${practice.publicId}#comment-${comment.id}`, 303);
    });
}
