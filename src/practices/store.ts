import { randomBytes } from "node:crypto";
import { type SQL, and, count, desc, eq, lt, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Database } from "../db/client.ts";
import { practiceVersions, practices } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import type { PracticeCard } from "./card.ts";

export type PracticeRow = typeof practices.$inferSelect;

/** Joins a practice to its current version, the card every listing shows. */
export const isCurrentVersion = and(eq(practiceVersions.practiceId, practices.id), eq(practiceVersions.version, practices.currentVersion));
export type PracticeStatus = PracticeRow["status"];
export type VersionRow = Omit<typeof practiceVersions.$inferSelect, "card"> & { readonly card: PracticeCard };

/** A practice with the card of its current version. */
export interface Practice {
  readonly row: PracticeRow;
  readonly card: PracticeCard;
}

/** Ten lower-case letters and digits: short enough for a URL, too many to guess. */
export function newPublicId(): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  return [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export async function insertPractice(
  db: Database,
  values: Pick<PracticeRow, "iri" | "ownerId" | "local"> & Partial<Pick<PracticeRow, "publicId" | "status" | "url" | "publishedAt" | "updatedAt">>,
  card: PracticeCard,
  authorId: number | null,
): Promise<Practice> {
  const [row] = await db.insert(practices).values({ ...values, currentVersion: 1 }).returning();
  if (!row) throw new Error("insert returned no row");
  await db.insert(practiceVersions).values({ practiceId: row.id, version: 1, card, authorId });
  return { row, card };
}

/** Saves `card` as the next version and makes it current. */
export async function appendVersion(
  db: Database,
  practice: PracticeRow,
  card: PracticeCard,
  authorId: number | null,
  changes: Partial<Pick<PracticeRow, "updatedAt" | "url">> = {},
): Promise<Practice> {
  const version = practice.currentVersion + 1;
  // Claim the next version first: if someone saved in between, refuse rather than lose their version.
  const [row] = await db
    .update(practices)
    .set({ ...changes, currentVersion: version })
    .where(and(eq(practices.id, practice.id), eq(practices.currentVersion, practice.currentVersion)))
    .returning();
  if (!row) throw new PlazaError("conflict", "This practice was changed by someone else meanwhile. Reload it and apply your changes again.");
  await db.insert(practiceVersions).values({ practiceId: practice.id, version, card, authorId });
  return { row, card };
}

/** A fresh place in timelines (see `statusIds` in the schema). */
export const nextStatusId = sql<number>`nextval('status_ids')`;

export async function updatePracticeRow(db: Database, id: number, changes: Omit<PgUpdateSetSource<typeof practices>, "id">): Promise<PracticeRow> {
  const [row] = await db.update(practices).set(changes).where(eq(practices.id, id)).returning();
  if (!row) throw new PlazaError("not_found", "This practice no longer exists.");
  return row;
}

export async function findPracticeByPublicId(db: Database, publicId: string): Promise<Practice | undefined> {
  const [row] = await db.select().from(practices).where(eq(practices.publicId, publicId));
  return row ? withCurrentCard(db, row) : undefined;
}

export async function findPracticeById(db: Database, id: number): Promise<Practice | undefined> {
  const [row] = await db.select().from(practices).where(eq(practices.id, id));
  return row ? withCurrentCard(db, row) : undefined;
}

export async function findPracticeByIri(db: Database, iri: string): Promise<Practice | undefined> {
  const [row] = await db.select().from(practices).where(eq(practices.iri, iri));
  return row ? withCurrentCard(db, row) : undefined;
}

async function withCurrentCard(db: Database, row: PracticeRow): Promise<Practice> {
  const version = await findVersion(db, row.id, row.currentVersion);
  if (!version) throw new Error(`practice ${row.id} has no version ${row.currentVersion}`);
  return { row, card: version.card };
}

export async function findVersion(db: Database, practiceId: number, version: number): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(practiceVersions)
    .where(and(eq(practiceVersions.practiceId, practiceId), eq(practiceVersions.version, version)));
  return row ? { ...row, card: row.card as PracticeCard } : undefined;
}

export async function listVersions(db: Database, practiceId: number): Promise<VersionRow[]> {
  const rows = await db
    .select()
    .from(practiceVersions)
    .where(eq(practiceVersions.practiceId, practiceId))
    .orderBy(desc(practiceVersions.version));
  return rows.map((row) => ({ ...row, card: row.card as PracticeCard }));
}

export interface PracticePage {
  readonly items: readonly Practice[];
  readonly nextCursor: number | undefined;
}

/**
 * An owner's practices with a given status, newest first: by publication for published ones
 * (publishing takes a fresh status id, see the schema), by creation for drafts. Paged by that id.
 */
export async function listPracticesOf(
  db: Database,
  ownerId: number,
  options: { status?: PracticeStatus; before?: number; limit?: number } = {},
): Promise<PracticePage> {
  const { status = "published", before, limit = 20 } = options;
  const rows = await db
    .select({ practice: practices, card: practiceVersions.card })
    .from(practices)
    .innerJoin(
      practiceVersions,
      isCurrentVersion,
    )
    .where(and(eq(practices.ownerId, ownerId), eq(practices.status, status), before === undefined ? undefined : lt(practices.statusId, before)))
    .orderBy(desc(practices.statusId))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ row: r.practice, card: r.card as PracticeCard }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)?.row.statusId : undefined };
}

export async function countPracticesOf(db: Database, ownerId: number, status: PracticeStatus = "published"): Promise<number> {
  const [row] = await db.select({ n: count() }).from(practices).where(and(eq(practices.ownerId, ownerId), eq(practices.status, status)));
  return row?.n ?? 0;
}

/**
 * Whether the current card carries the hashtag `name`, ignoring case: the SQL twin of hashtagsOf
 * (practices/render.ts), which names goals "SDG11", themes in CamelCase ("climate_action" is
 * "ClimateAction", so "climateaction" once lower-cased) and free tags as they are.
 */
export function carriesHashtag(name: string): SQL {
  const card = practiceVersions.card;
  return sql`exists (
    select 1 from (
      select 'SDG' || goal from jsonb_array_elements_text(${card} -> 'sdgGoals') as goals (goal)
      union all
      select replace(theme, '_', '') from jsonb_array_elements_text(${card} -> 'themes') as themes (theme)
      union all
      select tag from jsonb_array_elements_text(${card} -> 'tags') as tags (tag)
    ) as hashtags (hashtag)
    where lower(hashtag) = lower(${name}::text)
  )`;
}
