import { and, desc, eq, sql } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, practiceVersions, practices } from "../db/schema.ts";
import { notify } from "../social/notifications.ts";
import type { PracticeCard } from "./card.ts";
import { type Practice, isCurrentVersion } from "./store.ts";
import { limits } from "./validation.ts";

/**
 * A city adapts (forks) a practice from any server into a card of its own, which keeps its
 * provenance: the original's id and version (DESIGN.md §2). This module knows what the adapted
 * card starts from and which practices adapt which; publishing it is federation/practices'.
 */

/**
 * The card an adaptation starts from, for the city's editors to rewrite before they save it: the
 * original's account of the practice, with what belongs to the original city left out (its place,
 * contact, figures, partners, dates, attachments and assessment) and the provenance set. The
 * summary says where it comes from, as other servers show only the summary.
 */
export function adaptationStart(original: Practice, originalOwner: Pick<ActorRow, "name">, adopter: Pick<ActorRow, "name">): PracticeCard {
  const { card } = original;
  const origin = `Adapted from ${originalOwner.name}'s “${card.title}”. `;
  return {
    ...card,
    summary: `${origin}${card.summary}`.slice(0, limits.summary),
    place: { city: adopter.name, country: "", level: card.place.level },
    openGovernment: "not_assessed",
    openGovernmentNarrative: "",
    completion: "not_started",
    period: {},
    leadInstitution: "",
    partners: [],
    keyFigures: [],
    contact: undefined,
    attachments: [],
    translations: {},
    provenance: { basedOn: original.row.iri, basedOnVersion: original.row.currentVersion },
  };
}

export interface Adaptation {
  readonly practice: Practice;
  readonly owner: ActorRow;
}

/** The published practices, ours and kept from other servers, whose current card adapts `originalIri`; newest first. */
export async function listAdaptations(db: Database, originalIri: string, limit = 100): Promise<Adaptation[]> {
  const rows = await db
    .select({ practice: practices, card: practiceVersions.card, owner: actors })
    .from(practices)
    .innerJoin(practiceVersions, isCurrentVersion)
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(and(eq(practices.status, "published"), sql`${practiceVersions.card} -> 'provenance' ->> 'basedOn' = ${originalIri}`))
    .orderBy(desc(practices.publishedAt), desc(practices.id))
    .limit(limit);
  return rows.map((r) => ({ practice: { row: r.practice, card: r.card as PracticeCard }, owner: r.owner }));
}

/**
 * Tells the city whose practice was adapted, when that city is ours. Told once per adaptation,
 * however often the adaptation is then edited.
 */
export async function notifyAdaptation(db: Database, adaptation: Practice, adopterId: number): Promise<void> {
  const basedOn = adaptation.card.provenance?.basedOn;
  if (!basedOn) return;
  const [original] = await db
    .select({ id: practices.id, ownerId: practices.ownerId })
    .from(practices)
    .where(and(eq(practices.iri, basedOn), eq(practices.local, true)));
  if (!original) return;
  await notify(db, { recipientId: original.ownerId, kind: "adaptation", actorId: adopterId, practiceId: adaptation.row.id });
}
