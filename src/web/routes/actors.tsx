import { type Context, Hono } from "hono";
import { can } from "../../accounts/permissions.ts";
import { type ActorRow, kindOf } from "../../actors/model.ts";
import { findActorById, findLocalActor } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import { approveFollower, followByHandle, rejectFollower, unfollow } from "../../federation/following.ts";
import { PlazaError } from "../../errors.ts";
import { listPracticesOf } from "../../practices/store.ts";
import { countFollows, findFollow, listFollowers, listFollowing } from "../../social/follows.ts";
import { listPostsBy } from "../../social/posts.ts";
import type { WebEnv } from "../env.ts";
import { setFlash, takeFlash } from "../flash.ts";
import { ActorPage } from "../pages/actor.tsx";
import { Layout } from "../pages/layout.tsx";
import { formText } from "./forms.ts";

/** An actor's page (the same URL as its ActivityPub document) and the forms that manage its follows. */
export function actorRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  const context = (c: Context<WebEnv>) => federation.createContext(c.req.raw, undefined);

  /** Whether the signed-in member may manage `actor`'s follows: an admin of a city or network, or the member for themselves. */
  const managesFollowsOf = (c: Context<WebEnv>, actor: ActorRow) =>
    c.var.signedIn?.account.actorId === actor.id || can(c.var.signedIn?.principal, "manage_follows", actor.id);

  /** The actor named in the path, if the signed-in member may manage its follows. */
  async function managedActor(c: Context<WebEnv>) {
    const actor = await findLocalActor(db, usernameOf(c));
    if (!actor) throw new PlazaError("not_found", "This server has no such city, network or member.");
    if (!managesFollowsOf(c, actor)) {
      throw new PlazaError("forbidden", `Only an admin of ${actor.name} may change whom it follows.`);
    }
    return actor;
  }

  /** A signed-in member on another actor's page may follow it in their own name, or stop. */
  async function followAs(c: Context<WebEnv>, actor: ActorRow): Promise<{ me: ActorRow; following: boolean } | undefined> {
    const actorId = c.var.signedIn?.account.actorId;
    if (actorId === undefined || actorId === actor.id) return undefined;
    const me = await findActorById(db, actorId);
    return me ? { me, following: (await findFollow(db, me.id, actor.id)) !== undefined } : undefined;
  }

  /** Runs a follow action, then goes back to the actor's page with what happened. */
  function followAction(action: (c: Context<WebEnv>, username: string, form: FormData) => Promise<string>) {
    return async (c: Context<WebEnv>) => {
      const actor = await managedActor(c);
      try {
        setFlash(c, { kind: "notice", message: await action(c, actor.username, await c.req.formData()) });
      } catch (error) {
        if (!(error instanceof PlazaError)) throw error;
        setFlash(c, { kind: "error", message: error.message });
      }
      return c.redirect(`/@${actor.username}`, 303);
    };
  }

  return new Hono<WebEnv>()
    .get("/:handle{@[A-Za-z0-9_.]+}", async (c) => {
      const actor = await findLocalActor(db, usernameOf(c));
      if (!actor) throw new PlazaError("not_found", "This server has no such city, network or member.");
      const manages = managesFollowsOf(c, actor);
      const kind = kindOf(actor);
      const writesPractices = kind === "city" || kind === "network";
      const editor = writesPractices && can(c.var.signedIn?.principal, "edit_practices", actor.id);
      const before = Number(c.req.query("before") ?? Number.NaN);
      const [published, drafts] = writesPractices
        ? await Promise.all([
            // A status id: a bigint within what a JavaScript number holds exactly.
            listPracticesOf(db, actor.id, { before: Number.isSafeInteger(before) && before > 0 ? before : undefined }),
            editor ? listPracticesOf(db, actor.id, { status: "draft", limit: 100 }) : undefined,
          ])
        : [undefined, undefined];
      // A member's notes, and on their own page the form to post one.
      const notes = kind === "member" ? await listPostsBy(db, actor.id) : undefined;
      const [followerCount, followingCount, followers, following] = await Promise.all([
        countFollows(db, "followers", actor.id),
        countFollows(db, "following", actor.id),
        listFollowers(db, actor.id),
        listFollowing(db, actor.id),
      ]);
      const manage = manages
        ? {
            requests: (await listFollowers(db, actor.id, { status: "pending" })).items,
            outgoingRequests: (await listFollowing(db, actor.id, { status: "pending" })).items,
          }
        : undefined;
      return c.html(
        <Layout title={actor.name} signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <ActorPage
            actor={actor}
            followerCount={followerCount}
            followingCount={followingCount}
            followers={followers.items}
            following={following.items}
            manage={manage}
            practices={published && { ...published, olderHref: published.nextCursor === undefined ? undefined : `/@${actor.username}?before=${published.nextCursor}` }}
            drafts={drafts?.items}
            canWritePractices={editor}
            notes={notes}
            canPostNote={kind === "member" && c.var.signedIn?.account.actorId === actor.id}
            followAs={await followAs(c, actor)}
          />
        </Layout>,
      );
    })
    .post(
      "/:handle{@[a-z0-9_]+}/follow",
      followAction(async (c, username, form) => {
        const handle = formText(form, "handle");
        const follow = await followByHandle(context(c), db, username, handle);
        return follow.status === "accepted" ? `You now follow ${handle}.` : `Follow request sent to ${handle}.`;
      }),
    )
    .post(
      "/:handle{@[a-z0-9_]+}/unfollow",
      followAction(async (c, username, form) => {
        await unfollow(context(c), db, username, formText(form, "actor"));
        return "Unfollowed.";
      }),
    )
    .post(
      "/:handle{@[a-z0-9_]+}/followers/approve",
      followAction(async (c, username, form) => {
        await approveFollower(context(c), db, username, formText(form, "actor"));
        return "Follow request approved.";
      }),
    )
    .post(
      "/:handle{@[a-z0-9_]+}/followers/reject",
      followAction(async (c, username, form) => {
        await rejectFollower(context(c), db, username, formText(form, "actor"));
        return "Follower removed.";
      }),
    );
}

function usernameOf(c: Context<WebEnv>): string {
  return (c.req.param("handle") ?? "").replace(/^@/, "");
}
