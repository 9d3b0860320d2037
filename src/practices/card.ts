/**
 * The practice card: a structured account of one open-government practice (DESIGN.md §3), as a
 * city official writes it. Long text fields hold Markdown. This module knows nothing of HTTP,
 * storage or ActivityPub.
 */

/** "Did it open government?", the Independent Reporting Mechanism's scale. */
export const openGovernmentScale = ["worsened", "did_not_change", "marginal", "major", "outstanding", "not_assessed"] as const;
export type OpenGovernmentAssessment = (typeof openGovernmentScale)[number];

/** The IRM's completion levels. */
export const completionLevels = ["not_started", "limited", "substantial", "complete"] as const;
export type Completion = (typeof completionLevels)[number];

export const levelsOfGovernment = ["local", "metropolitan", "regional", "national"] as const;
export type LevelOfGovernment = (typeof levelsOfGovernment)[number];

/** OGP's four values. */
export const ogpValues = ["access_to_information", "civic_participation", "public_accountability", "technology_and_innovation"] as const;
export type OgpValue = (typeof ogpValues)[number];

/** The white paper's themes; anything else goes in free tags. */
export const themes = ["climate_action", "future_of_work", "social_inclusion", "city_to_city_cooperation"] as const;
export type Theme = (typeof themes)[number];

export interface Place {
  readonly city: string;
  readonly region?: string;
  /** ISO 3166-1 alpha-2, upper case ("KR"). */
  readonly country: string;
  readonly level: LevelOfGovernment;
  readonly coordinates?: { readonly latitude: number; readonly longitude: number };
}

export interface KeyFigure {
  readonly label: string;
  readonly value: string;
}

export interface CardLink {
  readonly title: string;
  readonly url: string;
}

/** Personal data: published only when `consent` is true. */
export interface Contact {
  readonly name: string;
  readonly role?: string;
  readonly email?: string;
  readonly consent: boolean;
}

export interface Attachment {
  readonly url: string;
  readonly mediaType: string;
  readonly name: string;
  readonly description?: string;
}

/** Where a fork comes from (a practice on any server). */
export interface Provenance {
  /** The original practice's ActivityPub id. */
  readonly basedOn: string;
  /** The original's version the fork was taken from. */
  readonly basedOnVersion?: number;
  readonly adaptationNotes?: string;
}

/** The fields a translation may carry (plain or Markdown, as in the original). */
export const translatableFields = [
  "title",
  "summary",
  "challenge",
  "solution",
  "approach",
  "innovation",
  "openGovernmentNarrative",
  "lessons",
] as const;
export type TranslatableField = (typeof translatableFields)[number];
export type Translation = Partial<Record<TranslatableField, string>>;

export interface PracticeCard {
  /** Plain text, at most 150 characters (Mastodon shows it as the post's title). */
  readonly title: string;
  /** Plain text, at most 500 characters; must stand on its own (it is all Mastodon shows). */
  readonly summary: string;
  readonly place: Place;
  readonly challenge: string;
  readonly solution: string;
  readonly approach: string;
  readonly innovation: string;
  readonly openGovernment: OpenGovernmentAssessment;
  readonly openGovernmentNarrative: string;
  readonly lessons: string;
  /** Goal codes "1"–"17". */
  readonly sdgGoals: readonly string[];
  /** Target codes such as "11.3" or "16.a". */
  readonly sdgTargets: readonly string[];
  readonly themes: readonly Theme[];
  /** Free tags, without "#". */
  readonly tags: readonly string[];
  readonly ogpValues: readonly OgpValue[];
  readonly completion: Completion;
  /** Years or year-months: "2016", "2016-03". */
  readonly period: { readonly start?: string; readonly end?: string };
  readonly leadInstitution: string;
  readonly partners: readonly string[];
  readonly keyFigures: readonly KeyFigure[];
  readonly contact?: Contact;
  readonly links: readonly CardLink[];
  readonly attachments: readonly Attachment[];
  /** BCP 47 language of the original text ("en", "es", "fr", "ko", …). */
  readonly language: string;
  /** Per-language translations of the text fields. */
  readonly translations: Readonly<Record<string, Translation>>;
  /** SPDX identifier or URL; CC BY 4.0 unless the city chooses otherwise. */
  readonly license: string;
  readonly provenance?: Provenance;
}

export const defaultLicense = "CC-BY-4.0";

/** Labels for the closed vocabularies, for pages and for the HTML content sent to other servers. */
export const labels = {
  openGovernment: {
    worsened: "Worsened",
    did_not_change: "Did not change",
    marginal: "Marginal",
    major: "Major",
    outstanding: "Outstanding",
    not_assessed: "Not assessed",
  },
  completion: { not_started: "Not started", limited: "Limited", substantial: "Substantial", complete: "Complete" },
  level: { local: "Local", metropolitan: "Metropolitan", regional: "Regional", national: "National" },
  ogpValue: {
    access_to_information: "Access to information",
    civic_participation: "Civic participation",
    public_accountability: "Public accountability",
    technology_and_innovation: "Technology and innovation",
  },
  theme: {
    climate_action: "Climate action",
    future_of_work: "Future of work",
    social_inclusion: "Social inclusion",
    city_to_city_cooperation: "City-to-city cooperation",
  },
} as const satisfies {
  openGovernment: Record<OpenGovernmentAssessment, string>;
  completion: Record<Completion, string>;
  level: Record<LevelOfGovernment, string>;
  ogpValue: Record<OgpValue, string>;
  theme: Record<Theme, string>;
};
