import data from "./sdg-data.json" with { type: "json" };

/** The 17 Sustainable Development Goals and their 169 targets, labelled in English, Spanish and French. */
export type SdgLanguage = "en" | "es" | "fr";

export interface SdgGoal {
  readonly code: string;
  readonly short: Readonly<Record<SdgLanguage, string>>;
  readonly title: Readonly<Record<SdgLanguage, string>>;
}

export interface SdgTarget {
  readonly code: string;
  readonly title: Readonly<Record<SdgLanguage, string>>;
}

export const sdgGoals: readonly SdgGoal[] = data.goals;
export const sdgTargets: readonly SdgTarget[] = data.targets;

const goalsByCode = new Map(sdgGoals.map((goal) => [goal.code, goal]));
const targetsByCode = new Map(sdgTargets.map((target) => [target.code, target]));

export function findGoal(code: string): SdgGoal | undefined {
  return goalsByCode.get(code);
}

export function findTarget(code: string): SdgTarget | undefined {
  return targetsByCode.get(code);
}

/** The goal a target belongs to: "11.3" → "11". */
export function goalOfTarget(targetCode: string): string {
  return targetCode.split(".")[0] ?? targetCode;
}

/** The UN's identifier for a goal or target, as published at metadata.un.org. */
export function sdgIri(code: string): string {
  return `http://metadata.un.org/sdg/${code}`;
}

/** The code in a UN SDG IRI, if it is one of a known goal or target. */
export function sdgCodeFromIri(iri: string): string | undefined {
  const match = /^https?:\/\/metadata\.un\.org\/sdg\/([0-9]{1,2}(?:\.[0-9a-z]{1,2})?)$/.exec(iri);
  const code = match?.[1];
  return code !== undefined && (goalsByCode.has(code) || targetsByCode.has(code)) ? code : undefined;
}
