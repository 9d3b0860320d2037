import type { PracticeCard } from "../../practices/card.ts";
import { sdgCodeFromIri, sdgIri } from "../../practices/sdg.ts";
import type { PlazaProperties } from "./vocabulary.ts";

/**
 * A card's structured fields as Plaza properties (compact form with `plazaTerms`). Title, summary
 * and location travel as the Article's own `name`, `summary` and `location`. Contact details are
 * sent only when the contact agreed to publication.
 */
export function cardToProperties(card: PracticeCard, version: number): PlazaProperties {
  const contact = card.contact?.consent ? card.contact : undefined;
  return dropEmpty({
    practiceVersion: version,
    city: card.place.city,
    region: card.place.region,
    country: card.place.country,
    levelOfGovernment: card.place.level,
    challenge: card.challenge,
    solution: card.solution,
    approach: card.approach,
    innovation: card.innovation,
    openGovernment: card.openGovernment,
    openGovernmentNarrative: card.openGovernmentNarrative,
    lessons: card.lessons,
    sdg: [...card.sdgGoals, ...card.sdgTargets].map(sdgIri),
    theme: card.themes,
    ogpValue: card.ogpValues,
    completion: card.completion,
    periodStart: card.period.start,
    periodEnd: card.period.end,
    leadInstitution: card.leadInstitution,
    partner: card.partners,
    keyFigure: card.keyFigures.map((f) => ({ figureLabel: f.label, figureValue: f.value })),
    contact: contact && dropEmpty({ contactName: contact.name, contactRole: contact.role, contactEmail: contact.email }),
    link: card.links.map((l) => ({ linkTitle: l.title, linkUrl: l.url })),
    // The Article's attachments carry the description as `name` (Mastodon's alt text): the file names travel here.
    attachmentFile: card.attachments.map((a) => ({ attachmentUrl: a.url, fileName: a.name })),
    freeTag: card.tags,
    translations: Object.keys(card.translations).length > 0 ? card.translations : undefined,
    inLanguage: card.language,
    license: card.license,
    isBasedOn: card.provenance?.basedOn,
    basedOnVersion: card.provenance?.basedOnVersion,
    adaptationNotes: card.provenance?.adaptationNotes,
  });
}

/** What the Article itself says, beside the Plaza properties. */
export interface ArticleBasics {
  readonly title: string;
  readonly summary: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly attachments: readonly { url: string; mediaType: string; name: string; description?: string }[];
}

/**
 * Rebuilds the input of a card from a received Article; the result still goes through
 * `validateCard`, so that another server's data meets the same rules as ours.
 */
export function propertiesToCardInput(p: PlazaProperties, basics: ArticleBasics): Record<string, unknown> {
  const text = (key: string) => (typeof p[key] === "string" || typeof p[key] === "number" ? String(p[key]) : undefined);
  const list = (key: string): unknown[] => (Array.isArray(p[key]) ? p[key] : p[key] === undefined ? [] : [p[key]]);
  const objects = (key: string) => list(key).filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null);
  const codes = list("sdg").flatMap((iri) => {
    const code = typeof iri === "string" ? sdgCodeFromIri(iri) : undefined;
    return code === undefined ? [] : [code];
  });
  const contact = objects("contact")[0];
  const basedOn = text("isBasedOn");
  return {
    title: basics.title,
    summary: basics.summary,
    place: {
      city: text("city"),
      region: text("region"),
      country: text("country"),
      level: text("levelOfGovernment"),
      latitude: basics.latitude,
      longitude: basics.longitude,
    },
    challenge: text("challenge"),
    solution: text("solution"),
    approach: text("approach"),
    innovation: text("innovation"),
    openGovernment: text("openGovernment"),
    openGovernmentNarrative: text("openGovernmentNarrative"),
    lessons: text("lessons"),
    sdgGoals: codes.filter((code) => !code.includes(".")),
    sdgTargets: codes.filter((code) => code.includes(".")),
    themes: list("theme"),
    tags: list("freeTag"),
    ogpValues: list("ogpValue"),
    completion: text("completion"),
    period: { start: text("periodStart"), end: text("periodEnd") },
    leadInstitution: text("leadInstitution"),
    partners: list("partner"),
    keyFigures: objects("keyFigure").map((f) => ({ label: f.figureLabel, value: f.figureValue })),
    // A contact that arrived was published with consent on its home server.
    contact: contact ? { name: contact.contactName, role: contact.contactRole, email: contact.contactEmail, consent: true } : undefined,
    links: objects("link").map((l) => ({ title: l.linkTitle, url: idOf(l.linkUrl) })),
    attachments: withFileNames(basics.attachments, objects("attachmentFile")),
    language: text("inLanguage"),
    translations: typeof p.translations === "object" && p.translations !== null ? p.translations : {},
    license: text("license"),
    provenance: basedOn ? { basedOn, basedOnVersion: text("basedOnVersion"), adaptationNotes: text("adaptationNotes") } : undefined,
  };
}

/** An `@id` value, compacted either to a string or to `{ "@id": … }`. */
function idOf(value: unknown): unknown {
  return typeof value === "object" && value !== null ? (value as { "@id"?: unknown })["@id"] : value;
}

/**
 * The Article's attachments with their file names put back: the `name` an attachment arrived with
 * is its description when Plaza's `attachmentFile` names the file (other software sends no such thing).
 */
function withFileNames(attachments: ArticleBasics["attachments"], files: readonly Record<string, unknown>[]): ArticleBasics["attachments"] {
  const fileNames = new Map(files.map((f) => [String(idOf(f.attachmentUrl)), typeof f.fileName === "string" ? f.fileName : undefined]));
  return attachments.map((a) => {
    const fileName = fileNames.get(a.url);
    if (!fileName) return a;
    return a.name === fileName ? { ...a, name: fileName } : { ...a, name: fileName, description: a.name };
  });
}

function dropEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0)),
  );
}

/** The version number a received Article carries, if any. */
export function versionOf(p: PlazaProperties): number | undefined {
  const version = Number(p.practiceVersion);
  return Number.isInteger(version) && version > 0 ? version : undefined;
}
