import type { InboxContext } from "@fedify/fedify";
import { Article, type Create, Note, type Object as APObject, Page, Update, isActor } from "@fedify/vocab";
import { instanceUsername } from "../../actors/model.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { sanitizeHtml } from "../../practices/markdown.ts";
import { isFollowedLocally, upsertPost } from "../../social/posts.ts";
import { isTombstoned } from "../../social/tombstones.ts";
import { keepPracticeArticle } from "../practices/receiving.ts";
import { rememberActor, resolveActor, webUrlOf } from "../remote-actors.ts";
import { isPublic, receiveComment } from "./comment.ts";

const toDate = (instant: Temporal.Instant | null) => (instant ? new Date(instant.epochMilliseconds) : null);

/**
 * Someone published (`Create`) or edited (`Update`) an Article, Page or Note. A Plaza practice
 * card is kept with all its fields and versions; anything else from an actor followed here is
 * kept as a plain post. Only the author may publish or edit, from the author's own server.
 */
export async function onContent(ctx: InboxContext<void>, db: Database, activity: Create | Update): Promise<void> {
  if (activity.actorId === null) return;
  // The object may come by reference only; then it is fetched with a signed GET (secure-mode servers).
  const documentLoader = await ctx.getDocumentLoader({ identifier: instanceUsername });
  const object = await activity.getObject({ documentLoader, contextLoader: ctx.contextLoader }).catch(() => null);
  if (isActor(object) && activity instanceof Update && object.id?.href === activity.actorId.href) {
    await rememberActor(db, object); // a profile edit
    return;
  }
  if (!(object instanceof Article || object instanceof Page || object instanceof Note) || object.id === null) return;
  if (!isAuthoredBy(object, activity.actorId)) {
    logger.warning("Refused {type} of {object} by {actor}: not its author, or not from the author's server", {
      type: activity.constructor.name,
      object: object.id.href,
      actor: activity.actorId.href,
    });
    return;
  }
  // Deleted already (its Delete overtook it, or this is a replay): it does not come back.
  if (await isTombstoned(db, object.id.href)) return;
  const author = await resolveActor(ctx, db, activity.actorId);
  if (!author) return;
  if (object instanceof Article && (await keepPracticeArticle(ctx, db, object, author, activity)).kind !== "not-a-practice") return;
  // A reply to one of our practices, one we keep, or a comment under them: a comment, not a post.
  if (await receiveComment(ctx, db, activity, object, author)) return;
  // Posts are shown publicly here: followers-only and direct ones are not ours to show.
  if (!isPublic(object) || !(await isFollowedLocally(db, author.id))) return;
  await upsertPost(db, {
    iri: object.id.href,
    authorId: author.id,
    type: object instanceof Article ? "Article" : object instanceof Page ? "Page" : "Note",
    name: object.name?.toString() ?? null,
    summary: object.summary ? sanitizeHtml(object.summary.toString()) : null,
    contentHtml: sanitizeHtml(object.content?.toString() ?? ""),
    url: webUrlOf(object.url),
    inReplyTo: object.replyTargetId?.href ?? null,
    publishedAt: toDate(object.published),
    updatedAt: toDate(object.updated),
  });
}

/** As Mastodon checks: the object names the actor as its author, and lives on the actor's server. */
function isAuthoredBy(object: APObject, actorId: URL): boolean {
  const attributed = object.attributionIds.map((id) => id.href);
  return object.id?.origin === actorId.origin && (attributed.length === 0 || attributed.includes(actorId.href));
}
