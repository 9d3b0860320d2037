import { describe, expect, test } from "vitest";
import {
  type SdgLanguage,
  findGoal,
  findTarget,
  goalOfTarget,
  sdgCodeFromIri,
  sdgGoals,
  sdgIri,
  sdgTargets,
} from "../../src/practices/sdg.ts";

const languages: readonly SdgLanguage[] = ["en", "es", "fr"];

describe("SDG data", () => {
  test("there are 17 goals, numbered 1 to 17 in order", () => {
    expect(sdgGoals.map((goal) => goal.code)).toEqual(Array.from({ length: 17 }, (_, i) => String(i + 1)));
  });

  test("there are 169 targets, each code once", () => {
    expect(sdgTargets).toHaveLength(169);
    expect(new Set(sdgTargets.map((target) => target.code)).size).toBe(169);
  });

  test("every goal has a short name and a title in en, es and fr", () => {
    for (const goal of sdgGoals) {
      for (const language of languages) {
        expect(goal.short[language]?.trim(), `goal ${goal.code} short ${language}`).toBeTruthy();
        expect(goal.title[language]?.trim(), `goal ${goal.code} title ${language}`).toBeTruthy();
      }
    }
  });

  test("every target has a title in en, es and fr", () => {
    for (const target of sdgTargets) {
      for (const language of languages) {
        expect(target.title[language]?.trim(), `target ${target.code} ${language}`).toBeTruthy();
      }
    }
  });

  test("every target belongs to one of the 17 goals", () => {
    for (const target of sdgTargets) expect(findGoal(goalOfTarget(target.code)), target.code).toBeDefined();
  });

  test("well-known labels are where they belong", () => {
    expect(findGoal("11")?.short.en).toBe("Sustainable cities and communities");
    expect(findTarget("16.a")).toBeDefined();
    expect(findTarget("11.9")).toBeUndefined();
    expect(findGoal("18")).toBeUndefined();
  });
});

describe("goalOfTarget", () => {
  test("a lettered target belongs to its goal", () => {
    expect(goalOfTarget("16.a")).toBe("16");
  });

  test("a numbered target belongs to its goal", () => {
    expect(goalOfTarget("11.3")).toBe("11");
  });
});

describe("SDG IRIs", () => {
  test("sdgIri gives the UN metadata address", () => {
    expect(sdgIri("11.3")).toBe("http://metadata.un.org/sdg/11.3");
  });

  test("every goal round-trips through its IRI", () => {
    for (const goal of sdgGoals) expect(sdgCodeFromIri(sdgIri(goal.code))).toBe(goal.code);
  });

  test("every target round-trips through its IRI", () => {
    for (const target of sdgTargets) expect(sdgCodeFromIri(sdgIri(target.code))).toBe(target.code);
  });

  test("the https form of the IRI is read too", () => {
    expect(sdgCodeFromIri("https://metadata.un.org/sdg/16.a")).toBe("16.a");
  });

  test.each([
    "http://metadata.un.org/sdg/18",
    "http://metadata.un.org/sdg/0",
    "http://metadata.un.org/sdg/11.9",
    "http://metadata.un.org/sdg/16.z",
    "http://metadata.un.org/sdg/",
  ])("an unknown code is rejected: %s", (iri) => {
    expect(sdgCodeFromIri(iri)).toBeUndefined();
  });

  test.each([
    "https://example.org/sdg/11",
    "http://metadata.un.org.evil.example/sdg/11",
    "http://evil.example/metadata.un.org/sdg/11",
    "http://metadata.un.org/sdg/11/extra",
    "http://metadata.un.org/sdg/11.3?x=1",
    "ftp://metadata.un.org/sdg/11",
  ])("another host or shape is rejected: %s", (iri) => {
    expect(sdgCodeFromIri(iri)).toBeUndefined();
  });
});
