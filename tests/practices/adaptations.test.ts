import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { notifications } from "../../src/db/schema.ts";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { adaptationStart, listAdaptations, notifyAdaptation } from "../../src/practices/adaptations.ts";
import { createPractice, markPublished, markWithdrawn } from "../../src/practices/authoring.ts";
import type { Practice } from "../../src/practices/store.ts";
import { validateCard } from "../../src/practices/validation.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, testPracticeAddress } from "../support/domain.ts";

const card = whitePaperCases[0]!.card;

describe("adapting a practice", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let paris: ActorRow;
  let lyon: ActorRow;
  let anne: ActorRow;
  let original: Practice;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    paris = await createTestActor(db, { kind: "city", username: "paris", name: "Paris" });
    lyon = await createTestActor(db, { kind: "city", username: "lyon", name: "Lyon" });
    anne = await createTestActor(db, { kind: "member", username: "anne", name: "Anne" });
    const draft = await createPractice(db, testPracticeAddress, paris, anne, card);
    original = { row: await markPublished(db, draft.row), card: draft.card };
  });

  afterAll(async () => {
    await database?.dispose();
  });

  test("starts from the original's account, without what belongs to the original city", () => {
    const start = adaptationStart(original, paris, lyon);
    expect(start.provenance).toEqual({ basedOn: original.row.iri, basedOnVersion: 1 });
    expect(start.summary.startsWith(`Adapted from Paris's “${card.title}”. `)).toBe(true);
    expect(start.summary.length).toBeLessThanOrEqual(500);
    expect(start).toMatchObject({ title: card.title, challenge: card.challenge, solution: card.solution, sdgGoals: card.sdgGoals, tags: card.tags });
    expect(start).toMatchObject({ place: { city: "Lyon", country: "", level: card.place.level }, contact: undefined, keyFigures: [], partners: [], attachments: [] });
    expect(start).toMatchObject({ completion: "not_started", openGovernment: "not_assessed", leadInstitution: "" });
    // Not publishable as it is: the city's editors fill in their own place and institution.
    const checked = validateCard(start);
    expect(checked.ok ? [] : checked.errors.map((e) => e.field).sort()).toEqual(["leadInstitution", "place.country"]);
  });

  test("an adaptation is listed under the original once published, and its city is told", async () => {
    const { db } = database;
    const input = { ...adaptationStart(original, paris, lyon), place: { city: "Lyon", country: "FR", level: "local" }, leadInstitution: "Ville de Lyon" };
    const draft = await createPractice(db, testPracticeAddress, lyon, anne, input);
    expect(await listAdaptations(db, original.row.iri)).toEqual([]);
    const adaptation = { row: await markPublished(db, draft.row), card: draft.card };
    const listed = await listAdaptations(db, original.row.iri);
    expect(listed.map((a) => [a.practice.row.iri, a.owner.username])).toEqual([[adaptation.row.iri, "lyon"]]);

    await notifyAdaptation(db, adaptation, lyon.id);
    const told = await db.select().from(notifications).where(eq(notifications.kind, "adaptation"));
    expect(told.map((n) => [n.recipientId, n.actorId, n.practiceId])).toEqual([[paris.id, lyon.id, adaptation.row.id]]);

    // A practice that adapts nothing tells no one.
    await notifyAdaptation(db, original, paris.id);
    expect(await db.select().from(notifications).where(eq(notifications.kind, "adaptation"))).toHaveLength(1);

    await markWithdrawn(db, adaptation.row);
    expect(await listAdaptations(db, original.row.iri)).toEqual([]);
  });
});
