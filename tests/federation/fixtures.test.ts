import { Object as APObject } from "@fedify/vocab";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ActorRow, instanceUsername } from "../../src/actors/model.ts";
import { follows, posts } from "../../src/db/schema.ts";
import { followByHandle } from "../../src/federation/following.ts";
import { type Json, fixtureFiles, fixtureLabel, idOf, loadFixture, replaceIri, rewrite } from "../support/fixtures.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { eventually } from "../support/instance.ts";
import { RemoteServer } from "../support/remote-server.ts";

const files = fixtureFiles();
const load = loadFixture;
const label = fixtureLabel;

const isActivity = (json: Json) => "actor" in json && "object" in json;
const postTypes = new Set(["Note", "Page", "Article"]);
const addressedToPublic = (object: Json) =>
  ([] as unknown[]).concat(object.to ?? [], object.cc ?? []).some((id) => id === "https://www.w3.org/ns/activitystreams#Public" || id === "as:Public" || id === "Public");
/** A public Create or Update of a post, by its own author: these must be kept as posts (private ones must not). */
const isPost = (json: Json) =>
  (json.type === "Create" || json.type === "Update") &&
  typeof json.object === "object" && json.object !== null &&
  postTypes.has(String((json.object as Json).type)) &&
  addressedToPublic(json.object as Json) &&
  idOf(json.actor) === idOf(([] as unknown[]).concat((json.object as Json).attributedTo)[0]);

/**
 * A post gets an id never seen here: friendica's delete.json deletes the very Note that its
 * update_note.json then updates, and a deleted object does not come back (tombstones).
 */
function asNewPost(activity: Json): Json {
  const id = isPost(activity) ? idOf(activity.object) : undefined;
  return id ? (replaceIri(activity, id, `${id}?as-new-post`) as Json) : activity;
}

describe("recorded payloads of fifteen other servers", () => {
  let remote: RemoteServer;
  let plaza: InProcessPlaza;
  let city: ActorRow;
  let sharedInbox: string;

  beforeAll(async () => {
    remote = await RemoteServer.start();
    plaza = await InProcessPlaza.start();
    city = await plaza.createActor("city", "lisbon", "Lisbon");
    sharedInbox = plaza.context().getInboxUri().href;
  });

  afterAll(async () => {
    await plaza?.stop();
    await remote?.stop();
  });

  test("there are recorded payloads to test with", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  test.each(files.map((f) => [label(f), f]))("%s parses with Fedify", async (_label, file) => {
    const json = rewrite(load(file), remote.origin) as Json;
    const ctx = plaza.context();
    const parsed = await APObject.fromJsonLd(json, { contextLoader: ctx.contextLoader, documentLoader: ctx.documentLoader });
    expect(parsed.id?.href ?? null).toBe(typeof json.id === "string" ? json.id : null);
  });

  const activities = files.filter((f) => isActivity(load(f)));

  test.each(activities.map((f) => [label(f), f]))("%s is delivered to a real inbox without a server error", async (_label, file) => {
    const activity = asNewPost(rewrite(load(file), remote.origin) as Json);
    const actorIri = idOf(([] as unknown[]).concat(activity.actor)[0]);
    if (!actorIri) throw new Error(`${file} has no actor`);
    const actor = await remote.addActor(new URL(actorIri).pathname);
    const post = isPost(activity);
    if (post) {
      // We keep posts only from actors someone here follows.
      const ctx = plaza.context();
      const follow = await followByHandle(ctx, plaza.db, city.username, actor.iri);
      await eventually(async () => {
        const [row] = await plaza.db.select().from(follows).where(eq(follows.id, follow.id));
        return row?.status === "accepted";
      });
    }
    const response = await remote.deliver(sharedInbox, activity, actor);
    expect(response.status).toBeLessThan(500);
    if (post) {
      const objectId = idOf(activity.object);
      await eventually(async () => {
        const [row] = await plaza.db.select().from(posts).where(eq(posts.iri, String(objectId)));
        expect(row?.authorId).toBeDefined();
        expect(row?.contentHtml).not.toMatch(/<script|onerror=|javascript:/i);
        return true;
      });
    }
    // And the server still answers.
    expect((await fetch(plaza.context().getActorUri(instanceUsername), { headers: { Accept: "application/activity+json" } })).status).toBe(200);
  });
});
