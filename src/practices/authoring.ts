import { isDeepStrictEqual } from "node:util";
import type { Database } from "../db/client.ts";
import { PlazaError } from "../errors.ts";
import type { PracticeCard } from "./card.ts";
import {
  type Practice,
  type PracticeRow,
  appendVersion,
  insertPractice,
  newPublicId,
  nextStatusId,
  updatePracticeRow,
} from "./store.ts";
import { type FieldError, validateCard } from "./validation.ts";

/** A card that did not pass validation; `errors` says what to fix, field by field. */
export class InvalidCard extends PlazaError {
  constructor(readonly errors: readonly FieldError[]) {
    super("invalid", `The practice card has ${errors.length} problem${errors.length === 1 ? "" : "s"}: ${errors.map((e) => `${e.field}: ${e.message}`).join(" ")}`, errors[0]?.field);
  }
}

/** Where one of our practices lives, as only the federation layer knows how to say. */
export type PracticeAddress = (publicId: string) => { readonly iri: URL; readonly url: URL };

export function checkedCard(input: unknown): PracticeCard {
  const result = validateCard(input);
  if (!result.ok) throw new InvalidCard(result.errors);
  return result.card;
}

/** A city's new practice, saved as a private draft (version 1). */
export async function createPractice(
  db: Database,
  address: PracticeAddress,
  owner: { readonly id: number },
  author: { readonly id: number },
  input: unknown,
): Promise<Practice> {
  const card = checkedCard(input);
  const publicId = newPublicId();
  const { iri, url } = address(publicId);
  return db.transaction((tx) => insertPractice(tx, { iri: iri.href, url: url.href, publicId, ownerId: owner.id, local: true }, card, author.id));
}

/** Saves an edit as a new version; an edit that changes nothing makes no version. */
export async function editPractice(
  db: Database,
  practice: Practice,
  author: { readonly id: number },
  input: unknown,
): Promise<{ practice: Practice; changed: boolean }> {
  if (practice.row.status === "withdrawn") throw new PlazaError("conflict", "A withdrawn practice cannot be edited.");
  const card = checkedCard(input);
  if (isDeepStrictEqual(card, practice.card)) return { practice, changed: false };
  const updatedAt = practice.row.status === "published" ? new Date() : practice.row.updatedAt;
  const saved = await db.transaction((tx) => appendVersion(tx, practice.row, card, author.id, { updatedAt }));
  return { practice: saved, changed: true };
}

/** Makes a draft public; from now on edits reach followers. */
export async function markPublished(db: Database, practice: PracticeRow): Promise<PracticeRow> {
  if (practice.status === "published") throw new PlazaError("conflict", "This practice is already published.");
  if (practice.status === "withdrawn") throw new PlazaError("conflict", "A withdrawn practice cannot be published again; create a new one.");
  const now = new Date();
  return updatePracticeRow(db, practice.id, { status: "published", publishedAt: now, updatedAt: now, statusId: nextStatusId });
}

/** Takes a published practice down; its address then answers "gone". */
export async function markWithdrawn(db: Database, practice: PracticeRow): Promise<PracticeRow> {
  if (practice.status !== "published") throw new PlazaError("conflict", "Only a published practice can be withdrawn.");
  return updatePracticeRow(db, practice.id, { status: "withdrawn", withdrawnAt: new Date() });
}
