import { type Attachment, type PracticeCard, type Translation, defaultLicense } from "../practices/card.ts";
import { keyFigureLine, linkLine, parseKeyFigure, parseLink } from "../practices/card-lines.ts";
import type { FieldError } from "../practices/validation.ts";

/**
 * The practice card's HTML form: what its fields are called, how the text areas are written
 * (one entry per line), and the translation between submitted form data and the card input that
 * `validateCard` checks. No HTTP, no markup: the page draws the form, the route calls the use cases.
 */

/** A form's values as the page shows them: one string per field, a list for checkbox groups. */
export type PracticeFormValues = Readonly<Record<string, string | readonly string[]>>;

/** Submitted form data, or values already read from it. */
export type FormSource = FormData | PracticeFormValues;

/** The languages the form offers translations of the title and summary for. */
export const translationLanguages = ["es", "fr"] as const;

/** The checkbox groups (repeated values). */
export const repeatedFields = ["sdgGoals", "themes", "ogpValues"] as const;

/** Every single-valued field of the form, in the order of the page. */
export const textFields = [
  "title",
  "summary",
  "place.city",
  "place.region",
  "place.country",
  "place.level",
  "place.latitude",
  "place.longitude",
  "challenge",
  "solution",
  "approach",
  "innovation",
  "openGovernment",
  "openGovernmentNarrative",
  "lessons",
  "sdgTargets",
  "tags",
  "completion",
  "period.start",
  "period.end",
  "leadInstitution",
  "partners",
  "keyFigures",
  "contact.name",
  "contact.role",
  "contact.email",
  "contact.consent",
  "links",
  "language",
  "license",
  ...translationLanguages.flatMap((language) => [`translations.${language}.title`, `translations.${language}.summary`]),
  // What the files chosen in the form are (each of them); the files themselves are read by the route.
  "attachment.description",
  // The version the edit started from, to notice someone else's save in between.
  "baseVersion",
  // An adaptation's provenance (hidden: the original and its version), and what the city changed.
  "provenance.basedOn",
  "provenance.basedOnVersion",
  "provenance.adaptationNotes",
] as const;

/** What a new card's form starts with. */
export function defaultFormValues(): PracticeFormValues {
  return { language: "en", license: defaultLicense, "place.level": "local", completion: "not_started", openGovernment: "not_assessed" };
}

function one(source: FormSource, name: string): string {
  const value = source instanceof FormData ? source.get(name) : source[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return typeof value[0] === "string" ? value[0] : "";
  return "";
}

function all(source: FormSource, name: string): string[] {
  const values = source instanceof FormData ? source.getAll(name) : [source[name] ?? []].flat();
  return values.filter((value): value is string => typeof value === "string");
}

/** Text areas and text fields hold lists: one per line, or separated by commas or spaces. */
const lines = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
const words = (text: string) => text.split(/[\s,;]+/).filter((word) => word !== "");

/** The file input: the files chosen to add to the card. */
export const fileField = "attachment.file";

/** The row of the card's attachment `index`: its description and its "remove" checkbox. */
export const attachmentField = (index: number, part: "description" | "remove") => `attachments.${index}.${part}`;
const attachmentFieldPattern = /^attachments\.(\d+)\.(description|remove)$/;

/** The submitted values as they were typed, to show the form again after a mistake. */
export function formValues(source: FormSource): PracticeFormValues {
  const values: Record<string, string | string[]> = {};
  for (const name of textFields) values[name] = one(source, name);
  for (const name of repeatedFields) values[name] = all(source, name);
  for (const name of source instanceof FormData ? new Set(source.keys()) : Object.keys(source)) {
    if (attachmentFieldPattern.test(name)) values[name] = one(source, name);
  }
  return values;
}

/**
 * The card's attachments the form keeps, with its index in `base` (where its form fields are):
 * every one not marked "remove", with the description as edited (as it was, when a hand-written
 * request leaves the field out).
 */
function keptAttachments(source: FormSource, base: PracticeCard | undefined): { index: number; attachment: Attachment }[] {
  const has = (name: string) => (source instanceof FormData ? source.has(name) : name in source);
  return (base?.attachments ?? []).flatMap((attachment, index) => {
    const remove = one(source, attachmentField(index, "remove")).trim();
    if (remove !== "" && remove !== "false") return [];
    const field = attachmentField(index, "description");
    if (!has(field)) return [{ index, attachment }];
    const { description: _description, ...rest } = attachment;
    const description = one(source, field).trim();
    return [{ index, attachment: description === "" ? rest : { ...rest, description } }];
  });
}

/** The files of an upload as card attachments: each gets the description given for the new files. */
export function uploadedAttachments(source: FormSource, files: readonly { url: string; mediaType: string; name: string }[]): Attachment[] {
  const description = one(source, "attachment.description").trim();
  return files.map((file) => (description === "" ? { ...file } : { ...file, description }));
}

/**
 * Which form field each attachment of the card input belongs to, by its index there: a kept one's
 * description field, or (for the files just added) the new files' description.
 */
export function attachmentFormFields(source: FormSource, base: PracticeCard | undefined, added: number): string[] {
  return [
    ...keptAttachments(source, base).map(({ index }) => attachmentField(index, "description")),
    ...Array.from({ length: added }, () => "attachment.description"),
  ];
}

/**
 * The card input for `validateCard` from a submitted form. `base` is the card being edited: what
 * the form does not show (provenance, translations of the long fields or into other languages) is
 * kept from it, and so are its attachments, unless marked "remove". `added` are the files just
 * uploaded (stored by the route), appended after them.
 */
export function formToCardInput(source: FormSource, base?: PracticeCard, added: readonly Attachment[] = []): Record<string, unknown> {
  const text = (name: string) => one(source, name).trim();
  // A checkbox sends one value each; a hand-written request may join several with commas.
  const checked = (name: string) => all(source, name).flatMap(words);
  const contact = { name: text("contact.name"), role: text("contact.role"), email: text("contact.email") };
  const input: Record<string, unknown> = {
    title: text("title"),
    summary: text("summary"),
    place: {
      city: text("place.city"),
      region: text("place.region"),
      country: text("place.country"),
      level: text("place.level"),
      latitude: text("place.latitude"),
      longitude: text("place.longitude"),
    },
    challenge: text("challenge"),
    solution: text("solution"),
    approach: text("approach"),
    innovation: text("innovation"),
    openGovernment: text("openGovernment"),
    openGovernmentNarrative: text("openGovernmentNarrative"),
    lessons: text("lessons"),
    sdgGoals: checked("sdgGoals"),
    sdgTargets: words(text("sdgTargets")),
    themes: checked("themes"),
    tags: words(text("tags")),
    ogpValues: checked("ogpValues"),
    completion: text("completion"),
    period: { start: text("period.start"), end: text("period.end") },
    leadInstitution: text("leadInstitution"),
    partners: lines(one(source, "partners")),
    keyFigures: lines(one(source, "keyFigures")).map(parseKeyFigure),
    // No one to contact at all: no contact. (A role alone is kept, so that the missing name is reported.)
    contact:
      contact.name === "" && contact.email === "" && contact.role === ""
        ? undefined
        : { ...contact, consent: text("contact.consent") !== "" && text("contact.consent") !== "false" },
    links: lines(one(source, "links")).map(parseLink),
    attachments: [...keptAttachments(source, base).map(({ attachment }) => attachment), ...added],
    language: text("language"),
    translations: formTranslations(source, base),
    license: text("license"),
    provenance: provenanceInput(source, base),
  };
  return input;
}

/** An adaptation's provenance as submitted; a form without it keeps what the card had. */
function provenanceInput(source: FormSource, base: PracticeCard | undefined): Record<string, unknown> | undefined {
  const basedOn = one(source, "provenance.basedOn").trim();
  if (basedOn === "") return base?.provenance ? { ...base.provenance } : undefined;
  const version = one(source, "provenance.basedOnVersion").trim();
  const notes = one(source, "provenance.adaptationNotes").trim();
  return { basedOn, basedOnVersion: version === "" ? undefined : Number(version), adaptationNotes: notes === "" ? undefined : notes };
}

function formTranslations(source: FormSource, base: PracticeCard | undefined): Record<string, Translation> {
  const translations: Record<string, Translation> = {};
  for (const [language, translation] of Object.entries(base?.translations ?? {})) {
    const { title: _title, summary: _summary, ...rest } = translation;
    translations[language] = (translationLanguages as readonly string[]).includes(language) ? rest : { ...translation };
  }
  for (const language of translationLanguages) {
    const title = one(source, `translations.${language}.title`).trim();
    const summary = one(source, `translations.${language}.summary`).trim();
    const translation: Translation = { ...translations[language] };
    if (title !== "") translation.title = title;
    if (summary !== "") translation.summary = summary;
    translations[language] = translation;
  }
  for (const [language, translation] of Object.entries(translations)) {
    if (Object.keys(translation).length === 0) delete translations[language];
  }
  return translations;
}

/** A card as form values, to fill the edit form. */
export function cardToFormValues(card: PracticeCard, version?: number): PracticeFormValues {
  const values: Record<string, string | readonly string[]> = {
    title: card.title,
    summary: card.summary,
    "place.city": card.place.city,
    "place.region": card.place.region ?? "",
    "place.country": card.place.country,
    "place.level": card.place.level,
    "place.latitude": card.place.coordinates ? String(card.place.coordinates.latitude) : "",
    "place.longitude": card.place.coordinates ? String(card.place.coordinates.longitude) : "",
    challenge: card.challenge,
    solution: card.solution,
    approach: card.approach,
    innovation: card.innovation,
    openGovernment: card.openGovernment,
    openGovernmentNarrative: card.openGovernmentNarrative,
    lessons: card.lessons,
    sdgGoals: [...card.sdgGoals],
    sdgTargets: card.sdgTargets.join(", "),
    themes: [...card.themes],
    tags: card.tags.join(", "),
    ogpValues: [...card.ogpValues],
    completion: card.completion,
    "period.start": card.period.start ?? "",
    "period.end": card.period.end ?? "",
    leadInstitution: card.leadInstitution,
    partners: card.partners.join("\n"),
    keyFigures: card.keyFigures.map(keyFigureLine).join("\n"),
    "contact.name": card.contact?.name ?? "",
    "contact.role": card.contact?.role ?? "",
    "contact.email": card.contact?.email ?? "",
    "contact.consent": card.contact?.consent ? "on" : "",
    links: card.links.map(linkLine).join("\n"),
    language: card.language,
    license: card.license,
    "attachment.description": "",
    baseVersion: version === undefined ? "" : String(version),
    "provenance.basedOn": card.provenance?.basedOn ?? "",
    "provenance.basedOnVersion": card.provenance?.basedOnVersion === undefined ? "" : String(card.provenance.basedOnVersion),
    "provenance.adaptationNotes": card.provenance?.adaptationNotes ?? "",
  };
  card.attachments.forEach((attachment, index) => {
    values[attachmentField(index, "description")] = attachment.description ?? "";
  });
  for (const language of translationLanguages) {
    values[`translations.${language}.title`] = card.translations[language]?.title ?? "";
    values[`translations.${language}.summary`] = card.translations[language]?.summary ?? "";
  }
  return values;
}

/** The entries of the text areas that hold one entry per line. */
const lineFields = new Set(["partners", "keyFigures", "links"]);
const listFields = new Set(["sdgGoals", "sdgTargets", "themes", "tags", "ogpValues"]);

/**
 * Which form field a validation error belongs to, and its message as the form shows it:
 * "links.2.url" is about the third line of the links box; "sdgGoals.0" about the goals checkboxes;
 * "attachments" (a file refused) about the file input, and "attachments.3.description" about the
 * field `attachmentFields[3]` names (see `attachmentFormFields`).
 * Errors on fields the form does not show (an adaptation's original and version) belong to no field ("").
 */
export function formError(error: FieldError, attachmentFields: readonly string[] = []): { readonly field: string; readonly message: string } {
  const [head = "", index, sub] = error.field.split(".");
  if (head === "attachments") {
    if (index === undefined || !/^\d+$/.test(index)) return { field: fileField, message: error.message };
    const field = attachmentFields[Number(index)] ?? fileField;
    return { field, message: sub === "description" ? error.message : `${sub ? `${sub}: ` : ""}${error.message}` };
  }
  if (lineFields.has(head) && index !== undefined && /^\d+$/.test(index)) {
    const line = Number(index) + 1;
    if (head === "keyFigures" && sub === "value" && error.message === "This field is required.") {
      return { field: head, message: `Line ${line}: write the label, a colon and a space, then the value, e.g. "Households reached: 12,000".` };
    }
    if (head === "links" && error.message === "This field is required.") {
      return {
        field: head,
        message: `Line ${line}: write the title, a "|", then the address, e.g. "Open data portal | https://data.example.org".`,
      };
    }
    return { field: head, message: `Line ${line}: ${sub ? `${sub}: ` : ""}${error.message}` };
  }
  if (listFields.has(head)) return { field: head, message: error.message };
  if (head === "translations") {
    const field = (textFields as readonly string[]).includes(error.field) ? error.field : "";
    return { field, message: field === "" ? `${error.field}: ${error.message}` : error.message };
  }
  if ((textFields as readonly string[]).includes(error.field)) return { field: error.field, message: error.message };
  return { field: "", message: `${error.field}: ${error.message}` };
}

/** Validation errors grouped by form field ("" for those no field shows). */
export function errorsByField(errors: readonly FieldError[], attachmentFields: readonly string[] = []): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const error of errors) {
    const { field, message } = formError(error, attachmentFields);
    grouped.set(field, [...(grouped.get(field) ?? []), message]);
  }
  return grouped;
}
