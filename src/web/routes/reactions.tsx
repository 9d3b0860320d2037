import { type Context, Hono } from "hono";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import { react, unreact } from "../../federation/reactions/publishing.ts";
import { type Practice, findPracticeByPublicId } from "../../practices/store.ts";
import { findCommentById } from "../../social/comments.ts";
import { type ReactionKind, findReaction, reactionCounts } from "../../social/reactions.ts";
import type { WebEnv } from "../env.ts";
import { setFlash } from "../flash.ts";
import { practicePath } from "../pages/practice.tsx";
import type { ReactionSummary } from "../pages/reactions.tsx";
import type { SignedIn } from "../session.ts";

type C = Context<WebEnv>;

/** The counts and buttons the practice page shows; only published practices have them. */
export async function reactionSummary(db: Database, practice: Practice, signedIn: SignedIn | undefined): Promise<ReactionSummary | undefined> {
  const { row } = practice;
  if (row.status !== "published") return undefined;
  const owner = row.local ? undefined : await findActorById(db, row.ownerId);
  const memberId = signedIn?.account.actorId;
  return {
    counts: await reactionCounts(db, row.iri),
    base: practicePath(practice),
    ownerHost: owner?.host,
    member:
      memberId === undefined
        ? undefined
        : {
            liked: (await findReaction(db, "like", memberId, row.iri)) !== undefined,
            shared: (await findReaction(db, "share", memberId, row.iri)) !== undefined,
          },
  };
}

const done: Record<ReactionKind, Record<"given" | "taken", (what: string) => string>> = {
  like: { given: (what) => `You like this ${what}.`, taken: (what) => `You no longer like this ${what}.` },
  share: { given: () => "Shared with your followers.", taken: () => "No longer shared." },
};

/**
 * Members like, unlike, share and unshare practices (ours and those kept from other servers) and
 * the visible comments under them, as themselves.
 */
export function reactionRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  /** What the path names: the practice, or a comment under it; and where to go back to. */
  async function targetOf(c: C): Promise<{ iri: string; what: "practice" | "comment"; back: string }> {
    const practice = await findPracticeByPublicId(db, c.req.param("id") ?? "");
    if (!practice || practice.row.status === "draft") throw new PlazaError("not_found", "There is no such practice on this server.");
    const commentId = c.req.param("comment");
    if (commentId === undefined) return { iri: practice.row.iri, what: "practice", back: practicePath(practice) };
    const comment = await findCommentById(db, Number(commentId));
    if (!comment || comment.practiceId !== practice.row.id) throw new PlazaError("not_found", "This comment is no longer there.");
    return { iri: comment.iri, what: "comment", back: `${practicePath(practice)}#comment-${comment.id}` };
  }

  function handler(kind: ReactionKind, give: boolean) {
    return async (c: C) => {
      const account = c.var.signedIn?.account;
      const member = account ? await findActorById(db, account.actorId) : undefined;
      if (!member) throw new PlazaError("forbidden", "Sign in to like or share.");
      const { iri, what, back } = await targetOf(c);
      const ctx = federation.createContext(c.req.raw, undefined);
      try {
        if (give) await react(ctx, db, member, iri, kind);
        else await unreact(ctx, db, member, iri, kind);
        setFlash(c, { kind: "notice", message: done[kind][give ? "given" : "taken"](what) });
      } catch (error) {
        if (!(error instanceof PlazaError)) throw error;
        setFlash(c, { kind: "error", message: error.message });
      }
      return c.redirect(back, 303);
    };
  }
  const app = new Hono<WebEnv>();
  for (const base of ["/practices/:id", "/practices/:id/comments/:comment{[0-9]+}"]) {
    app
      .post(`${base}/like`, handler("like", true))
      .post(`${base}/unlike`, handler("like", false))
      .post(`${base}/share`, handler("share", true))
      .post(`${base}/unshare`, handler("share", false));
  }
  return app;
}
