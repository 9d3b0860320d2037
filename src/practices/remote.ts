import { isDeepStrictEqual } from "node:util";
import type { Database } from "../db/client.ts";
import { logger } from "../logging.ts";
import type { PracticeCard } from "./card.ts";
import { type Practice, appendVersion, findPracticeByIri, insertPractice, newPublicId, updatePracticeRow } from "./store.ts";

export interface ReceivedCard {
  readonly iri: string;
  readonly ownerId: number;
  readonly url: string | null;
  readonly publishedAt: Date | null;
  readonly updatedAt: Date | null;
  readonly card: PracticeCard;
}

/**
 * Keeps a practice published on another server: the first time as version 1, then every change
 * as a new version, so that its history can be read here too. Only its owner may change it.
 */
export async function receivePractice(db: Database, received: ReceivedCard): Promise<{ practice: Practice; changed: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const existing = await findPracticeByIri(tx, received.iri);
    if (!existing) {
      const practice = await insertPractice(
        tx,
        {
          iri: received.iri,
          publicId: newPublicId(),
          ownerId: received.ownerId,
          local: false,
          status: "published",
          url: received.url,
          publishedAt: received.publishedAt ?? new Date(),
          updatedAt: received.updatedAt ?? received.publishedAt ?? new Date(),
        },
        received.card,
        null,
      );
      return { practice, changed: true };
    }
    if (existing.row.local || existing.row.ownerId !== received.ownerId) {
      logger.warning("Refused a change to {iri} from an actor that does not own it", { iri: received.iri });
      return undefined;
    }
    if (existing.row.status === "withdrawn") return undefined;
    // A delayed, older Update must not overwrite a newer one.
    if (received.updatedAt && existing.row.updatedAt && received.updatedAt < existing.row.updatedAt) return undefined;
    if (isDeepStrictEqual(existing.card, received.card)) return { practice: existing, changed: false };
    const practice = await appendVersion(tx, existing.row, received.card, null, {
      updatedAt: received.updatedAt ?? new Date(),
      url: received.url,
    });
    return { practice, changed: true };
  });
}

/** The owner withdrew a practice we keep: it stays in the history, marked withdrawn. */
export async function withdrawReceivedPractice(db: Database, iri: string, ownerId: number): Promise<boolean> {
  const existing = await findPracticeByIri(db, iri);
  if (!existing || existing.row.local || existing.row.ownerId !== ownerId || existing.row.status === "withdrawn") return false;
  await updatePracticeRow(db, existing.row.id, { status: "withdrawn", withdrawnAt: new Date() });
  return true;
}
