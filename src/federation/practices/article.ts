import type { Context } from "@fedify/fedify";
import { type Activity, Document, Hashtag, Image, LanguageString, PUBLIC_COLLECTION, Place, type Object as APObject } from "@fedify/vocab";
import jsonld from "jsonld";
import type { ActorRow } from "../../actors/model.ts";
import { cardHtml, hashtagsOf, placeLine } from "../../practices/render.ts";
import type { Practice } from "../../practices/store.ts";
import type { ReactionCounts } from "../../social/reactions.ts";
import { PracticeArticle } from "./activities.ts";
import { forksUri, originalLink } from "./adaptations.ts";
import { reactionCollections } from "../reactions/collections.ts";
import { practiceConversation } from "../comments/collections.ts";
import { type ArticleBasics, cardToProperties, propertiesToCardInput, versionOf } from "./card-properties.ts";
import { type PlazaProperties, compactPlazaProperties, jsonldLoader, plazaNamespace } from "./vocabulary.ts";

const toInstant = (date: Date) => Temporal.Instant.fromEpochMilliseconds(date.getTime());

/** Where a hashtag's page is; the same name always gives the same URL. */
export function tagUrl(ctx: Context<void>, name: string): URL {
  return new URL(`/tags/${encodeURIComponent(name)}`, ctx.canonicalOrigin);
}

/**
 * One of our practices as an ActivityPub Article (DESIGN.md §2): Mastodon shows `name`, `summary`
 * and a link to `url`; other servers show `content`; Plaza servers read the structured fields.
 * With `reactions`, `likes` and `shares` embed their `totalItems`; without, they are links only.
 */
export function practiceArticle(
  ctx: Context<void>,
  practice: Practice,
  owner: ActorRow,
  reactions?: ReactionCounts,
  /** Ids of the visible direct replies: `replies` embeds its first page with them; without, it is a link only. */
  replies?: readonly string[],
): PracticeArticle {
  const { row, card } = practice;
  const translations = Object.entries(card.translations);
  const localized = (field: "title" | "summary") => [
    new LanguageString(card[field], card.language),
    ...translations.flatMap(([language, t]) => (t[field] ? [new LanguageString(t[field], language)] : [])),
  ];
  const article = new PracticeArticle({
    id: new URL(row.iri),
    attribution: new URL(owner.iri),
    to: PUBLIC_COLLECTION,
    cc: owner.followersUrl ? new URL(owner.followersUrl) : null,
    names: [card.title, ...localized("title")],
    summaries: [card.summary, ...localized("summary")],
    contents: [cardHtml(card), new LanguageString(cardHtml(card), card.language)],
    mediaType: "text/html",
    url: row.url ? new URL(row.url) : null,
    published: row.publishedAt ? toInstant(row.publishedAt) : null,
    updated: row.updatedAt && row.publishedAt && row.updatedAt > row.publishedAt ? toInstant(row.updatedAt) : null,
    tags: [...hashtagsOf(card).map((name) => new Hashtag({ name: `#${name}`, href: tagUrl(ctx, name) })), ...[originalLink(card)].filter((link) => link !== undefined)],
    location: new Place({
      name: placeLine(card),
      latitude: card.place.coordinates?.latitude ?? null,
      longitude: card.place.coordinates?.longitude ?? null,
    }),
    attachments: card.attachments.map((a) =>
      new (a.mediaType.startsWith("image/") ? Image : Document)({ url: new URL(a.url), mediaType: a.mediaType, name: a.description ?? a.name }),
    ),
    ...(row.publicId ? reactionCollections(ctx, "practice", row.publicId, reactions) : {}),
    // `replies` (first page embedded, which Mastodon reads) and `context`, the whole thread (FEP-7888).
    ...(row.publicId ? practiceConversation(ctx, row.publicId, replies) : {}),
  });
  // Our own practices list their adaptations (ForgeFed's `forks`); a copy we keep is not ours to list.
  const forks = row.local && row.publicId ? { forks: forksUri(ctx, row.publicId).href } : {};
  article.plazaProperties = { ...cardToProperties(card, row.currentVersion), ...forks };
  return article;
}

/** What a received Article says of a practice card, when it carries Plaza's fields. */
export interface ReceivedPractice {
  readonly input: Record<string, unknown>;
  readonly version: number | undefined;
}

/**
 * Reads Plaza's fields from a received object. Returns `undefined` for an Article without them
 * (one from other software), which is then kept as a plain post. Fedify keeps the JSON-LD of a
 * top-level document only, so an Article embedded in an activity is read from the activity's.
 */
export async function readPracticeArticle(
  object: APObject,
  contextLoader: Context<void>["contextLoader"],
  activity?: Activity,
): Promise<ReceivedPractice | undefined> {
  const node = (await plazaNode(object, object, contextLoader)) ?? (activity ? await plazaNode(activity, object, contextLoader) : undefined);
  if (!node) return undefined;
  const properties: PlazaProperties = await compactPlazaProperties(node);
  const location = await object.getLocation({ contextLoader, documentLoader: refuseFetch }).catch(() => null);
  const attachments: ArticleBasics["attachments"][number][] = [];
  for await (const attachment of object.getAttachments({ contextLoader, documentLoader: refuseFetch })) {
    if (!(attachment instanceof Document || attachment instanceof Image)) continue;
    const url = attachment.url instanceof URL ? attachment.url : attachment.url?.href;
    if (url && attachment.mediaType) attachments.push({ url: url.href, mediaType: attachment.mediaType, name: attachment.name?.toString() ?? url.pathname });
  }
  const basics: ArticleBasics = {
    title: object.name?.toString() ?? "",
    summary: object.summary?.toString() ?? "",
    latitude: location instanceof Place ? (location.latitude ?? undefined) : undefined,
    longitude: location instanceof Place ? (location.longitude ?? undefined) : undefined,
    attachments,
  };
  return { input: propertiesToCardInput(properties, basics), version: versionOf(properties) };
}

const asObject = "https://www.w3.org/ns/activitystreams#object";

/** The expanded node of `object` inside `document` (itself or an activity's object), if it carries Plaza fields. */
async function plazaNode(document: APObject, object: APObject, contextLoader: Context<void>["contextLoader"]) {
  const json = await document.toJsonLd({ contextLoader });
  const [root] = (await jsonld.expand(json as jsonld.JsonLdDocument, {
    documentLoader: jsonldLoader(contextLoader),
  })) as Record<string, unknown>[];
  const embedded = document === object ? [root] : ((root?.[asObject] ?? []) as Record<string, unknown>[]);
  const node = embedded.find((candidate) => candidate?.["@id"] === object.id?.href);
  return node && Object.keys(node).some((key) => key.startsWith(plazaNamespace)) ? node : undefined;
}

async function refuseFetch(url: string): Promise<never> {
  throw new Error(`not fetched: ${url}`);
}
