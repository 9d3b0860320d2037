import { describe, expect, test } from "vitest";
import type { PracticeCard } from "../../src/practices/card.ts";
import { parseKeyFigure, parseLink } from "../../src/practices/card-lines.ts";
import { validateCard } from "../../src/practices/validation.ts";
import {
  type PracticeFormValues,
  cardToFormValues,
  defaultFormValues,
  errorsByField,
  formToCardInput,
  formValues,
} from "../../src/web/practice-form.ts";

function formData(values: PracticeFormValues): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) {
    for (const v of typeof value === "string" ? [value] : value) data.append(name, v);
  }
  return data;
}

function validCard(input: unknown): PracticeCard {
  const result = validateCard(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.card;
}

/** What validateCard says about a form. */
function errorsOf(values: PracticeFormValues) {
  const result = validateCard(formToCardInput(formData(values)));
  return result.ok ? [] : result.errors;
}

const fullCard = validCard({
  title: "Participatory budgeting: 10:30 meetings",
  summary: "Residents decide how 5% of the investment budget is spent.\nEvery year since 2014.",
  place: { city: "Paris", region: "Île-de-France", country: "FR", level: "metropolitan", latitude: 48.8566, longitude: 2.3522 },
  challenge: "Low trust in **local** decisions.",
  solution: "A yearly vote:\n\n- proposals\n- vote",
  approach: "Step by step.",
  innovation: "Online *and* offline voting.",
  openGovernment: "major",
  openGovernmentNarrative: "More people took part.",
  lessons: "Start small.",
  sdgGoals: ["16", "11"],
  sdgTargets: ["11.3", "16.7"],
  themes: ["social_inclusion", "climate_action"],
  tags: ["participatoryBudgeting", "openData"],
  ogpValues: ["civic_participation", "public_accountability"],
  completion: "substantial",
  period: { start: "2014-03", end: "2020" },
  leadInstitution: "City of Paris",
  partners: ["Civic tech association", "Université Paris 1, Panthéon-Sorbonne"],
  keyFigures: [
    { label: "Budget", value: "€100 million a year" },
    { label: "Opening time", value: "10:30" },
    { label: "Ratio", value: "1: 4" },
  ],
  contact: { name: "Anne Martin", role: "Project lead", email: "anne@paris.example", consent: true },
  links: [
    { title: "Project site | official", url: "https://budgetparticipatif.paris.fr/" },
    { title: "Report", url: "https://example.org/report?a=1&b=2" },
  ],
  attachments: [],
  language: "fr",
  translations: { es: { title: "Presupuesto participativo", summary: "Los vecinos deciden." }, fr: { title: "Budget participatif" } },
  license: "CC-BY-SA-4.0",
});

describe("practice form", () => {
  test("a full card survives the round trip card → form → card", () => {
    const values = cardToFormValues(fullCard, 3);
    expect(values.baseVersion).toBe("3");
    const again = validCard(formToCardInput(formData(values)));
    expect(again).toEqual(fullCard);
    // And so does the form read back for a re-display.
    expect(formValues(formData(values))).toEqual(values);
  });

  test("the form writes lists the way a person types them", () => {
    const values = cardToFormValues(fullCard);
    expect(values.keyFigures).toBe("Budget: €100 million a year\nOpening time: 10:30\nRatio: 1: 4");
    expect(values.links).toBe("Project site | official | https://budgetparticipatif.paris.fr/\nReport | https://example.org/report?a=1&b=2");
    expect(values.partners).toBe("Civic tech association\nUniversité Paris 1, Panthéon-Sorbonne");
    expect(values.sdgGoals).toEqual(["11", "16"]);
    expect(values["contact.consent"]).toBe("on");
    expect(values["translations.es.title"]).toBe("Presupuesto participativo");
    expect(values["translations.fr.summary"]).toBe("");
  });

  test("edits keep what the form does not show: attachments, provenance, other translations", () => {
    const base = validCard({
      ...fullCard,
      place: { ...fullCard.place, latitude: 48.8566, longitude: 2.3522 },
      attachments: [{ url: "https://example.org/a.pdf", mediaType: "application/pdf", name: "Report" }],
      provenance: { basedOn: "https://other.example/practices/abc", basedOnVersion: 2 },
      translations: { es: { title: "Presupuesto", challenge: "Poca confianza." }, de: { title: "Bürgerhaushalt" } },
    });
    const values = { ...cardToFormValues(base), "translations.es.title": "Presupuesto participativo" };
    const edited = validCard(formToCardInput(formData(values), base));
    expect(edited.attachments).toEqual(base.attachments);
    expect(edited.provenance).toEqual(base.provenance);
    expect(edited.translations).toEqual({
      es: { title: "Presupuesto participativo", challenge: "Poca confianza." },
      de: { title: "Bürgerhaushalt" },
    });
    // Emptying a translated title in the form removes it.
    const cleared = validCard(formToCardInput(formData({ ...values, "translations.es.title": "" }), base));
    expect(cleared.translations.es).toEqual({ challenge: "Poca confianza." });
  });

  test("the new form's defaults", () => {
    expect(defaultFormValues()).toMatchObject({ language: "en", license: "CC-BY-4.0", "place.level": "local", completion: "not_started" });
  });

  const minimal: PracticeFormValues = {
    ...defaultFormValues(),
    title: "Open contracts",
    summary: "Every contract online.",
    "place.city": "Bogotá",
    "place.country": "co",
    challenge: "Opaque procurement.",
    solution: "Publish them all.",
    leadInstitution: "Alcaldía",
  };

  test("text fields with several entries: targets, tags, partners", () => {
    const card = validCard(
      formToCardInput(
        formData({
          ...minimal,
          sdgTargets: "16.6, 16.10 11.3;16.a",
          tags: "#openData, budget  #contracts,",
          partners: "\n  Transparencia por Colombia \r\n\r\nOpen Contracting Partnership\n",
          sdgGoals: ["5"],
          themes: ["climate_action"],
        }),
      ),
    );
    expect(card.sdgTargets).toEqual(["11.3", "16.6", "16.10", "16.a"]);
    expect(card.sdgGoals).toEqual(["5", "11", "16"]);
    expect(card.tags).toEqual(["openData", "budget", "contracts"]);
    expect(card.partners).toEqual(["Transparencia por Colombia", "Open Contracting Partnership"]);
    expect(card.place.country).toBe("CO");
    expect(card.contact).toBeUndefined();
    expect(card.translations).toEqual({});
    expect(card.place.coordinates).toBeUndefined();
  });

  test("checkbox values posted as one field separated by commas are read too", () => {
    const card = validCard(formToCardInput(formData({ ...minimal, sdgGoals: "11, 16", ogpValues: "civic_participation" })));
    expect(card.sdgGoals).toEqual(["11", "16"]);
    expect(card.ogpValues).toEqual(["civic_participation"]);
  });

  test("key figures split at the first colon and space", () => {
    expect(parseKeyFigure("Meetings start at: 10:30")).toEqual({ label: "Meetings start at", value: "10:30" });
    expect(parseKeyFigure("Ratio: 1: 4")).toEqual({ label: "Ratio", value: "1: 4" });
    expect(parseKeyFigure("Time:10:30")).toEqual({ label: "Time:10:30", value: "" });
    const card = validCard(formToCardInput(formData({ ...minimal, keyFigures: "Households: 12,000\n\nStart: 09:00" })));
    expect(card.keyFigures).toEqual([
      { label: "Households", value: "12,000" },
      { label: "Start", value: "09:00" },
    ]);
  });

  test("links split at the bar before the address", () => {
    expect(parseLink("Portal | https://data.example.org")).toEqual({ title: "Portal", url: "https://data.example.org" });
    expect(parseLink("A | B | https://x.example/?q=a|b")).toEqual({ title: "A | B", url: "https://x.example/?q=a|b" });
    expect(parseLink("https://only.example")).toEqual({ title: "", url: "https://only.example" });
    expect(parseLink("no address")).toEqual({ title: "no address", url: "" });
  });

  test("contact: omitted when empty, kept with consent when filled", () => {
    expect(validCard(formToCardInput(formData({ ...minimal, "contact.consent": "on" }))).contact).toBeUndefined();
    const card = validCard(formToCardInput(formData({ ...minimal, "contact.name": "Ana", "contact.email": "ana@bogota.example" })));
    expect(card.contact).toEqual({ name: "Ana", email: "ana@bogota.example", consent: false });
    const errors = errorsOf({ ...minimal, "contact.role": "Director" });
    expect(errors.map((e) => e.field)).toEqual(["contact.name"]);
  });

  test("bad lines produce errors on the right field paths, shown on the right form fields", () => {
    const errors = errorsOf({
      ...minimal,
      keyFigures: "Households: 12,000\nno value here",
      links: "Portal | https://data.example.org\nJust a title\n| https://no-title.example\nBad | ftp://files.example",
      sdgTargets: "11.3 99.9",
      tags: "ok not-ok",
      "place.country": "XX",
      "place.latitude": "48.8",
      "period.start": "2020",
      "period.end": "2019",
      "contact.name": "Ana",
      "contact.email": "not an email",
    });
    const fields = errors.map((e) => e.field).sort();
    expect(fields).toEqual(
      [
        "keyFigures.1.value",
        "links.1.url",
        "links.2.title",
        "links.3.url",
        "sdgTargets.1",
        "tags.1",
        "place.country",
        "place.longitude",
        "period.end",
        "contact.email",
      ].sort(),
    );
    const shown = errorsByField(errors);
    expect(shown.get("keyFigures")).toEqual([expect.stringMatching(/^Line 2: write the label, a colon and a space/)]);
    expect(shown.get("links")).toEqual([
      expect.stringMatching(/^Line 2: write the title, a "\|"/),
      expect.stringMatching(/^Line 3: write the title/),
      expect.stringMatching(/^Line 4: url: Only http and https/),
    ]);
    expect(shown.get("sdgTargets")).toEqual([expect.stringContaining('"99.9" is not an SDG target')]);
    expect(shown.get("tags")).toEqual([expect.stringContaining('"not-ok" cannot be a hashtag')]);
    expect(shown.get("place.country")).toHaveLength(1);
    expect(shown.get("place.longitude")).toEqual(["Give both latitude and longitude, or neither."]);
    expect(shown.get("period.end")).toEqual(["The period cannot end before it starts."]);
    expect(shown.get("contact.email")).toHaveLength(1);
    expect(shown.has("")).toBe(false);
  });

  test("required fields and unknown choices", () => {
    const errors = errorsOf({ completion: "finished", sdgGoals: ["18"], themes: ["space"] });
    const fields = errors.map((e) => e.field);
    for (const field of ["title", "summary", "place.city", "place.country", "challenge", "solution", "leadInstitution", "completion", "sdgGoals.0", "themes.0"]) {
      expect(fields).toContain(field);
    }
    const shown = errorsByField(errors);
    expect(shown.get("sdgGoals")).toEqual(['"18" is not an SDG: goals are numbered 1 to 17.']);
    expect(shown.get("title")).toEqual(["This field is required."]);
  });
});
