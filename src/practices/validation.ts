import {
  type Attachment,
  type CardLink,
  type Contact,
  type KeyFigure,
  type PracticeCard,
  type Provenance,
  type Translation,
  completionLevels,
  defaultLicense,
  levelsOfGovernment,
  ogpValues,
  openGovernmentScale,
  themes,
  translatableFields,
} from "./card.ts";
import { findGoal, findTarget, goalOfTarget } from "./sdg.ts";

/** One problem with one field, worded for the person who filled in the form. */
export interface FieldError {
  /** Path of the field: "title", "place.country", "links.2.url". */
  readonly field: string;
  readonly message: string;
}

export type Validation = { readonly ok: true; readonly card: PracticeCard } | { readonly ok: false; readonly errors: readonly FieldError[] };

export const limits = {
  title: 150,
  summary: 500,
  shortText: 200,
  longText: 20_000,
  listItems: 30,
  tag: 50,
} as const;

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
// Codes that Intl knows but that are not countries.
const notCountries = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

/** Whether a code is an ISO 3166-1 alpha-2 country code. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !notCountries.has(code) && regionNames.of(code) !== undefined;
}

/** Checks a card as submitted (a form, an API call, another server) and normalizes it; every problem is reported at once. */
export function validateCard(input: unknown): Validation {
  const errors: FieldError[] = [];
  const r = new Reader(input, "", errors);
  const sdgTargets = r.list("sdgTargets", (item, field) => {
    const code = item.text(field).toLowerCase();
    if (!findTarget(code)) item.fail(field, `"${code}" is not an SDG target; targets look like 11.3 or 16.a (169 exist).`);
    return code;
  });
  const sdgGoals = r.list("sdgGoals", (item, field) => {
    const code = item.text(field);
    if (!findGoal(code)) item.fail(field, `"${code}" is not an SDG: goals are numbered 1 to 17.`);
    return code;
  });
  for (const target of sdgTargets) if (!sdgGoals.includes(goalOfTarget(target))) sdgGoals.push(goalOfTarget(target));
  const card: PracticeCard = {
    title: r.plain("title", { required: true, max: limits.title }),
    summary: r.plain("summary", { required: true, max: limits.summary, multiline: true }),
    place: readPlace(r.child("place")),
    challenge: r.markdown("challenge", { required: true }),
    solution: r.markdown("solution", { required: true }),
    approach: r.markdown("approach"),
    innovation: r.markdown("innovation"),
    openGovernment: r.choice("openGovernment", openGovernmentScale, "not_assessed"),
    openGovernmentNarrative: r.markdown("openGovernmentNarrative"),
    lessons: r.markdown("lessons"),
    sdgGoals: sortCodes(unique(sdgGoals)),
    sdgTargets: sortCodes(unique(sdgTargets)),
    themes: unique(r.list("themes", (item, field) => item.choiceAt(field, themes))),
    tags: uniqueIgnoringCase(r.list("tags", (item, field) => readTag(item, field))),
    ogpValues: unique(r.list("ogpValues", (item, field) => item.choiceAt(field, ogpValues))),
    completion: r.choice("completion", completionLevels),
    period: readPeriod(r.child("period")),
    leadInstitution: r.plain("leadInstitution", { required: true, max: limits.shortText }),
    partners: r.list("partners", (item, field) => item.plain(field, { required: true, max: limits.shortText })),
    keyFigures: r.list("keyFigures", (item, field) => readKeyFigure(item.child(field))),
    contact: r.has("contact") ? readContact(r.child("contact")) : undefined,
    links: r.list("links", (item, field) => readLink(item.child(field))),
    attachments: r.list("attachments", (item, field) => readAttachment(item.child(field))),
    language: readLanguage(r, "language") ?? "en",
    translations: readTranslations(r.child("translations")),
    license: r.plain("license", { max: 100 }) || defaultLicense,
    provenance: r.has("provenance") ? readProvenance(r.child("provenance")) : undefined,
  };
  return errors.length === 0 ? { ok: true, card: withoutUndefined(card) } : { ok: false, errors };
}

function readPlace(r: Reader): PracticeCard["place"] {
  const country = r.plain("country", { required: true, max: 2 }).toUpperCase();
  if (country !== "" && !isCountryCode(country)) {
    r.fail("country", `"${country}" is not an ISO 3166-1 country code; use two letters such as FR, KR, CO or ZA.`);
  }
  // Coordinates come as `coordinates: { latitude, longitude }` (a card) or flat (a form).
  const point = r.has("coordinates") ? r.child("coordinates") : r;
  const hasLatitude = point.has("latitude");
  const hasLongitude = point.has("longitude");
  if (hasLatitude !== hasLongitude) point.fail(hasLatitude ? "longitude" : "latitude", "Give both latitude and longitude, or neither.");
  const latitude = hasLatitude ? point.number("latitude", -90, 90) : undefined;
  const longitude = hasLongitude ? point.number("longitude", -180, 180) : undefined;
  return {
    city: r.plain("city", { required: true, max: 100 }),
    region: r.plain("region", { max: 100 }) || undefined,
    country,
    level: r.choice("level", levelsOfGovernment, "local"),
    coordinates: latitude !== undefined && longitude !== undefined ? { latitude, longitude } : undefined,
  };
}

const periodPattern = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

function readPeriod(r: Reader): PracticeCard["period"] {
  const read = (name: "start" | "end") => {
    const value = r.plain(name, { max: 7 });
    if (value !== "" && !periodPattern.test(value)) r.fail(name, `"${value}" is not a year or a month: write 2016 or 2016-03.`);
    return value || undefined;
  };
  const start = read("start");
  const end = read("end");
  // A year alone covers the whole year: "2016-03" to "2016" is a valid period.
  if (start && end && `${end}-12`.slice(0, 7) < `${start}-01`.slice(0, 7)) r.fail("end", "The period cannot end before it starts.");
  return { start, end };
}

function readTag(r: Reader, field: string): string {
  const tag = r.text(field).replace(/^#/, "");
  if (!/^[\p{L}\p{N}_]+$/u.test(tag) || tag.length > limits.tag) {
    r.fail(field, `"${tag}" cannot be a hashtag: use letters, digits and underscores only (at most ${limits.tag}), e.g. openData.`);
  }
  return tag;
}

function readKeyFigure(r: Reader): KeyFigure {
  return { label: r.plain("label", { required: true, max: limits.shortText }), value: r.plain("value", { required: true, max: 100 }) };
}

function readLink(r: Reader): CardLink {
  return { title: r.plain("title", { required: true, max: limits.shortText }), url: r.url("url", { required: true }) };
}

function readAttachment(r: Reader): Attachment {
  return {
    url: r.url("url", { required: true }),
    mediaType: r.plain("mediaType", { required: true, max: 100 }),
    name: r.plain("name", { required: true, max: limits.shortText }),
    description: r.plain("description", { max: 1000, multiline: true }) || undefined,
  };
}

function readContact(r: Reader): Contact {
  const email = r.plain("email", { max: 254 });
  if (email !== "" && !/^[^\s@]+@[^\s@]+$/.test(email)) r.fail("email", `"${email}" is not an email address.`);
  return {
    name: r.plain("name", { required: true, max: limits.shortText }),
    role: r.plain("role", { max: limits.shortText }) || undefined,
    email: email || undefined,
    consent: r.boolean("consent"),
  };
}

function readProvenance(r: Reader): Provenance {
  const version = r.has("basedOnVersion") ? r.number("basedOnVersion", 1, Number.MAX_SAFE_INTEGER) : undefined;
  return {
    basedOn: r.url("basedOn", { required: true }),
    basedOnVersion: version,
    adaptationNotes: r.markdown("adaptationNotes") || undefined,
  };
}

const languagePattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

function readLanguage(r: Reader, field: string): string | undefined {
  const language = r.plain(field, { max: 35 });
  if (language === "") return undefined;
  if (!languagePattern.test(language)) r.fail(field, `"${language}" is not a language tag; use a code such as en, es, fr or pt-BR.`);
  return language;
}

function readTranslations(r: Reader): Record<string, Translation> {
  const translations: Record<string, Translation> = {};
  for (const language of r.keys()) {
    if (!languagePattern.test(language)) {
      r.fail(language, `"${language}" is not a language tag; use a code such as en, es, fr or pt-BR.`);
      continue;
    }
    const t = r.child(language);
    const translation: Translation = {};
    for (const field of translatableFields) {
      const value =
        field === "title" || field === "summary"
          ? t.plain(field, { max: limits[field], multiline: field === "summary" })
          : t.markdown(field);
      if (value !== "") translation[field] = value;
    }
    if (Object.keys(translation).length > 0) translations[language] = translation;
  }
  return translations;
}

/**
 * Reads fields of one object of untrusted input, recording problems instead of throwing, so that
 * a form comes back with every mistake marked at once.
 */
class Reader {
  private readonly object: Record<string, unknown>;

  constructor(
    value: unknown,
    private readonly path: string,
    private readonly errors: FieldError[],
  ) {
    this.object = typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  }

  fail(field: string, message: string): void {
    this.errors.push({ field: this.path + field, message });
  }

  has(field: string): boolean {
    const value = this.object[field];
    return value !== undefined && value !== null && value !== "";
  }

  keys(): string[] {
    return Object.keys(this.object);
  }

  child(field: string): Reader {
    return new Reader(this.object[field], `${this.path}${field}.`, this.errors);
  }

  /** A string as it is (trimmed); anything else is an error. */
  text(field: string): string {
    const value = this.object[field];
    if (value === undefined || value === null) return "";
    if (typeof value === "number") return String(value);
    if (typeof value !== "string") {
      this.fail(field, "Expected text.");
      return "";
    }
    return value.trim();
  }

  plain(field: string, options: { required?: boolean; max: number; multiline?: boolean }): string {
    let value = this.text(field);
    if (!options.multiline) value = value.replace(/\s+/g, " ");
    if (options.required && value === "") this.fail(field, "This field is required.");
    if (value.length > options.max) this.fail(field, `At most ${options.max} characters; this has ${value.length}.`);
    return value;
  }

  markdown(field: string, options: { required?: boolean } = {}): string {
    const value = this.text(field).replace(/\r\n/g, "\n");
    if (options.required && value === "") this.fail(field, "This field is required.");
    if (value.length > limits.longText) this.fail(field, `At most ${limits.longText} characters; this has ${value.length}.`);
    return value;
  }

  choice<T extends string>(field: string, allowed: readonly T[], fallback?: T): T {
    const value = this.text(field);
    if (value === "" && fallback !== undefined) return fallback;
    return this.choiceAt(field, allowed);
  }

  choiceAt<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.text(field);
    const found = allowed.find((option) => option === value);
    if (found === undefined) {
      this.fail(field, value === "" ? `Choose one of: ${allowed.join(", ")}.` : `"${value}" is not one of: ${allowed.join(", ")}.`);
      return allowed[0] as T;
    }
    return found;
  }

  number(field: string, min: number, max: number): number {
    const raw = this.object[field];
    const value = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim()) : Number.NaN;
    if (!Number.isFinite(value) || value < min || value > max) {
      this.fail(field, `Expected a number from ${min} to ${max}.`);
      return min;
    }
    return value;
  }

  boolean(field: string): boolean {
    const value = this.object[field];
    return value === true || value === "true" || value === "on" || value === "1";
  }

  url(field: string, options: { required?: boolean }): string {
    const value = this.text(field);
    if (value === "") {
      if (options.required) this.fail(field, "This field is required.");
      return "";
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.fail(field, `"${value}" is not a web address; it should start with https://.`);
      return value;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") this.fail(field, `Only http and https addresses are allowed, not ${url.protocol}.`);
    return url.href;
  }

  list<T>(field: string, read: (item: Reader, index: string) => T): T[] {
    const value = this.object[field];
    if (value === undefined || value === null || value === "") return [];
    if (!Array.isArray(value)) {
      this.fail(field, "Expected a list.");
      return [];
    }
    if (value.length > limits.listItems) this.fail(field, `At most ${limits.listItems} entries.`);
    const items = new Reader(Object.fromEntries(value.map((v, i) => [String(i), v])), `${this.path}${field}.`, this.errors);
    return value.slice(0, limits.listItems).map((_, i) => read(items, String(i)));
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Hashtags ignore case (as Mastodon's do): the first spelling wins. */
function uniqueIgnoringCase(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => !seen.has(value.toLowerCase()) && seen.add(value.toLowerCase()));
}

function sortCodes(codes: readonly string[]): string[] {
  const key = (code: string) => code.split(".").map((part) => (/^\d+$/.test(part) ? part.padStart(3, "0") : `~${part}`)).join(".");
  return [...codes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Drops keys whose value is `undefined`, so that stored JSON and diffs stay clean. */
function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
