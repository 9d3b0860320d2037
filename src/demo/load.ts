import type { ActorRow } from "../actors/model.ts";
import { createLocalActor, findLocalActor } from "../actors/store.ts";
import { localActorUris } from "../federation/actors.ts";
import { draftPractice, publishPractice } from "../federation/practices/publishing.ts";
import { listPracticesOf } from "../practices/store.ts";
import type { Plaza } from "../server.ts";
import { whitePaperCases } from "./white-paper.ts";

/**
 * Loads the six cities of the white paper, each with its published practice card. Running it
 * again changes nothing: a city that already has practices is left as it is.
 */
export async function loadDemo(plaza: Plaza): Promise<string[]> {
  const { db } = plaza.database;
  const ctx = plaza.context();
  const instance = await findLocalActor(db, "plaza.instance");
  if (!instance) throw new Error("the instance actor is missing");
  const report: string[] = [];
  for (const { city, card } of whitePaperCases) {
    const owner: ActorRow =
      (await findLocalActor(db, city.username)) ??
      (await db.transaction((tx) => createLocalActor(tx, localActorUris(ctx), { kind: "city", ...city })));
    if ((await listPracticesOf(db, owner.id, { limit: 1 })).items.length > 0) {
      report.push(`${owner.name}: already has practices, left as it is`);
      continue;
    }
    // Demo cards have no member as author; the city itself signs them.
    const practice = await publishPractice(ctx, db, await draftPractice(ctx, db, owner, owner, card));
    report.push(`${owner.name}: published "${card.title}" at ${practice.row.url}`);
  }
  return report;
}
