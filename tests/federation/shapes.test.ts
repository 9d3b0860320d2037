import { createPublicKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { importMultibaseKey } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Instance } from "../support/instance.ts";
import { activityJson } from "../support/signing.ts";

/** The fields Mastodon reads from an actor document (app/services/activitypub/process_account_service.rb). */
interface ActorDocument {
  "@context": unknown;
  id: string;
  type: string;
  preferredUsername: string;
  name?: string;
  inbox: string;
  outbox: string;
  followers: string;
  following: string;
  url?: string;
  endpoints?: { sharedInbox?: string };
  publicKey?: { id: string; owner: string; publicKeyPem: string };
  assertionMethod?: { id: string; type: string; controller: string; publicKeyMultibase: string }[];
}

interface Jrd {
  subject: string;
  aliases?: string[];
  links: { rel: string; type?: string; href?: string }[];
}

const seedMembers = [{ email: "anne@paris.test", password: "correct horse battery", username: "anne", name: "Anne", roles: { paris: "admin" as const } }];

async function getJson<T>(url: string, accept = activityJson): Promise<{ response: Response; body: T }> {
  const response = await fetch(url, { headers: { Accept: accept } });
  const text = await response.text();
  expect(response.status, `${url} → ${text}`).toBe(200);
  return { response, body: JSON.parse(text) as T };
}

describe("what other servers see of a Plaza server", () => {
  let plaza: Instance;

  beforeAll(async () => {
    plaza = await Instance.create({
      seed: {
        actors: [
          { kind: "city", username: "paris", name: "Paris" },
          { kind: "network", username: "uclg", name: "UCLG Community of Practice" },
        ],
        members: seedMembers,
      },
    });
    await plaza.start();
  });

  afterAll(async () => {
    await plaza?.destroy();
  });

  const webfinger = (resource: string) => fetch(plaza.url(`/.well-known/webfinger?resource=${encodeURIComponent(resource)}`));

  describe("WebFinger", () => {
    test("acct:paris@<ip> gives the JRD Mastodon needs: exact subject, a self link to the actor id", async () => {
      const response = await webfinger(`acct:paris@${plaza.ip}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/jrd\+json/);
      const jrd = (await response.json()) as Jrd;
      expect(jrd.subject).toBe(`acct:paris@${plaza.ip}`);
      const self = jrd.links.filter((link) => link.rel === "self");
      expect(self).toHaveLength(1);
      expect(self[0]!.type).toBe(activityJson);
      expect(self[0]!.href).toBe(plaza.url("/@paris"));
      const { body: actor } = await getJson<ActorDocument>(self[0]!.href!);
      expect(actor.id).toBe(self[0]!.href);
    });

    test("an unknown user is 404", async () => {
      expect((await webfinger(`acct:nobody@${plaza.ip}`)).status).toBe(404);
      // A known user on another host is not ours either.
      expect((await webfinger("acct:paris@elsewhere.example")).status).toBe(404);
    });

    test("the user part is case-insensitive, and the link leads to the actor's own spelling", async () => {
      const response = await webfinger(`acct:PaRiS@${plaza.ip}`);
      expect(response.status).toBe(200);
      const jrd = (await response.json()) as Jrd;
      expect(jrd.subject.toLowerCase()).toBe(`acct:paris@${plaza.ip}`);
      expect(jrd.links.find((link) => link.rel === "self")?.href).toBe(plaza.url("/@paris"));
    });

    test.each(["paris", "uclg", "anne", "plaza.instance"])(
      "@%s round-trips: preferredUsername + the host of its id gives back the same subject and actor",
      async (username) => {
        const { body: actor } = await getJson<ActorDocument>(plaza.url(`/@${username}`));
        const acct = `acct:${actor.preferredUsername}@${new URL(actor.id).host}`;
        const response = await webfinger(acct);
        expect(response.status).toBe(200);
        const jrd = (await response.json()) as Jrd;
        expect(jrd.subject).toBe(acct);
        expect(jrd.links.find((link) => link.rel === "self" && link.type === activityJson)?.href).toBe(actor.id);
      },
    );
  });

  describe("actor documents", () => {
    test.each([
      { username: "paris", type: "Organization", name: "Paris" },
      { username: "uclg", type: "Group", name: "UCLG Community of Practice" },
      { username: "anne", type: "Person", name: "Anne" },
      { username: "plaza.instance", type: "Application", name: undefined },
    ])("$type @$username has every field Mastodon requires, with a 2048-bit RSA key and an Ed25519 multikey", async ({ username, type, name }) => {
      const url = plaza.url(`/@${username}`);
      const { response, body: actor } = await getJson<ActorDocument>(url);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/activity\+json/);

      const context = [actor["@context"]].flat();
      expect(context[0]).toBe("https://www.w3.org/ns/activitystreams");
      expect(context).toContain("https://w3id.org/security/v1"); // defines publicKey for JSON-LD processors

      expect(actor.id).toBe(url);
      expect(actor.type).toBe(type);
      expect(actor.preferredUsername).toBe(username);
      if (name) expect(actor.name).toBe(name);
      for (const [property, pathname] of [["inbox", "inbox"], ["outbox", "outbox"], ["followers", "followers"], ["following", "following"]] as const) {
        expect(actor[property], property).toBe(`${url}/${pathname}`);
      }
      expect(actor.endpoints?.sharedInbox).toBe(plaza.url("/inbox"));

      // HTTP Signatures: Mastodon verifies only RSA, and checks that the key's owner is the actor.
      expect(actor.publicKey?.owner).toBe(actor.id);
      expect(new URL(actor.publicKey!.id).href.startsWith(`${actor.id}#`)).toBe(true);
      const rsa = createPublicKey(actor.publicKey!.publicKeyPem);
      expect(rsa.asymmetricKeyType).toBe("rsa");
      expect(rsa.asymmetricKeyDetails?.modulusLength).toBe(2048);

      // Object integrity proofs (FEP-8b32) use the Ed25519 key published as a Multikey.
      const algorithms: string[] = [];
      for (const method of actor.assertionMethod ?? []) {
        expect(method.type).toBe("Multikey");
        expect(method.controller).toBe(actor.id);
        algorithms.push((await importMultibaseKey(method.publicKeyMultibase)).algorithm.name);
      }
      expect(algorithms).toContain("Ed25519");
    });

    test("each actor has keys of its own", async () => {
      const pems = await Promise.all(
        ["paris", "uclg", "anne", "plaza.instance"].map(async (username) => (await getJson<ActorDocument>(plaza.url(`/@${username}`))).body.publicKey?.publicKeyPem),
      );
      expect(new Set(pems).size).toBe(4);
    });

    test("an unknown actor is 404 for ActivityPub clients and browsers alike", async () => {
      expect((await fetch(plaza.url("/@nobody"), { headers: { Accept: activityJson } })).status, "ActivityPub").toBe(404);
      // The web page knows the actor does not exist: "not acceptable" (406) would suggest it exists in another format.
      expect((await fetch(plaza.url("/@nobody"), { headers: { Accept: "text/html" } })).status, "browser").toBe(404);
    });
  });

  describe("content negotiation on the actor URL", () => {
    test("a browser gets an HTML page with the city's name", async () => {
      for (const accept of ["text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]) {
        const response = await fetch(plaza.url("/@paris"), { headers: { Accept: accept } });
        expect(response.status).toBe(200);
        expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
        const html = await response.text();
        expect(html).toContain("<h1>Paris</h1>");
        expect(html).toContain(`@paris@${plaza.ip}`);
      }
    });

    test("the JSON-LD media type with the ActivityStreams profile gets the actor document", async () => {
      const { body } = await getJson<ActorDocument>(plaza.url("/@paris"), 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"');
      expect(body.id).toBe(plaza.url("/@paris"));
      expect(body.type).toBe("Organization");
    });

    // Both representations live at one URL: a shared cache (a CDN, a reverse proxy) must key them on Accept,
    // or it may hand the HTML page to a server that asked for JSON, or the reverse.
    test("both representations say they vary by Accept", async () => {
      const json = await fetch(plaza.url("/@paris"), { headers: { Accept: activityJson } });
      const html = await fetch(plaza.url("/@paris"), { headers: { Accept: "text/html" } });
      expect(json.headers.get("Vary") ?? "").toMatch(/accept/i);
      expect(html.headers.get("Vary") ?? "").toMatch(/accept/i);
    });
  });

  describe("NodeInfo", () => {
    test("/.well-known/nodeinfo links to a 2.1 document naming Plaza, ActivityPub and the number of members", async () => {
      const { body: links } = await getJson<{ links: { rel: string; href: string }[] }>(plaza.url("/.well-known/nodeinfo"), "application/json");
      const link = links.links.find((l) => l.rel === "http://nodeinfo.diaspora.software/ns/schema/2.1");
      expect(link).toBeDefined();
      expect(new URL(link!.href).origin).toBe(plaza.origin);

      const { body: nodeinfo } = await getJson<{
        version: string;
        software: { name: string; version: string };
        protocols: string[];
        usage: { users: { total: number } };
      }>(link!.href, "application/json");
      const packageJson = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
      expect(nodeinfo.version).toBe("2.1");
      expect(nodeinfo.software).toEqual({ name: "plaza", version: packageJson.version });
      expect(nodeinfo.protocols).toEqual(["activitypub"]);

      // Members are the seeded ones plus the operator the server creates on its first start (it says so in its log).
      expect(plaza.log).toContain("an operator account was created");
      const { body: operator } = await getJson<ActorDocument>(plaza.url("/@operator"));
      expect(operator.type).toBe("Person");
      expect(nodeinfo.usage.users.total).toBe(seedMembers.length + 1);
    });
  });

  describe("collections", () => {
    test.each(["followers", "following", "outbox"])("%s of every actor is an OrderedCollection with totalItems", async (collection) => {
      for (const username of ["paris", "uclg", "anne"]) {
        const url = plaza.url(`/@${username}/${collection}`);
        const { response, body } = await getJson<{ id: string; type: string; totalItems: unknown; first?: string }>(url);
        expect(response.headers.get("Content-Type")).toMatch(/^application\/activity\+json/);
        expect(body.id).toBe(url);
        expect(body.type).toBe("OrderedCollection");
        expect(body.totalItems).toBe(0);
        if (body.first !== undefined) {
          const { body: page } = await getJson<{ type: string; partOf?: string; orderedItems?: unknown }>(body.first);
          expect(page.type).toBe("OrderedCollectionPage");
          expect(page.partOf).toBe(url);
        }
      }
    });

    test("the actor document links to the collections that are served", async () => {
      const { body: actor } = await getJson<ActorDocument>(plaza.url("/@paris"));
      for (const url of [actor.followers, actor.following, actor.outbox]) {
        const { body } = await getJson<{ id: string }>(url);
        expect(body.id).toBe(url);
      }
    });

    // Collections belong to actors: a username nobody has gets 404 here, as its actor document does.
    test.each(["followers", "following", "outbox"])("an unknown actor has no %s collection (404)", async (collection) => {
      const response = await fetch(plaza.url(`/@nobody/${collection}`), { headers: { Accept: activityJson } });
      expect(response.status).toBe(404);
    });
  });
});
