import { and, desc, eq, sql } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, practiceVersions, practices } from "../db/schema.ts";
import type { PracticeCard } from "./card.ts";
import { type Practice, carriesHashtag, isCurrentVersion } from "./store.ts";

export interface PracticeQuery {
  /** Words that must each appear (ignoring case) in the title, summary, challenge, solution, place or tags. */
  readonly text?: string;
  /** An SDG goal code ("11"). */
  readonly goal?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface FoundPractice {
  readonly practice: Practice;
  readonly owner: ActorRow;
}

/** At most this many words are looked for; a longer query is cut. */
const maxWords = 8;

/** Escapes `%`, `_` and `\` for ILIKE. */
const likeEscaped = (word: string) => word.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** What the words are looked for in: the card's text fields, its place and its free tags, as one string. */
const searchable = sql`concat_ws(' ',
  ${practiceVersions.card} ->> 'title', ${practiceVersions.card} ->> 'summary',
  ${practiceVersions.card} ->> 'challenge', ${practiceVersions.card} ->> 'solution',
  ${practiceVersions.card} -> 'place' ->> 'city', ${practiceVersions.card} -> 'place' ->> 'region',
  ${practiceVersions.card} ->> 'leadInstitution', ${practiceVersions.card} ->> 'tags')`;

/** The words of a query, at most `maxWords`. */
export function queryWords(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.trim())
    .filter((word) => word !== "")
    .slice(0, maxWords);
}

/**
 * Published practices, ours and those kept from other servers, that match every word (and the
 * goal, if given); newest publication first. No full-text index: fine for the few thousand
 * cards a server keeps.
 */
export async function searchPractices(db: Database, query: PracticeQuery): Promise<FoundPractice[]> {
  const words = queryWords(query.text ?? "");
  if (words.length === 0 && !query.goal) return [];
  const rows = await db
    .select({ practice: practices, card: practiceVersions.card, owner: actors })
    .from(practices)
    .innerJoin(practiceVersions, isCurrentVersion)
    .innerJoin(actors, eq(actors.id, practices.ownerId))
    .where(
      and(
        eq(practices.status, "published"),
        ...words.map((word) => sql`${searchable} ilike ${`%${likeEscaped(word)}%`}`),
        query.goal ? carriesHashtag(`SDG${query.goal}`) : undefined,
      ),
    )
    .orderBy(desc(practices.statusId))
    .limit(query.limit ?? 20)
    .offset(query.offset ?? 0);
  return rows.map((r) => ({ practice: { row: r.practice, card: r.card as PracticeCard }, owner: r.owner }));
}
