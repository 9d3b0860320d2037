import { describe, expect, test } from "vitest";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import type { PracticeCard } from "../../src/practices/card.ts";
import { cardHtml, countryName, hashtagsOf, placeLine } from "../../src/practices/render.ts";
import { validateCard } from "../../src/practices/validation.ts";

/** A small valid card: only the required fields, plus `changes`. */
function cardWith(changes: Record<string, unknown> = {}): PracticeCard {
  const result = validateCard({
    title: "Open budget",
    summary: "Residents decide part of the budget.",
    place: { city: "Seoul", country: "KR" },
    challenge: "Few residents knew how the budget was spent.",
    solution: "An online vote on projects.",
    completion: "complete",
    leadInstitution: "Seoul Metropolitan Government",
    ...changes,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.card;
}

const headings = (html: string) => [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((match) => match[1]);

describe("cardHtml", () => {
  test("a minimal card shows only the sections that have content", () => {
    expect(headings(cardHtml(cardWith()))).toEqual([
      "Challenge",
      "Solution",
      "Did it open government?",
      "Completion",
      "Who",
      "Licence",
    ]);
  });

  test("a filled card has a heading per section, in the card's order", () => {
    const card = cardWith({
      approach: "Step by step.",
      innovation: "A first in the country.",
      openGovernmentNarrative: "Residents now decide.",
      lessons: "Start small.",
      sdgTargets: ["16.7"],
      themes: ["social_inclusion"],
      partners: ["UCLG"],
      keyFigures: [{ label: "Voters", value: "12,000" }],
      contact: { name: "Ana Kim", email: "ana@seoul.example", consent: true },
      links: [{ title: "Portal", url: "https://seoul.example/budget" }],
      provenance: { basedOn: "https://paris.example/practices/abc" },
    });
    expect(headings(cardHtml(card))).toEqual([
      "Challenge",
      "Solution",
      "Approach",
      "Innovation and practical improvement",
      "Did it open government?",
      "Lessons learned",
      "Sustainable Development Goals",
      "Themes and values",
      "Completion",
      "Who",
      "Key figures",
      "Contact",
      "Links",
      "Adapted from",
      "Licence",
    ]);
  });

  test.each(whitePaperCases.map((c) => [c.city.username, c.card] as const))(
    "the %s card has a heading exactly for each filled optional section",
    (_, card) => {
      const found = headings(cardHtml(card));
      const optional: [string, boolean][] = [
        ["Approach", card.approach !== ""],
        ["Innovation and practical improvement", card.innovation !== ""],
        ["Lessons learned", card.lessons !== ""],
        ["Sustainable Development Goals", card.sdgGoals.length > 0],
        ["Themes and values", card.themes.length + card.ogpValues.length > 0],
        ["Key figures", card.keyFigures.length > 0],
        ["Contact", card.contact?.consent === true],
        ["Links", card.links.length > 0],
        ["Adapted from", card.provenance !== undefined],
      ];
      for (const [heading, filled] of optional) expect(found.includes(heading), heading).toBe(filled);
      expect(new Set(found).size).toBe(found.length);
    },
  );

  test("opens with the place and level of government, then the summary", () => {
    const html = cardHtml(cardWith({ place: { city: "Seoul", region: "Seoul Capital Area", country: "KR", level: "metropolitan" } }));
    expect(html.startsWith("<p><strong>Seoul, Seoul Capital Area, South Korea</strong> · Metropolitan government</p>\n<p>Residents decide part of the budget.</p>")).toBe(true);
  });

  test("plain fields are escaped", () => {
    const html = cardHtml(cardWith({ summary: 'Budget <script>alert("x")</script> & more', leadInstitution: "A <b>city</b>" }));
    expect(html).not.toContain("<script");
    expect(html).toContain("Budget &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
    expect(html).toContain("Lead: A &lt;b&gt;city&lt;/b&gt;");
  });

  test("shows the contact when they agreed to publication", () => {
    const html = cardHtml(cardWith({ contact: { name: "Ana Kim", role: "Open data lead", email: "ana@seoul.example", consent: true } }));
    expect(html).toContain("<h2>Contact</h2>\n<p>Ana Kim, Open data lead</p>");
    expect(html).toContain('<a href="mailto:ana@seoul.example">ana@seoul.example</a>');
  });

  test("leaves the contact out entirely without consent", () => {
    const html = cardHtml(cardWith({ contact: { name: "Ana Kim", role: "Open data lead", email: "ana@seoul.example", consent: false } }));
    expect(headings(html)).not.toContain("Contact");
    expect(html).not.toContain("Ana Kim");
    expect(html).not.toContain("ana@seoul.example");
    expect(html).not.toContain("mailto:");
  });

  test("lists goals with their names and targets with their titles", () => {
    const html = cardHtml(cardWith({ sdgTargets: ["11.3"] }));
    expect(html).toContain("<li>SDG 11: Sustainable cities and communities</li>");
    expect(html).toMatch(/<li>Target 11\.3: By 2030, enhance inclusive and sustainable urbanization/);
  });

  test("links carry nofollow noopener noreferrer", () => {
    const html = cardHtml(cardWith({ links: [{ title: "Portal", url: "https://seoul.example/budget" }] }));
    expect(html).toContain('<a href="https://seoul.example/budget" rel="nofollow noopener noreferrer">Portal</a>');
  });

  test("shows the completion with its period", () => {
    const html = cardHtml(cardWith({ completion: "substantial", period: { start: "2016-11", end: "2018" } }));
    expect(html).toContain("<h2>Completion</h2>\n<p>Substantial (2016-11 – 2018)</p>");
  });
});

describe("hashtagsOf", () => {
  test("SDG goals become SDG11-style names", () => {
    expect(hashtagsOf(cardWith({ sdgGoals: ["16", "11"] }))).toEqual(["SDG11", "SDG16"]);
  });

  test("themes are written in CamelCase", () => {
    expect(hashtagsOf(cardWith({ themes: ["climate_action", "city_to_city_cooperation"] }))).toEqual([
      "ClimateAction",
      "CityToCityCooperation",
    ]);
  });

  test("free tags are kept as given", () => {
    expect(hashtagsOf(cardWith({ tags: ["openData", "smart_city", "서울"] }))).toEqual(["openData", "smart_city", "서울"]);
  });

  test("goals, then themes, then tags, without duplicates", () => {
    const card = cardWith({ sdgGoals: ["11"], themes: ["climate_action"], tags: ["SDG11", "ClimateAction", "openData"] });
    expect(hashtagsOf(card)).toEqual(["SDG11", "ClimateAction", "openData"]);
  });
});

describe("placeLine", () => {
  test("names the country", () => {
    expect(placeLine(cardWith({ place: { city: "Seoul", region: "Seoul Capital Area", country: "KR" } }))).toBe(
      "Seoul, Seoul Capital Area, South Korea",
    );
  });

  test("leaves out a missing region", () => {
    expect(placeLine(cardWith({ place: { city: "Bogotá", country: "co" } }))).toBe("Bogotá, Colombia");
  });

  test("countryName gives English names", () => {
    expect(countryName("FR")).toBe("France");
    expect(countryName("ZA")).toBe("South Africa");
  });
});
