import { describe, expect, test } from "vitest";
import { whitePaperCases } from "../../src/demo/white-paper.ts";
import type { PracticeCard } from "../../src/practices/card.ts";
import { diffCards, fieldLabel } from "../../src/practices/diff.ts";

/** The Seoul card of the white paper, cut down so that before/after texts stay short. */
const seoul: PracticeCard = {
  ...whitePaperCases[1]!.card,
  place: { city: "Seoul", region: "Seoul Capital Area", country: "KR", level: "metropolitan" },
  sdgGoals: ["11", "16"],
  sdgTargets: ["11.6", "16.10"],
  keyFigures: [
    { label: "Datasets", value: "5,000" },
    { label: "Sensors", value: "50,000" },
  ],
};

describe("diffCards", () => {
  test("identical cards have no changes", () => {
    expect(diffCards(seoul, seoul)).toEqual([]);
  });

  test("equal cards built separately have no changes", () => {
    expect(diffCards(seoul, structuredClone(seoul))).toEqual([]);
  });

  test.each(whitePaperCases.map((c) => [c.city.username, c.card] as const))("the %s card compared with itself has no changes", (_, card) => {
    expect(diffCards(card, structuredClone(card))).toEqual([]);
  });

  test("a new title shows with its label and both texts", () => {
    expect(diffCards(seoul, { ...seoul, title: "Seoul opens its data" })).toEqual([
      { field: "title", label: "Title", before: seoul.title, after: "Seoul opens its data" },
    ]);
  });

  test("a new country shows as a change of place", () => {
    const after = { ...seoul, place: { ...seoul.place, country: "JP" } };
    expect(diffCards(seoul, after)).toEqual([
      {
        field: "place",
        label: "Place",
        before: "Seoul, Seoul Capital Area, KR\nLevel: Metropolitan",
        after: "Seoul, Seoul Capital Area, JP\nLevel: Metropolitan",
      },
    ]);
  });

  test("new coordinates show as a change of place", () => {
    const after = { ...seoul, place: { ...seoul.place, coordinates: { latitude: 37.5665, longitude: 126.978 } } };
    const [change] = diffCards(seoul, after);
    expect(change?.field).toBe("place");
    expect(change?.after).toBe("Seoul, Seoul Capital Area, KR\nLevel: Metropolitan\nCoordinates: 37.5665, 126.978");
  });

  test("a changed key figure shows every figure before and after", () => {
    const after = { ...seoul, keyFigures: [seoul.keyFigures[0]!, { label: "Sensors", value: "60,000" }] };
    expect(diffCards(seoul, after)).toEqual([
      {
        field: "keyFigures",
        label: "Key figures",
        before: "Datasets: 5,000\nSensors: 50,000",
        after: "Datasets: 5,000\nSensors: 60,000",
      },
    ]);
  });

  test("a new SDG target shows one target per line", () => {
    const after = { ...seoul, sdgTargets: ["11.6", "16.7", "16.10"] };
    expect(diffCards(seoul, after)).toEqual([
      { field: "sdgTargets", label: "SDG targets", before: "11.6\n16.10", after: "11.6\n16.7\n16.10" },
    ]);
  });

  test("a new goal shows with its name", () => {
    const after = { ...seoul, sdgGoals: ["11", "13", "16"] };
    expect(diffCards(seoul, after)).toEqual([
      {
        field: "sdgGoals",
        label: "Sustainable Development Goals",
        before: "11. Sustainable cities and communities\n16. Peace, justice and strong institutions",
        after: "11. Sustainable cities and communities\n13. Climate action\n16. Peace, justice and strong institutions",
      },
    ]);
  });

  test("closed vocabularies show their labels, not their codes", () => {
    const after: PracticeCard = { ...seoul, completion: "complete", openGovernment: "outstanding" };
    const changes = diffCards({ ...seoul, completion: "limited", openGovernment: "marginal" }, after);
    expect(changes).toEqual([
      { field: "openGovernment", label: "Did it open government?", before: "Marginal", after: "Outstanding" },
      { field: "completion", label: "Completion", before: "Limited", after: "Complete" },
    ]);
  });

  test("withdrawing consent to publish a contact shows as a change", () => {
    const before: PracticeCard = { ...seoul, contact: { name: "Ana Kim", consent: true } };
    const after: PracticeCard = { ...seoul, contact: { name: "Ana Kim", consent: false } };
    expect(diffCards(before, after)).toEqual([
      { field: "contact", label: "Contact", before: "Ana Kim\nmay be published", after: "Ana Kim\nnot published" },
    ]);
  });

  test("several changes come in the card's order, whatever order they were made in", () => {
    const after: PracticeCard = {
      ...seoul,
      keyFigures: [],
      sdgTargets: ["11.6"],
      place: { ...seoul.place, country: "JP" },
      title: "Another title",
    };
    expect(diffCards(seoul, after).map((change) => change.field)).toEqual(["title", "place", "sdgTargets", "keyFigures"]);
  });

  test("every change carries the field's label", () => {
    const after: PracticeCard = { ...seoul, title: "T", lessons: "L", license: "CC0-1.0" };
    for (const change of diffCards(seoul, after)) expect(change.label).toBe(fieldLabel(change.field));
    expect(diffCards(seoul, after).map((change) => change.label)).toEqual(["Title", "Lessons learned", "Licence"]);
  });

  test("a corrected translation shows as a change", () => {
    const paris = whitePaperCases[0]?.card;
    if (!paris?.translations.fr) throw new Error("the Paris demo card has a French translation");
    const after: PracticeCard = { ...paris, translations: { fr: { ...paris.translations.fr, title: "Paris co-construit son Plan Climat" } } };
    expect(diffCards(paris, after).map((change) => change.field)).toEqual(["translations"]);
  });

  test("a new attachment description shows as a change", () => {
    const paris = whitePaperCases[0]?.card;
    if (!paris) throw new Error("demo cards exist");
    const attachment = { url: "https://paris.example/plan.pdf", mediaType: "application/pdf", name: "Plan" };
    const before: PracticeCard = { ...paris, attachments: [{ ...attachment, description: "Draft" }] };
    const after: PracticeCard = { ...paris, attachments: [{ ...attachment, description: "Adopted plan, 2018" }] };
    expect(diffCards(before, after).map((change) => change.field)).toEqual(["attachments"]);
  });
});
