import { type Context, Hono } from "hono";
import { listMemberships } from "../../accounts/accounts.ts";
import { can } from "../../accounts/permissions.ts";
import { type ActorRow, kindOf } from "../../actors/model.ts";
import { findActorById, findLocalActor } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import { collectionAddress, curate, dropCollection, uncurate } from "../../federation/collections/curation.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import {
  type CollectionRow,
  collectionsHolding,
  createCollection,
  findCollectionByPublicId,
  listCollectionItems,
  listCollectionsOf,
  updateCollection,
} from "../../practices/collections.ts";
import { type Practice, findPracticeByPublicId } from "../../practices/store.ts";
import type { WebEnv } from "../env.ts";
import { setFlash, takeFlash } from "../flash.ts";
import { CollectionPage, CollectionsPage, collectionPath } from "../pages/collections.tsx";
import { Layout } from "../pages/layout.tsx";
import { practicePath } from "../pages/practice.tsx";
import type { SignedIn } from "../session.ts";
import { formText } from "./forms.ts";

type C = Context<WebEnv>;

const mayCurate = (signedIn: SignedIn | undefined, ownerId: number) => can(signedIn?.principal, "curate_collections", ownerId);

/** What the practice page shows of collections: ours that hold it, and, for a curator, theirs it could join. */
export async function collectionsOfPractice(db: Database, practice: Practice, signedIn: SignedIn | undefined) {
  if (practice.row.status !== "published") return undefined;
  const holding = await collectionsHolding(db, practice.row.id);
  const curatable: { collection: CollectionRow; owner: ActorRow }[] = [];
  if (signedIn) {
    for (const { organization } of await listMemberships(db, signedIn.account.id)) {
      if (!mayCurate(signedIn, organization.id)) continue;
      for (const collection of await listCollectionsOf(db, organization.id)) curatable.push({ collection, owner: organization });
    }
  }
  return { practicePublicId: practice.row.publicId ?? "", holding, curatable };
}

/**
 * Curated collections on the web: a city's or network's list (and the form to start one), a
 * collection's page, and adding or taking out practices, for the owner's coordinators and admins.
 */
export function collectionRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  const context = (c: C) => federation.createContext(c.req.raw, undefined);

  async function organization(c: C): Promise<ActorRow> {
    const owner = await findLocalActor(db, (c.req.param("handle") ?? "").replace(/^@/, ""));
    const kind = owner ? kindOf(owner) : undefined;
    if (!owner || (kind !== "city" && kind !== "network")) throw new PlazaError("not_found", "This server has no such city or network.");
    return owner;
  }

  async function collectionOf(publicId: string): Promise<{ collection: CollectionRow; owner: ActorRow }> {
    const collection = await findCollectionByPublicId(db, publicId);
    const owner = collection ? await findActorById(db, collection.ownerId) : undefined;
    if (!collection || !owner) throw new PlazaError("not_found", "There is no such collection on this server.");
    return { collection, owner };
  }

  function requireCurator(c: C, owner: ActorRow): void {
    if (mayCurate(c.var.signedIn, owner.id)) return;
    throw new PlazaError(
      "forbidden",
      c.var.signedIn ? `Only coordinators and admins of ${owner.name} may curate its collections.` : `Sign in as a coordinator or admin of ${owner.name} to curate its collections.`,
    );
  }

  return new Hono<WebEnv>()
    .get("/:handle{@[a-z0-9_]+}/collections", async (c) => {
      const owner = await organization(c);
      return c.html(
        <Layout title={`Collections of ${owner.name}`} signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <CollectionsPage owner={owner} collections={await listCollectionsOf(db, owner.id)} curator={mayCurate(c.var.signedIn, owner.id)} />
        </Layout>,
      );
    })
    .post("/:handle{@[a-z0-9_]+}/collections", async (c) => {
      const owner = await organization(c);
      requireCurator(c, owner);
      const form = await c.req.formData();
      try {
        const collection = await createCollection(db, collectionAddress(context(c)), owner, { name: formText(form, "name"), summary: formText(form, "summary") });
        setFlash(c, { kind: "notice", message: `“${collection.name}” is ready. Add practices to it from their pages.` });
        return c.redirect(collectionPath(collection), 303);
      } catch (error) {
        if (!(error instanceof PlazaError) || error.kind !== "invalid") throw error;
        setFlash(c, { kind: "error", message: error.message });
        return c.redirect(`/@${owner.username}/collections#new-collection`, 303);
      }
    })
    .post("/collections/add", async (c) => {
      const form = await c.req.formData();
      const { collection, owner } = await collectionOf(formText(form, "collection"));
      requireCurator(c, owner);
      const practice = await findPracticeByPublicId(db, formText(form, "practice"));
      if (!practice) throw new PlazaError("not_found", "There is no such practice on this server.");
      const curatorId = c.var.signedIn?.account.actorId ?? owner.id;
      try {
        await curate(context(c), db, collection, practice, { note: formText(form, "note"), curatorId });
        setFlash(c, { kind: "notice", message: `Added to “${collection.name}”, and shared with ${owner.name}'s followers.` });
      } catch (error) {
        if (!(error instanceof PlazaError) || error.kind === "forbidden") throw error;
        setFlash(c, { kind: "error", message: error.message });
      }
      return c.redirect(practicePath(practice), 303);
    })
    .get("/collections/:id", async (c) => {
      // Fedify answered ActivityPub clients before this route.
      const { collection, owner } = await collectionOf(c.req.param("id"));
      return c.html(
        <Layout title={collection.name} signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <CollectionPage collection={collection} owner={owner} items={await listCollectionItems(db, collection.id)} curator={mayCurate(c.var.signedIn, owner.id)} />
        </Layout>,
      );
    })
    .post("/collections/:id", async (c) => {
      const { collection, owner } = await collectionOf(c.req.param("id"));
      requireCurator(c, owner);
      const form = await c.req.formData();
      try {
        await updateCollection(db, collection, { name: formText(form, "name"), summary: formText(form, "summary") });
        setFlash(c, { kind: "notice", message: "Saved." });
      } catch (error) {
        if (!(error instanceof PlazaError) || error.kind !== "invalid") throw error;
        setFlash(c, { kind: "error", message: error.message });
      }
      return c.redirect(collectionPath(collection), 303);
    })
    .post("/collections/:id/delete", async (c) => {
      const { collection, owner } = await collectionOf(c.req.param("id"));
      requireCurator(c, owner);
      await dropCollection(context(c), db, collection);
      setFlash(c, { kind: "notice", message: `“${collection.name}” is deleted.` });
      return c.redirect(`/@${owner.username}/collections`, 303);
    })
    .post("/collections/:id/items/:item{[0-9]+}/remove", async (c) => {
      const { collection, owner } = await collectionOf(c.req.param("id"));
      requireCurator(c, owner);
      await uncurate(context(c), db, collection, Number(c.req.param("item")));
      setFlash(c, { kind: "notice", message: "Taken out of the collection." });
      return c.redirect(collectionPath(collection), 303);
    });
}
