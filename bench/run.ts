/**
 * `npm run bench`: Plaza's hot paths, each against a baseline measured in the same run on the
 * same machine, so that the ratios mean something whatever the machine. Nothing here is a test:
 * it prints figures and never fails on them.
 */
import "../src/polyfills.ts";
import { InProcessMessageQueue, MemoryKvStore } from "@fedify/fedify";
import { Article } from "@fedify/vocab";
import { and, desc, eq, inArray } from "drizzle-orm";
import MarkdownIt from "markdown-it";
import type { ActorRow } from "../src/actors/model.ts";
import { createLocalActor, upsertRemoteActor } from "../src/actors/store.ts";
import { openDatabase } from "../src/db/client.ts";
import { actors, practiceVersions, practices } from "../src/db/schema.ts";
import { whitePaperCases } from "../src/demo/white-paper.ts";
import { localActorUris } from "../src/federation/actors.ts";
import { createPlazaFederation } from "../src/federation/federation.ts";
import { practiceArticle, readPracticeArticle } from "../src/federation/practices/article.ts";
import { practiceAddress } from "../src/federation/practices/publishing.ts";
import { pageTimeline } from "../src/mastodon/timeline.ts";
import { createPractice, markPublished } from "../src/practices/authoring.ts";
import type { PracticeCard } from "../src/practices/card.ts";
import { cardHtml } from "../src/practices/render.ts";
import type { Practice } from "../src/practices/store.ts";
import { validateCard } from "../src/practices/validation.ts";
import { storeComment } from "../src/social/comments.ts";
import { upsertPost } from "../src/social/posts.ts";
import { recordReaction } from "../src/social/reactions.ts";
import { type Comparison, measure, report } from "./measure.ts";

const origin = new URL("https://bench.plaza.test");
const handle = await openDatabase({ kind: "pglite", dataDir: "memory" });
const { db } = handle;
const federation = createPlazaFederation({ db, kv: new MemoryKvStore(), queue: new InProcessMessageQueue(), config: { origin, allowPrivateAddress: false, role: "all" } });
const ctx = federation.createContext(origin, undefined);
const { contextLoader, documentLoader } = ctx;

// ── A server with some history: six cities, their practices, and what other servers said about them.
console.log("Seeding an in-memory database…");
const uris = localActorUris(ctx);
const member = await db.transaction((tx) => createLocalActor(tx, uris, { kind: "member", username: "bench", name: "Bench" }));
const cities: ActorRow[] = [];
for (const [i, demo] of whitePaperCases.entries()) {
  cities.push(await db.transaction((tx) => createLocalActor(tx, uris, { kind: "city", username: `city${i}`, name: demo.city.name })));
}
const published: Practice[] = [];
for (let i = 0; i < 120; i++) {
  const demo = whitePaperCases[i % whitePaperCases.length];
  const city = cities[i % cities.length];
  if (!demo || !city) throw new Error("no demo case");
  const draft = await createPractice(db, practiceAddress(ctx), city, member, { ...demo.card, title: `${demo.card.title} (${i})` });
  published.push({ row: await markPublished(db, draft.row), card: draft.card });
}
const remote: ActorRow[] = [];
for (let i = 0; i < 40; i++) {
  remote.push(
    await upsertRemoteActor(db, {
      iri: `https://remote${i % 8}.test/users/u${i}`,
      type: "Person",
      username: `u${i}`,
      host: `remote${i % 8}.test`,
      name: `Remote ${i}`,
      summary: "",
      url: null,
      inboxUrl: `https://remote${i % 8}.test/users/u${i}/inbox`,
      sharedInboxUrl: `https://remote${i % 8}.test/inbox`,
      followersUrl: null,
      manuallyApprovesFollowers: false,
    }),
  );
}
for (let i = 0; i < 1500; i++) {
  const practice = published[i % published.length];
  const author = remote[i % remote.length];
  if (!practice || !author) continue;
  await storeComment(db, {
    iri: `${author.iri}/notes/${i}`,
    practiceId: practice.row.id,
    parentId: null,
    inReplyToIri: practice.row.iri,
    authorId: author.id,
    local: false,
    contentHtml: `<p>Comment ${i}: how did you involve residents?</p>`,
  });
  if (i % 2 === 0) await upsertPost(db, { iri: `${author.iri}/posts/${i}`, authorId: author.id, type: "Note", contentHtml: `<p>Post ${i}</p>` });
  if (i % 4 === 0) await recordReaction(db, { activityIri: `${author.iri}/shares/${i}`, kind: "share", actorId: author.id, objectIri: practice.row.iri });
}

const sample = published[0];
const owner = cities[0];
if (!sample || !owner) throw new Error("nothing seeded");
const comparisons: Comparison[] = [];

// ── 1. Sending: a practice card as an Article, compacted with Plaza's terms, against the same
// title, summary and HTML as a plain Fedify Article.
const plainArticle = () =>
  new Article({
    id: new URL(sample.row.iri),
    attribution: new URL(owner.iri),
    name: sample.card.title,
    summary: sample.card.summary,
    content: cardHtml(sample.card),
    url: new URL(sample.row.iri),
  });
comparisons.push({
  name: "Sending a practice: its Article as compact JSON-LD",
  baseline: await measure("plain Fedify Article (same title, summary and HTML)", () => plainArticle().toJsonLd({ format: "compact", contextLoader })),
  subject: await measure("practiceArticle() with every card field (PracticeArticle)", () =>
    practiceArticle(ctx, sample, owner).toJsonLd({ format: "compact", contextLoader }),
  ),
});

// ── 2. Receiving: reading a practice Article back into a checked card, against parsing the plain Article.
const plainJson = await plainArticle().toJsonLd({ format: "compact", contextLoader });
const practiceJson = await practiceArticle(ctx, sample, owner).toJsonLd({ format: "compact", contextLoader });
comparisons.push({
  name: "Receiving a practice: from JSON-LD to a validated card",
  baseline: await measure("Article.fromJsonLd of the plain Article", () => Article.fromJsonLd(plainJson, { contextLoader, documentLoader })),
  subject: await measure("fromJsonLd + readPracticeArticle + validateCard", async () => {
    const article = await Article.fromJsonLd(practiceJson, { contextLoader, documentLoader });
    const read = await readPracticeArticle(article, contextLoader);
    if (!read || !validateCard(read.input).ok) throw new Error("the practice did not read back");
  }),
});

// ── 3. The Mastodon home timeline: four tables merged by status id, against reading one table.
const authors = [...cities.map((c) => c.id), ...remote.map((r) => r.id)];
const page = { maxId: undefined, sinceId: undefined, minId: undefined, limit: 20 };
comparisons.push({
  name: `Home timeline, 20 statuses (${published.length} practices, 1500 comments, 750 posts, 375 shares)`,
  baseline: await measure("one query: the newest practices of the followed actors", () =>
    db
      .select({ practice: practices, card: practiceVersions.card, author: actors })
      .from(practices)
      .innerJoin(practiceVersions, and(eq(practiceVersions.practiceId, practices.id), eq(practiceVersions.version, practices.currentVersion)))
      .innerJoin(actors, eq(actors.id, practices.ownerId))
      .where(and(eq(practices.status, "published"), inArray(practices.ownerId, authors)))
      .orderBy(desc(practices.statusId))
      .limit(21),
  ),
  subject: await measure("pageTimeline(): practices, comments, posts and shares merged", () => pageTimeline(db, { authors }, page)),
});

// ── 4. Rendering a card: Markdown rendered and sanitized, against markdown-it alone on the same text.
const markdown = new MarkdownIt({ html: false, linkify: true });
const markdownOf = (card: PracticeCard) => [card.challenge, card.solution, card.approach, card.innovation, card.openGovernmentNarrative, card.lessons].join("\n\n");
comparisons.push({
  name: "Rendering a card as HTML",
  baseline: await measure("markdown-it on the card's Markdown fields", () => markdown.render(markdownOf(sample.card))),
  subject: await measure("cardHtml(): every section, rendered and sanitized", () => cardHtml(sample.card)),
});

console.log(`\nNode ${process.version}, ${new Date().toISOString()}\n`);
console.log(report(comparisons));
await handle.close();
