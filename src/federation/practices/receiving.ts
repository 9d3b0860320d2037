import type { Context } from "@fedify/fedify";
import type { Activity, Article } from "@fedify/vocab";
import type { ActorRow } from "../../actors/model.ts";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { notifyAdaptation } from "../../practices/adaptations.ts";
import { receivePractice } from "../../practices/remote.ts";
import type { Practice } from "../../practices/store.ts";
import { validateCard } from "../../practices/validation.ts";
import { webUrlOf } from "../remote-actors.ts";
import { readPracticeArticle } from "./article.ts";

const toDate = (instant: Temporal.Instant | null) => (instant ? new Date(instant.epochMilliseconds) : null);

/** What became of an Article from another server. */
export type ReceivedArticle = { readonly kind: "not-a-practice" } | { readonly kind: "refused" } | { readonly kind: "kept"; readonly practice: Practice | undefined };

/**
 * Keeps another server's practice card, received in an activity or looked up by its URL: all its
 * fields, as a new version when it changed. An Article without Plaza's fields is not a practice;
 * one whose card does not validate is refused (and logged). `author` must be the Article's author.
 */
export async function keepPracticeArticle(ctx: Context<void>, db: Database, article: Article, author: ActorRow, activity?: Activity): Promise<ReceivedArticle> {
  if (article.id === null) return { kind: "refused" };
  const received = await readPracticeArticle(article, ctx.contextLoader, activity);
  if (!received) return { kind: "not-a-practice" };
  const validation = validateCard(received.input);
  if (!validation.ok) {
    logger.warning("Refused practice {object}: {errors}", { object: article.id.href, errors: validation.errors });
    return { kind: "refused" };
  }
  const kept = await receivePractice(db, {
    iri: article.id.href,
    ownerId: author.id,
    url: webUrlOf(article.url),
    publishedAt: toDate(article.published),
    updatedAt: toDate(article.updated ?? article.published),
    card: validation.card,
  });
  // A new adaptation of one of our practices: its city is told (once, when it is first kept).
  if (kept?.changed && kept.practice.row.currentVersion === 1) await notifyAdaptation(db, kept.practice, author.id);
  return { kind: "kept", practice: kept?.practice };
}
