import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import { createPractice, markPublished } from "../../src/practices/authoring.ts";
import { queryWords, searchPractices } from "../../src/practices/search.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, testPracticeAddress } from "../support/domain.ts";

describe("finding practices by words and goal", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const titles = async (query: Parameters<typeof searchPractices>[1]) =>
    (await searchPractices(database.db, query)).map((found) => found.practice.card.title.split(" ")[0]);

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    const city = await createTestActor(db, { kind: "city", username: "demo", name: "Demo" });
    const member = await createTestActor(db, { kind: "member", username: "anne", name: "Anne" });
    // Every white-paper case published but Madrid's, which stays a draft.
    for (const demo of whitePaperCases) {
      const draft = await createPractice(db, testPracticeAddress, city, member, demo.card);
      if (demo.city.username !== "madrid") await markPublished(db, draft.row);
    }
  });

  afterAll(async () => {
    await database?.dispose();
  });

  test("every word must appear somewhere, whatever its case", async () => {
    expect(await titles({ text: "big DATA" })).toEqual(["Seoul"]);
    expect(await titles({ text: "climate volunteers" })).toEqual(["Paris"]);
    // "data" alone is in several cards; with "vendors" only in Bogotá's.
    expect((await titles({ text: "data" })).length).toBeGreaterThan(2);
    expect(await titles({ text: "data vendors" })).toEqual(["Bogotá's"]);
    expect(await titles({ text: "climate vendors" })).toEqual([]);
  });

  test("the goal narrows the search, alone or with words; drafts are never found", async () => {
    expect((await titles({ goal: "5" })).sort()).toEqual(["Buenos"]);
    expect((await titles({ goal: "17" })).sort()).toEqual([]);
    expect(await titles({ text: "Madrid" })).not.toContain("Decide");
    expect((await titles({ text: "data", goal: "10" })).sort()).toEqual(["Bogotá's", "Buenos", "Johannesburg"]);
  });

  test("LIKE's wildcards are plain characters, and an empty query finds nothing", async () => {
    // Unescaped, "a%z" would match any text with an "a" before a "z", and "c_t" "city".
    expect(await titles({ text: "a%z" })).toEqual([]);
    expect(await titles({ text: "c_t" })).toEqual([]);
    expect(await titles({ text: "   " })).toEqual([]);
    expect(queryWords("a b c d e f g h i j")).toHaveLength(8);
  });
});
