import type { Context, Federation } from "@fedify/fedify";
import { Link, OrderedCollection } from "@fedify/vocab";
import type { ActorRow } from "../../actors/model.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { listAdaptations, notifyAdaptation } from "../../practices/adaptations.ts";
import type { PracticeCard } from "../../practices/card.ts";
import { type Practice, findPracticeByIri, findPracticeByPublicId } from "../../practices/store.ts";
import { plazaNamespace } from "./vocabulary.ts";

/*
 * What happens when a city adapts (forks) a practice, as ActivityPub: the adaptation is a new
 * Article of the adopting city that carries `isBasedOn` (the original's id), `basedOnVersion`
 * and a FEP-e232 `Link` to the original; its `Create` also goes to the original's city, whose
 * server lists it in the original's `forks` collection (ForgeFed's pattern) and tells that city.
 */

/** `/practices/{id}/forks`: the published adaptations of one of our practices, here and elsewhere. */
export class PracticeForks extends OrderedCollection {
  static override get typeId(): URL {
    return new URL(`${plazaNamespace}PracticeForks`);
  }
}

export const practiceForksPath = "/practices/{id}/forks";

/** ForgeFed's `forks`: the collection of a practice's adaptations. */
export const forksTerm = "https://forgefed.org/ns#forks";

export function forksUri(ctx: Context<void>, publicId: string): URL {
  return ctx.getObjectUri(PracticeForks, { id: publicId });
}

export function registerAdaptationObjects(federation: Federation<void>, db: Database): void {
  federation.setObjectDispatcher(PracticeForks, practiceForksPath, async (ctx, { id }) => {
    const practice = await findPracticeByPublicId(db, id);
    if (!practice?.row.local || practice.row.status !== "published") return null;
    const adaptations = await listAdaptations(db, practice.row.iri);
    return new PracticeForks({
      id: forksUri(ctx, id),
      totalItems: adaptations.length,
      items: adaptations.map((a) => new URL(a.practice.row.iri)),
    });
  });
}

/** FEP-e232: an adaptation links to the original as an ActivityStreams object. */
export function originalLink(card: PracticeCard): Link | undefined {
  if (!card.provenance) return undefined;
  return new Link({ href: new URL(card.provenance.basedOn), mediaType: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' });
}

/**
 * The original's city, for an adaptation just published: ours is told here and now (answers
 * `undefined`); another server's is answered, so that the `Create` goes to it too.
 */
export async function originalCity(db: Database, adaptation: Practice, adopter: ActorRow): Promise<ActorRow | undefined> {
  const basedOn = adaptation.card.provenance?.basedOn;
  if (!basedOn) return undefined;
  const original = await findPracticeByIri(db, basedOn);
  const owner = original ? await findActorById(db, original.row.ownerId) : undefined;
  if (!owner || owner.id === adopter.id) return undefined;
  if (owner.local) {
    await notifyAdaptation(db, adaptation, adopter.id);
    return undefined;
  }
  return owner;
}
