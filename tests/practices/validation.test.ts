import { describe, expect, test } from "vitest";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import type { PracticeCard } from "../../src/practices/card.ts";
import { type FieldError, validateCard } from "../../src/practices/validation.ts";

/** The Paris card of the white paper: complete and valid, so each test changes one thing. */
const base: PracticeCard = whitePaperCases[0]!.card;

function withChanges(changes: Record<string, unknown>): Record<string, unknown> {
  return { ...base, ...changes };
}

function withPlace(changes: Record<string, unknown>): Record<string, unknown> {
  return withChanges({ place: { ...base.place, ...changes } });
}

function without(field: keyof PracticeCard): Record<string, unknown> {
  const { [field]: _, ...rest } = base;
  return rest;
}

/** The errors of an input that must be refused (fails the test if it is accepted). */
function errorsOf(input: unknown): readonly FieldError[] {
  const result = validateCard(input);
  if (result.ok) throw new Error("expected the card to be refused, but it was accepted");
  return result.errors;
}

/** The normalized card of an input that must be accepted (fails the test with the errors otherwise). */
function cardOf(input: unknown): PracticeCard {
  const result = validateCard(input);
  if (!result.ok) throw new Error(`expected the card to be accepted: ${JSON.stringify(result.errors)}`);
  return result.card;
}

const required = "This field is required.";

describe("required fields", () => {
  test("title is required", () => {
    expect(errorsOf(without("title"))).toEqual([{ field: "title", message: required }]);
  });

  test("a title of only spaces counts as missing", () => {
    expect(errorsOf(withChanges({ title: "   \n " }))).toEqual([{ field: "title", message: required }]);
  });

  test("summary is required", () => {
    expect(errorsOf(withChanges({ summary: "" }))).toEqual([{ field: "summary", message: required }]);
  });

  test("challenge is required", () => {
    expect(errorsOf(without("challenge"))).toEqual([{ field: "challenge", message: required }]);
  });

  test("solution is required", () => {
    expect(errorsOf(withChanges({ solution: "  " }))).toEqual([{ field: "solution", message: required }]);
  });

  test("leadInstitution is required", () => {
    expect(errorsOf(without("leadInstitution"))).toEqual([{ field: "leadInstitution", message: required }]);
  });

  test("place.city is required", () => {
    expect(errorsOf(withPlace({ city: "" }))).toEqual([{ field: "place.city", message: required }]);
  });

  test("place.country is required", () => {
    expect(errorsOf(withPlace({ country: undefined }))).toEqual([{ field: "place.country", message: required }]);
  });

  test("completion is required and lists the choices", () => {
    expect(errorsOf(without("completion"))).toEqual([
      { field: "completion", message: "Choose one of: not_started, limited, substantial, complete." },
    ]);
  });
});

describe("lengths and plain text", () => {
  test("a title of 150 characters is accepted", () => {
    expect(cardOf(withChanges({ title: "t".repeat(150) })).title).toHaveLength(150);
  });

  test("a title over 150 characters is refused with its length", () => {
    expect(errorsOf(withChanges({ title: "t".repeat(151) }))).toEqual([
      { field: "title", message: "At most 150 characters; this has 151." },
    ]);
  });

  test("a summary over 500 characters is refused with its length", () => {
    expect(errorsOf(withChanges({ summary: "s".repeat(501) }))).toEqual([
      { field: "summary", message: "At most 500 characters; this has 501." },
    ]);
  });

  test("a newline in the title is folded to a space", () => {
    expect(cardOf(withChanges({ title: "Open budget\nin  Seoul\r\n" })).title).toBe("Open budget in Seoul");
  });
});

describe("place", () => {
  const notACountry = (code: string) =>
    `"${code}" is not an ISO 3166-1 country code; use two letters such as FR, KR, CO or ZA.`;

  test("an unknown country code is refused", () => {
    expect(errorsOf(withPlace({ country: "XX" }))).toEqual([{ field: "place.country", message: notACountry("XX") }]);
  });

  test("a region code that is not a country (EU) is refused", () => {
    expect(errorsOf(withPlace({ country: "EU" }))).toEqual([{ field: "place.country", message: notACountry("EU") }]);
  });

  test("a lower-case country code is accepted and upper-cased", () => {
    expect(cardOf(withPlace({ country: "kr" })).place.country).toBe("KR");
  });

  test("an unknown level of government is refused with the choices", () => {
    expect(errorsOf(withPlace({ level: "city" }))).toEqual([
      { field: "place.level", message: '"city" is not one of: local, metropolitan, regional, national.' },
    ]);
  });

  test("a missing level defaults to local", () => {
    expect(cardOf(withPlace({ level: undefined })).place.level).toBe("local");
  });

  test("a latitude without a longitude is refused", () => {
    expect(errorsOf(withPlace({ coordinates: { latitude: 48.85 } }))).toEqual([
      { field: "place.coordinates.longitude", message: "Give both latitude and longitude, or neither." },
    ]);
  });

  test("a latitude of 91 is out of range", () => {
    expect(errorsOf(withPlace({ coordinates: { latitude: 91, longitude: 2.35 } }))).toEqual([
      { field: "place.coordinates.latitude", message: "Expected a number from -90 to 90." },
    ]);
  });

  test("coordinates given nested or flat give the same place", () => {
    const { coordinates: _, ...place } = base.place;
    const nested = cardOf(withChanges({ place: { ...place, coordinates: { latitude: 37.5665, longitude: 126.978 } } }));
    const flat = cardOf(withChanges({ place: { ...place, latitude: "37.5665", longitude: "126.978" } }));
    expect(nested.place.coordinates).toEqual({ latitude: 37.5665, longitude: 126.978 });
    expect(flat.place).toEqual(nested.place);
  });
});

describe("SDGs", () => {
  test("an unknown goal (18) is refused", () => {
    expect(errorsOf(withChanges({ sdgGoals: ["11", "18"] }))).toEqual([
      { field: "sdgGoals.1", message: '"18" is not an SDG: goals are numbered 1 to 17.' },
    ]);
  });

  test("an unknown target (11.9) is refused", () => {
    expect(errorsOf(withChanges({ sdgTargets: ["11.9"] }))).toEqual([
      { field: "sdgTargets.0", message: '"11.9" is not an SDG target; targets look like 11.3 or 16.a (169 exist).' },
    ]);
  });

  test("a target adds its goal automatically", () => {
    const card = cardOf(withChanges({ sdgGoals: ["11"], sdgTargets: ["16.6", "16.a"] }));
    expect(card.sdgGoals).toEqual(["11", "16"]);
  });

  test("goals are sorted numerically, not as text", () => {
    expect(cardOf(withChanges({ sdgGoals: ["16", "7", "11"], sdgTargets: [] })).sdgGoals).toEqual(["7", "11", "16"]);
  });

  test("numbered targets are sorted numerically (16.6 before 16.10)", () => {
    const card = cardOf(withChanges({ sdgGoals: [], sdgTargets: ["16.10", "16.6", "11.3"] }));
    expect(card.sdgTargets).toEqual(["11.3", "16.6", "16.10"]);
  });

  test("lettered targets come after numbered ones (16.6, 16.10, 16.a)", () => {
    const card = cardOf(withChanges({ sdgGoals: [], sdgTargets: ["16.a", "16.10", "16.6", "1.a", "1.1"] }));
    expect(card.sdgTargets).toEqual(["1.1", "1.a", "16.6", "16.10", "16.a"]);
  });

  test("target codes are lower-cased and duplicates removed", () => {
    expect(cardOf(withChanges({ sdgTargets: ["16.A", "16.a"] })).sdgTargets).toEqual(["16.a"]);
  });
});

describe("closed vocabularies", () => {
  test("an unknown theme is refused with the choices", () => {
    expect(errorsOf(withChanges({ themes: ["climate_action", "transparency"] }))).toEqual([
      {
        field: "themes.1",
        message: '"transparency" is not one of: climate_action, future_of_work, social_inclusion, city_to_city_cooperation.',
      },
    ]);
  });

  test("an unknown OGP value is refused with the choices", () => {
    expect(errorsOf(withChanges({ ogpValues: ["open_data"] }))).toEqual([
      {
        field: "ogpValues.0",
        message:
          '"open_data" is not one of: access_to_information, civic_participation, public_accountability, technology_and_innovation.',
      },
    ]);
  });
});

describe("tags", () => {
  const notAHashtag = (tag: string) =>
    `"${tag}" cannot be a hashtag: use letters, digits and underscores only (at most 50), e.g. openData.`;

  test("a tag with a space or punctuation is refused", () => {
    expect(errorsOf(withChanges({ tags: ["open data", "open-data", "openData"] }))).toEqual([
      { field: "tags.0", message: notAHashtag("open data") },
      { field: "tags.1", message: notAHashtag("open-data") },
    ]);
  });

  test("a leading # is stripped", () => {
    expect(cardOf(withChanges({ tags: ["#openData", "bigData"] })).tags).toEqual(["openData", "bigData"]);
  });

  test("tags that differ only in case are one hashtag, as on Mastodon", () => {
    expect(cardOf(withChanges({ tags: ["OpenData", "opendata", "#OPENDATA"] })).tags).toEqual(["OpenData"]);
  });

  test("duplicate tags are removed, keeping the first", () => {
    expect(cardOf(withChanges({ tags: ["openData", "smartCity", "#openData", "openData"] })).tags).toEqual([
      "openData",
      "smartCity",
    ]);
  });
});

describe("period", () => {
  const notAPeriod = (value: string) => `"${value}" is not a year or a month: write 2016 or 2016-03.`;

  test("month 13 is refused", () => {
    expect(errorsOf(withChanges({ period: { start: "2016-13" } }))).toEqual([
      { field: "period.start", message: notAPeriod("2016-13") },
    ]);
  });

  test("a two-digit year is refused", () => {
    expect(errorsOf(withChanges({ period: { start: "16" } }))).toEqual([{ field: "period.start", message: notAPeriod("16") }]);
  });

  test("an end before the start is refused", () => {
    expect(errorsOf(withChanges({ period: { start: "2018-03", end: "2017-12" } }))).toEqual([
      { field: "period.end", message: "The period cannot end before it starts." },
    ]);
  });

  test("a year alone covers the whole year: March 2016 to 2016 is valid", () => {
    expect(cardOf(withChanges({ period: { start: "2016-03", end: "2016" } })).period).toEqual({ start: "2016-03", end: "2016" });
  });

  test("a period of years and months is kept as given", () => {
    expect(cardOf(withChanges({ period: { start: "2016", end: "2018-06" } })).period).toEqual({ start: "2016", end: "2018-06" });
  });
});

describe("links, key figures, contact", () => {
  test("a javascript: link is refused", () => {
    expect(errorsOf(withChanges({ links: [{ title: "Click", url: "javascript:alert(1)" }] }))).toEqual([
      { field: "links.0.url", message: "Only http and https addresses are allowed, not javascript:." },
    ]);
  });

  test("a link that is not a URL is refused", () => {
    expect(errorsOf(withChanges({ links: [base.links[0], { title: "Plan", url: "not a url" }] }))).toEqual([
      { field: "links.1.url", message: '"not a url" is not a web address; it should start with https://.' },
    ]);
  });

  test("more than 30 links are refused", () => {
    const links = Array.from({ length: 31 }, (_, i) => ({ title: `Link ${i}`, url: `https://example.org/${i}` }));
    expect(errorsOf(withChanges({ links }))).toEqual([{ field: "links", message: "At most 30 entries." }]);
  });

  test("30 links are accepted", () => {
    const links = Array.from({ length: 30 }, (_, i) => ({ title: `Link ${i}`, url: `https://example.org/${i}` }));
    expect(cardOf(withChanges({ links })).links).toHaveLength(30);
  });

  test("a key figure without a value is refused", () => {
    expect(errorsOf(withChanges({ keyFigures: [{ label: "Voters" }] }))).toEqual([
      { field: "keyFigures.0.value", message: required },
    ]);
  });

  test("an invalid contact email is refused", () => {
    expect(errorsOf(withChanges({ contact: { name: "Ana", email: "ana-at-city.example", consent: true } }))).toEqual([
      { field: "contact.email", message: '"ana-at-city.example" is not an email address.' },
    ]);
  });
});

describe("languages and translations", () => {
  const notALanguage = (tag: string) => `"${tag}" is not a language tag; use a code such as en, es, fr or pt-BR.`;

  test("a bad language tag is refused", () => {
    expect(errorsOf(withChanges({ language: "English" }))).toEqual([{ field: "language", message: notALanguage("English") }]);
  });

  test("a translation under a bad language key is refused", () => {
    expect(errorsOf(withChanges({ translations: { french: { title: "Plan Climat" } } }))).toEqual([
      { field: "translations.french", message: notALanguage("french") },
    ]);
  });

  test("a translated title over 150 characters is refused", () => {
    expect(errorsOf(withChanges({ translations: { fr: { title: "t".repeat(151) } } }))).toEqual([
      { field: "translations.fr.title", message: "At most 150 characters; this has 151." },
    ]);
  });
});

describe("defaults and shape", () => {
  test("the licence defaults to CC-BY-4.0", () => {
    expect(cardOf(without("license")).license).toBe("CC-BY-4.0");
  });

  test("a chosen licence is kept", () => {
    expect(cardOf(withChanges({ license: "CC0-1.0" })).license).toBe("CC0-1.0");
  });

  test("an empty object reports every required field at once", () => {
    const fields = errorsOf({}).map((error) => error.field);
    expect([...fields].sort()).toEqual(
      ["challenge", "completion", "leadInstitution", "place.city", "place.country", "solution", "summary", "title"].sort(),
    );
  });

  test.each([
    ["null", null],
    ["a string", "a practice"],
    ["an array", [base]],
    ["a number", 42],
    ["undefined", undefined],
  ])("%s yields errors, never a throw", (_, input) => {
    const result = validateCard(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field)).toContain("title");
  });
});

describe("idempotence on the white paper's cards", () => {
  test.each(whitePaperCases.map((c) => [c.city.username, c.card] as const))("%s is valid and unchanged", (_, card) => {
    const once = cardOf(card);
    expect(once).toStrictEqual(card);
    expect(cardOf(once)).toStrictEqual(card);
  });
});
