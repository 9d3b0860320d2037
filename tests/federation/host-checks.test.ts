import { Announce, Create, Delete, Flag, Like, Note, Tombstone, Undo, Update } from "@fedify/vocab";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import type { Database } from "../../src/db/client.ts";
import { fedifyKv, posts } from "../../src/db/schema.ts";
import { originViolation } from "../../src/federation/inbox/origin.ts";
import { followByHandle } from "../../src/federation/following.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { eventually } from "../support/instance.ts";
import { RemoteServer } from "../support/remote-server.ts";

const as = "https://www.w3.org/ns/activitystreams";

/** Whether an incoming activity has been through its inbox listener: Fedify then records its id for idempotence. */
async function handled(db: Database, activityId: string): Promise<boolean> {
  const rows = await db.select({ key: fedifyKv.key }).from(fedifyKv).where(like(fedifyKv.key, `["_fedify","activityIdempotence",%${JSON.stringify(activityId)}]`));
  return rows.length > 0;
}
const a = (path: string) => new URL(path, "https://a.example");
const b = (path: string) => new URL(path, "https://b.example");

describe("the origin rule (Mastodon's): who may speak for an object", () => {
  test("Create, Update and Delete of an object must come from the object's own server", () => {
    expect(originViolation(new Create({ actor: a("/u"), object: new Note({ id: b("/n") }) }))).toContain(b("/n").href);
    expect(originViolation(new Create({ actor: a("/u"), object: b("/n") }))).toBeDefined();
    expect(originViolation(new Update({ actor: a("/u"), object: new Note({ id: b("/n") }) }))).toBeDefined();
    expect(originViolation(new Delete({ actor: a("/u"), object: new Tombstone({ id: b("/n") }) }))).toBeDefined();
    // The port is part of the origin: another port is another server.
    expect(originViolation(new Create({ actor: a("/u"), object: new URL("https://a.example:8443/n") }))).toBeDefined();
  });

  test("from the object's own server they pass, including an actor updating or deleting itself", () => {
    expect(originViolation(new Create({ actor: a("/u"), object: new Note({ id: a("/n") }) }))).toBeUndefined();
    expect(originViolation(new Update({ actor: a("/u"), object: a("/u") }))).toBeUndefined();
    expect(originViolation(new Delete({ actor: a("/u"), object: a("/u") }))).toBeUndefined();
  });

  test("Announce, Like, Flag and Undo may name objects on any server", () => {
    expect(originViolation(new Announce({ actor: a("/u"), object: b("/n") }))).toBeUndefined();
    expect(originViolation(new Like({ actor: a("/u"), object: b("/n") }))).toBeUndefined();
    expect(originViolation(new Flag({ actor: a("/u"), objects: [b("/u"), b("/n")] }))).toBeUndefined();
    expect(originViolation(new Undo({ actor: a("/u"), object: new Like({ id: a("/l"), actor: a("/u"), object: b("/n") }) }))).toBeUndefined();
  });
});

describe("the origin rule at a real inbox", () => {
  let plaza: InProcessPlaza;
  let home: RemoteServer;
  let other: RemoteServer;
  let author: Awaited<ReturnType<RemoteServer["addActor"]>>;
  let city: ActorRow;
  let sequence = 0;

  beforeAll(async () => {
    [plaza, home, other] = await Promise.all([InProcessPlaza.start(), RemoteServer.start(), RemoteServer.start()]);
    city = await plaza.createActor("city", "porto", "Porto");
    author = await home.addActor("/users/writer");
    // Posts are kept from followed actors only: Porto follows the author.
    const follow = await followByHandle(plaza.context(), plaza.db, "porto", author.iri);
    await eventually(async () => (await plaza.db.query.follows.findFirst({ where: (f, { eq: equals }) => equals(f.id, follow.id) }))?.status === "accepted");
  });

  afterAll(async () => {
    await Promise.all([plaza?.stop(), home?.stop(), other?.stop()]);
  });

  function note(server: RemoteServer, text: string) {
    sequence += 1;
    return { id: `${server.origin}/notes/${sequence}`, type: "Note", attributedTo: author.iri, content: `<p>${text}</p>`, to: [`${as}#Public`] };
  }

  async function post(iri: string) {
    const [row] = await plaza.db.select().from(posts).where(eq(posts.iri, iri));
    return row;
  }

  /** Delivers, then waits until Plaza's worker has handled the activity (Fedify records its id once its listener returned). */
  async function deliverAndSettle(activity: Record<string, unknown>) {
    expect((await home.deliver(plaza.url("/inbox"), activity, author)).status).toBe(202);
    await eventually(() => handled(plaza.db, String(activity.id)));
  }

  test("a Create of the author's own note is kept (the control case)", async () => {
    const own = note(home, "mine");
    await deliverAndSettle({ "@context": as, id: `${own.id}#create`, type: "Create", actor: author.iri, object: own });
    expect((await post(own.id))?.contentHtml).toContain("mine");
  });

  test("a Create of a note whose id is on another server is refused", async () => {
    const forged = note(other, "not yours");
    await deliverAndSettle({ "@context": as, id: `${home.origin}/activities/${sequence}`, type: "Create", actor: author.iri, object: forged });
    expect(await post(forged.id)).toBeUndefined();
  });

  test("a Create naming another server's object by reference is refused without fetching it", async () => {
    const elsewhere = note(other, "fetched?");
    other.serve(new URL(elsewhere.id).pathname, { "@context": as, ...elsewhere });
    await deliverAndSettle({ "@context": as, id: `${home.origin}/activities/${sequence}`, type: "Create", actor: author.iri, object: elsewhere.id });
    expect(await post(elsewhere.id)).toBeUndefined();
    expect(other.requested).not.toContain(new URL(elsewhere.id).pathname);
  });

  test("an Update of another server's post is refused, and the post stays as it was", async () => {
    const original = note(other, "original");
    // Kept legitimately first: `other`'s own actor publishes it. Porto follows that actor.
    const owner = await other.addActor("/users/owner");
    const follow = await followByHandle(plaza.context(), plaza.db, city.username, owner.iri);
    await eventually(async () => (await plaza.db.query.follows.findFirst({ where: (f, { eq: equals }) => equals(f.id, follow.id) }))?.status === "accepted");
    const owned = { ...original, attributedTo: owner.iri };
    expect((await other.deliver(plaza.url("/inbox"), { "@context": as, id: `${owned.id}#create`, type: "Create", actor: owner.iri, object: owned }, owner)).status).toBe(202);
    await eventually(async () => (await post(owned.id)) !== undefined);

    await deliverAndSettle({ "@context": as, id: `${home.origin}/updates/${sequence}`, type: "Update", actor: author.iri, object: { ...owned, content: "<p>defaced</p>" } });
    expect((await post(owned.id))?.contentHtml).toContain("original");

    await deliverAndSettle({ "@context": as, id: `${home.origin}/deletes/${sequence}`, type: "Delete", actor: author.iri, object: { id: owned.id, type: "Tombstone" } });
    expect(await post(owned.id)).toBeDefined();

    // Its own server may delete it.
    expect((await other.deliver(plaza.url("/inbox"), { "@context": as, id: `${owned.id}#delete`, type: "Delete", actor: owner.iri, object: owned.id }, owner)).status).toBe(202);
    await eventually(async () => (await post(owned.id)) === undefined);
  });
});
