import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { actors } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import type { ActorRow } from "./model.ts";

/** What a profile edit may change; what is left out stays as it is. */
export interface ProfileChanges {
  readonly name?: string;
  /** Plain text; line breaks are kept. */
  readonly summary?: string;
  /** Whether each follower is approved by hand. */
  readonly manuallyApprovesFollowers?: boolean;
}

export const maxNameLength = 100;
export const maxSummaryLength = 2000;

/** Checks and saves a profile edit of one of our actors; answers the actor as it now is. */
export async function updateProfile(db: Database, actor: ActorRow, changes: ProfileChanges): Promise<ActorRow> {
  if (!actor.local) throw new PlazaError("forbidden", "Only this server's own actors can be edited here.");
  const values: { name?: string; summary?: string; manuallyApprovesFollowers?: boolean; updatedAt: Date } = { updatedAt: new Date() };
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (name === "") throw new PlazaError("invalid", "The display name cannot be blank.", "name");
    if (name.length > maxNameLength) throw new PlazaError("invalid", `The display name can be at most ${maxNameLength} characters long.`, "name");
    values.name = name;
  }
  if (changes.summary !== undefined) {
    const summary = changes.summary.replace(/\r\n?/g, "\n").trim();
    if (summary.length > maxSummaryLength) throw new PlazaError("invalid", `The bio can be at most ${maxSummaryLength} characters long.`, "summary");
    values.summary = summary;
  }
  if (changes.manuallyApprovesFollowers !== undefined) values.manuallyApprovesFollowers = changes.manuallyApprovesFollowers;
  const [row] = await db.update(actors).set(values).where(eq(actors.id, actor.id)).returning();
  if (!row) throw new PlazaError("not_found", "This account no longer exists.");
  return row;
}

/** Whether an edit changed what other servers show of the actor. */
export function profileChanged(before: ActorRow, after: ActorRow): boolean {
  return before.name !== after.name || before.summary !== after.summary || before.manuallyApprovesFollowers !== after.manuallyApprovesFollowers;
}
