import { InProcessMessageQueue, MemoryKvStore } from "@fedify/fedify";
import { Article, Create, PUBLIC_COLLECTION } from "@fedify/vocab";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { createLocalActor } from "../../src/actors/store.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { localActorUris } from "../../src/federation/actors.ts";
import { type PlazaFederation, createPlazaFederation } from "../../src/federation/federation.ts";
import { PracticeCreate } from "../../src/federation/practices/activities.ts";
import { practiceArticle, readPracticeArticle } from "../../src/federation/practices/article.ts";
import { practiceAddress } from "../../src/federation/practices/publishing.ts";
import { plazaNamespace } from "../../src/federation/practices/vocabulary.ts";
import { createPractice, editPractice, markPublished } from "../../src/practices/authoring.ts";
import type { PracticeCard } from "../../src/practices/card.ts";
import type { Practice } from "../../src/practices/store.ts";
import { validateCard } from "../../src/practices/validation.ts";
import { openTestDatabase } from "../support/database.ts";

type Json = Record<string, unknown>;
const origin = new URL("https://plaza.test");

describe("a practice as an ActivityPub Article", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let federation: PlazaFederation;
  let city: ActorRow;

  const context = () => federation.createContext(origin, undefined);

  async function published(card: PracticeCard): Promise<Practice> {
    const draft = await createPractice(database.db, practiceAddress(context()), city, city, card);
    return { row: await markPublished(database.db, draft.row), card: draft.card };
  }

  async function compact(practice: Practice): Promise<Json> {
    const article = practiceArticle(context(), practice, city);
    return (await article.toJsonLd({ format: "compact", contextLoader: context().contextLoader })) as Json;
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    federation = createPlazaFederation({
      db: database.db,
      kv: new MemoryKvStore(),
      queue: new InProcessMessageQueue(),
      config: { origin, allowPrivateAddress: false, role: "all" },
    });
    city = await database.db.transaction((tx) =>
      createLocalActor(tx, localActorUris(context()), { kind: "city", username: "seoul", name: "Seoul" }),
    );
  });

  afterAll(() => database.dispose());

  test.each(whitePaperCases.map((c) => [c.city.name, c.card] as const))("%s follows Mastodon's rules for Articles", async (_name, card) => {
    const practice = await published(card);
    const json = await compact(practice);
    expect(json.type).toBe("Article");
    expect(json.id).toBe(practice.row.iri);
    // Mastodon shows name + summary + a link to url, and drops content.
    expect(json.name).toBe(card.title);
    expect(String(json.name)).not.toMatch(/[<>]/);
    expect(String(json.name).length).toBeLessThanOrEqual(150);
    expect(json.summary).toBe(card.summary);
    expect(String(json.summary).length).toBeLessThanOrEqual(500);
    expect(json.url).toBe(practice.row.url);
    expect(json.attributedTo).toBe(city.iri);
    expect(json.to).toBe(PUBLIC_COLLECTION.href);
    expect(json.published).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(json.updated).toBeUndefined();
    // Hashtags must be declared in @context or Mastodon ignores them.
    expect(JSON.stringify(json["@context"])).toContain('"Hashtag":"as:Hashtag"');
    const tags = ([] as Json[]).concat(json.tag as Json[]);
    expect(tags.map((t) => t.type)).toEqual(tags.map(() => "Hashtag"));
    expect(tags.map((t) => t.name)).toEqual(expect.arrayContaining(card.sdgGoals.map((g) => `#SDG${g}`)));
    for (const tag of tags) expect(String(tag.href)).toMatch(/^https:\/\/plaza\.test\/tags\//);
    // The whole card, a heading per section, for servers that show content.
    expect(json.content).toContain("<h2>Challenge</h2>");
    expect(json.content).toContain("<h2>Lessons learned</h2>");
    expect(json.mediaType).toBe("text/html");
    // Structured fields with plain names in the Plaza namespace.
    expect(Object.keys(json).filter((key) => key.startsWith(plazaNamespace))).toEqual([]);
    expect(json.challenge).toBe(card.challenge);
    expect(json.practiceVersion).toBe(1);
    expect(json.sdg).toEqual([...card.sdgGoals, ...card.sdgTargets].map((code) => `http://metadata.un.org/sdg/${code}`));
    const location = json.location as Json;
    expect(location.type).toBe("Place");
    expect(location.latitude).toBe(card.place.coordinates?.latitude);
  });

  test.each(whitePaperCases.map((c) => [c.city.name, c.card] as const))("%s: another server rebuilds the card field by field", async (_name, card) => {
    const json = await compact(await published(card));
    const received = await Article.fromJsonLd(json, { contextLoader: context().contextLoader });
    const read = await readPracticeArticle(received, context().contextLoader);
    expect(read?.version).toBe(1);
    const validation = validateCard(read?.input);
    expect(validation.ok && validation.card).toEqual(card);
  });

  test("attachments keep their file names and descriptions: Mastodon's alt text in `name`, the file name beside it", async () => {
    const base = whitePaperCases[0]!.card;
    const card = {
      ...base,
      attachments: [
        { url: "https://plaza.test/media/0123456789abcdef0123456789abcdef.pdf", mediaType: "application/pdf", name: "Budget 2024.pdf", description: "The budget, line by line" },
        { url: "https://plaza.test/media/fedcba9876543210fedcba9876543210.png", mediaType: "image/png", name: "map.png" },
      ],
    };
    const json = await compact(await published(card));
    const sent = ([] as Json[]).concat(json.attachment as Json[]);
    expect(sent.map((a) => a.name)).toEqual(["The budget, line by line", "map.png"]);
    const received = await Article.fromJsonLd(json, { contextLoader: context().contextLoader });
    const read = await readPracticeArticle(received, context().contextLoader);
    const validation = validateCard(read?.input);
    expect(validation.ok && validation.card.attachments).toEqual(card.attachments);
  });

  test("translations travel as nameMap and summaryMap", async () => {
    const madrid = whitePaperCases.find((c) => c.city.username === "madrid")?.card;
    if (!madrid?.translations.es?.title) throw new Error("the Madrid demo card has a Spanish title");
    const json = await compact(await published(madrid));
    expect(json.nameMap).toEqual({ en: madrid.title, es: madrid.translations.es.title });
    expect((json.summaryMap as Json).es).toBe(madrid.translations.es.summary);
  });

  test("contact details leave the server only with consent", async () => {
    const base = whitePaperCases[0]?.card;
    if (!base) throw new Error("demo cards exist");
    const secret = { name: "Ana Official", email: "ana@city.example", consent: false };
    const hidden = await compact(await published({ ...base, contact: secret }));
    expect(JSON.stringify(hidden)).not.toContain("ana@city.example");
    const shown = await compact(await published({ ...base, contact: { ...secret, consent: true } }));
    expect((shown.contact as Json).contactEmail).toBe("ana@city.example");
    expect(shown.content).toContain("ana@city.example");
  });

  test("an edit carries `updated` (Mastodon ignores an Update without it) and the new version number", async () => {
    const base = whitePaperCases[1]?.card;
    if (!base) throw new Error("demo cards exist");
    const practice = await published(base);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { practice: edited } = await editPractice(database.db, practice, city, { ...base, title: `${base.title.slice(0, 140)} (2)` });
    const json = await compact(edited);
    expect(Date.parse(String(json.updated))).toBeGreaterThan(Date.parse(String(json.published)));
    expect(json.practiceVersion).toBe(2);
  });

  test("Create(Article) shows the Plaza fields by plain names, and the embedded object keeps them", async () => {
    const card = whitePaperCases[2]?.card;
    if (!card) throw new Error("demo cards exist");
    const practice = await published(card);
    const article = practiceArticle(context(), practice, city);
    const create = new PracticeCreate({ id: new URL(`${practice.row.iri}#create`), actor: new URL(city.iri), object: article });
    const json = (await create.toJsonLd({ format: "compact", contextLoader: context().contextLoader })) as Json;
    const object = json.object as Json;
    expect(object.leadInstitution).toBe(card.leadInstitution);
    expect(Object.keys(object).filter((key) => key.startsWith(plazaNamespace))).toEqual([]);
    // A receiver parses it with Fedify as any Create.
    const parsed = await Create.fromJsonLd(json, { contextLoader: context().contextLoader });
    const parsedObject = await parsed.getObject({ contextLoader: context().contextLoader });
    expect(parsedObject).toBeInstanceOf(Article);
    if (!parsedObject) throw new Error("object");
    const read = await readPracticeArticle(parsedObject, context().contextLoader, parsed);
    expect(read?.input.leadInstitution).toBe(card.leadInstitution);
  });
});
