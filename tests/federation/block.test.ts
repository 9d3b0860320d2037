import { count, eq, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ActorRow } from "../../src/actors/model.ts";
import { findActorByIri } from "../../src/actors/store.ts";
import { follows } from "../../src/db/schema.ts";
import { loadFixture, rewrite } from "../support/fixtures.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { type RemoteActor, RemoteServer } from "../support/remote-server.ts";

describe("another server's Block", () => {
  let remote: RemoteServer;
  let plaza: InProcessPlaza;
  let lisbon: ActorRow;
  let felix: RemoteActor;
  let inbox: string;

  const followsWithFelix = async () => {
    const known = await findActorByIri(plaza.db, felix.iri);
    if (!known) return 0;
    const [row] = await plaza.db
      .select({ n: count() })
      .from(follows)
      .where(or(eq(follows.followerId, known.id), eq(follows.followingId, known.id)));
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    [remote, plaza] = await Promise.all([RemoteServer.start(), InProcessPlaza.start()]);
    lisbon = await plaza.createActor("city", "lisbon", "Lisbon");
    inbox = plaza.context().getInboxUri().href;
    felix = await remote.addActor("/users/felix");
    // Felix follows Lisbon, and Lisbon follows Felix.
    await plaza.followedBy(remote, felix, lisbon, { back: true });
  });

  afterAll(async () => {
    await plaza?.stop();
    await remote?.stop();
  });

  test("a Lemmy ban names someone who is not ours: nothing changes", async () => {
    const ban = rewrite(loadFixture("lemmy/activities/block/block_user.json"), remote.origin) as Record<string, unknown>;
    const banned = { ...ban, id: `${felix.iri}#ban/1`, actor: felix.iri };
    expect((await remote.deliver(inbox, banned, felix)).status).toBe(202);
    await plaza.settled();
    expect(await followsWithFelix()).toBe(2);
  });

  test("blocking one of our cities ends the follows both ways", async () => {
    const block = { "@context": "https://www.w3.org/ns/activitystreams", id: `${felix.iri}#block/1`, type: "Block", actor: felix.iri, object: lisbon.iri };
    expect((await remote.deliver(inbox, block, felix)).status).toBe(202);
    await plaza.settled();
    expect(await followsWithFelix()).toBe(0);
  });

  test("activities Plaza has no use for are taken and dropped", async () => {
    const move = { "@context": "https://www.w3.org/ns/activitystreams", id: `${felix.iri}#move/1`, type: "Move", actor: felix.iri, object: felix.iri, target: `${remote.origin}/users/felix2` };
    expect((await remote.deliver(inbox, move, felix)).status).toBe(202);
    await plaza.settled();
  });
});
