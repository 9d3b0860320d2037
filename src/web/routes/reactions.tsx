import { type Context, Hono } from "hono";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import { react, unreact } from "../../federation/reactions/publishing.ts";
import { type Practice, findPracticeByPublicId } from "../../practices/store.ts";
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

const done: Record<ReactionKind, Record<"given" | "taken", string>> = {
  like: { given: "You like this practice.", taken: "You no longer like this practice." },
  share: { given: "Shared with your followers.", taken: "No longer shared." },
};

/** Members like, unlike, share and unshare practices (ours and those kept from other servers) as themselves. */
export function reactionRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  function handler(kind: ReactionKind, give: boolean) {
    return async (c: C) => {
      const account = c.var.signedIn?.account;
      const member = account ? await findActorById(db, account.actorId) : undefined;
      if (!member) throw new PlazaError("forbidden", "Sign in to like or share practices.");
      const practice = await findPracticeByPublicId(db, c.req.param("id") ?? "");
      if (!practice || practice.row.status === "draft") throw new PlazaError("not_found", "There is no such practice on this server.");
      const ctx = federation.createContext(c.req.raw, undefined);
      try {
        if (give) await react(ctx, db, member, practice, kind);
        else await unreact(ctx, db, member, practice, kind);
        setFlash(c, { kind: "notice", message: done[kind][give ? "given" : "taken"] });
      } catch (error) {
        if (!(error instanceof PlazaError)) throw error;
        setFlash(c, { kind: "error", message: error.message });
      }
      return c.redirect(practicePath(practice), 303);
    };
  }
  return new Hono<WebEnv>()
    .post("/practices/:id/like", handler("like", true))
    .post("/practices/:id/unlike", handler("like", false))
    .post("/practices/:id/share", handler("share", true))
    .post("/practices/:id/unshare", handler("share", false));
}
