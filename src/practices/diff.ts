import { type PracticeCard, labels } from "./card.ts";
import { keyFigureLine } from "./card-lines.ts";
import { findGoal } from "./sdg.ts";

/** One field that differs between two versions, as text a person can compare. */
export interface FieldChange {
  readonly field: keyof PracticeCard;
  readonly label: string;
  readonly before: string;
  readonly after: string;
}

const fieldLabels: Record<keyof PracticeCard, string> = {
  title: "Title",
  summary: "Summary",
  place: "Place",
  challenge: "Challenge",
  solution: "Solution",
  approach: "Approach",
  innovation: "Innovation and practical improvement",
  openGovernment: "Did it open government?",
  openGovernmentNarrative: "How it opened government",
  lessons: "Lessons learned",
  sdgGoals: "Sustainable Development Goals",
  sdgTargets: "SDG targets",
  themes: "Themes",
  tags: "Tags",
  ogpValues: "OGP values",
  completion: "Completion",
  period: "Period",
  leadInstitution: "Lead institution",
  partners: "Partners",
  keyFigures: "Key figures",
  contact: "Contact",
  links: "Links",
  attachments: "Attachments",
  language: "Original language",
  translations: "Translations",
  license: "Licence",
  provenance: "Adapted from",
};

export function fieldLabel(field: keyof PracticeCard): string {
  return fieldLabels[field];
}

/** Every field of the card as text, one entry per line for lists. */
export function fieldText(card: PracticeCard, field: keyof PracticeCard): string {
  switch (field) {
    case "place": {
      const { city, region, country, level, coordinates } = card.place;
      return [
        [city, region, country].filter(Boolean).join(", "),
        `Level: ${labels.level[level]}`,
        coordinates ? `Coordinates: ${coordinates.latitude}, ${coordinates.longitude}` : "",
      ].filter(Boolean).join("\n");
    }
    case "openGovernment":
      return labels.openGovernment[card.openGovernment];
    case "completion":
      return labels.completion[card.completion];
    case "sdgGoals":
      return card.sdgGoals.map((code) => `${code}. ${findGoal(code)?.short.en ?? ""}`).join("\n");
    case "themes":
      return card.themes.map((theme) => labels.theme[theme]).join("\n");
    case "ogpValues":
      return card.ogpValues.map((value) => labels.ogpValue[value]).join("\n");
    case "period":
      return [card.period.start, card.period.end].filter(Boolean).join(" – ");
    case "keyFigures":
      return card.keyFigures.map(keyFigureLine).join("\n");
    case "links":
      return card.links.map((l) => `${l.title} <${l.url}>`).join("\n");
    case "attachments":
      return card.attachments.map((a) => [`${a.name} (${a.mediaType}) <${a.url}>`, a.description].filter(Boolean).join(": ")).join("\n");
    case "contact":
      return card.contact ? [card.contact.name, card.contact.role, card.contact.email, card.contact.consent ? "may be published" : "not published"].filter(Boolean).join("\n") : "";
    case "translations":
      return Object.entries(card.translations)
        .flatMap(([language, t]) => Object.entries(t).map(([field, text]) => `[${language}] ${field}: ${text}`))
        .join("\n");
    case "provenance":
      return card.provenance ? [card.provenance.basedOn, card.provenance.basedOnVersion ? `version ${card.provenance.basedOnVersion}` : "", card.provenance.adaptationNotes ?? ""].filter(Boolean).join("\n") : "";
    case "sdgTargets":
    case "tags":
    case "partners":
      return card[field].join("\n");
    default:
      return card[field];
  }
}

/** The fields that differ from `before` to `after`, in the card's order. */
export function diffCards(before: PracticeCard, after: PracticeCard): FieldChange[] {
  return (Object.keys(fieldLabels) as (keyof PracticeCard)[]).flatMap((field) => {
    const a = fieldText(before, field);
    const b = fieldText(after, field);
    return a === b ? [] : [{ field, label: fieldLabels[field], before: a, after: b }];
  });
}
