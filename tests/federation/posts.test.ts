import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { posts } from "../../src/db/schema.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { type RemoteActor, RemoteServer } from "../support/remote-server.ts";

const publicCollection = "https://www.w3.org/ns/activitystreams#Public";

/** Posts from other software are kept only when public, and only from actors someone here follows. */
describe("which posts from other servers are kept", () => {
  let remote: RemoteServer;
  let plaza: InProcessPlaza;
  let lisbon: ActorRow;
  let felix: RemoteActor;
  let stranger: RemoteActor;
  let inbox: string;
  let n = 0;

  /** Delivers `Create(Note)` by `actor` with the given audience; answers whether the note was kept. */
  async function kept(actor: RemoteActor, audience: { to: string[]; cc?: string[] }): Promise<boolean> {
    n += 1;
    const id = `${actor.iri}/notes/${n}`;
    const note = { id, type: "Note", attributedTo: actor.iri, content: `<p>Note ${n}</p>`, published: new Date().toISOString(), ...audience };
    const create = { "@context": "https://www.w3.org/ns/activitystreams", id: `${id}/activity`, type: "Create", actor: actor.iri, object: note, ...audience };
    expect((await remote.deliver(inbox, create, actor)).status).toBe(202);
    await plaza.settled();
    return (await plaza.db.select().from(posts).where(eq(posts.iri, id))).length === 1;
  }

  beforeAll(async () => {
    [remote, plaza] = await Promise.all([RemoteServer.start(), InProcessPlaza.start()]);
    lisbon = await plaza.createActor("city", "lisbon", "Lisbon");
    inbox = plaza.context().getInboxUri().href;
    felix = await remote.addActor("/users/felix");
    stranger = await remote.addActor("/users/stranger");
    // Both follow Lisbon; Lisbon follows Felix back, and nobody here follows the stranger.
    await plaza.followedBy(remote, stranger, lisbon);
    await plaza.followedBy(remote, felix, lisbon, { back: true });
  });

  afterAll(async () => {
    await plaza?.stop();
    await remote?.stop();
  });

  test("a public note, and an unlisted one, from a followed actor are kept", async () => {
    expect(await kept(felix, { to: [publicCollection], cc: [`${felix.iri}/followers`] })).toBe(true);
    expect(await kept(felix, { to: [`${felix.iri}/followers`], cc: [publicCollection] })).toBe(true);
  });

  test("a followers-only or direct note from a followed actor is not ours to show", async () => {
    expect(await kept(felix, { to: [`${felix.iri}/followers`] })).toBe(false);
    expect(await kept(felix, { to: [lisbon.iri] })).toBe(false);
  });

  test("a public note from an actor nobody here follows is not kept", async () => {
    expect(await kept(stranger, { to: [publicCollection] })).toBe(false);
  });
});
