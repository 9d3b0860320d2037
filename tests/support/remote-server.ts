import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { readFile } from "node:fs/promises";
import { webcrypto } from "node:crypto";
import { signRequest } from "@fedify/fedify";
import { testCa } from "./tls.ts";
import { freshAddress } from "./addresses.ts";

const activityJson = "application/activity+json";

export interface RemoteActor {
  readonly iri: string;
  readonly username: string;
  readonly keyId: URL;
  readonly keys: CryptoKeyPair;
  readonly publicKeyPem: string;
  readonly document: Record<string, unknown>;
}

/**
 * Another fediverse server, as small as it can be: it serves actor documents (with an RSA key),
 * WebFinger, any JSON we give it, and an inbox that records what it receives. It signs what it
 * sends like Mastodon does, and accepts follows at once. Used to deliver recorded payloads of
 * real servers (shared/fixtures) to a real Plaza inbox without their hosts.
 */
export class RemoteServer {
  readonly received: Record<string, unknown>[] = [];
  /** Paths of the GET requests it answered (or refused), in order. */
  readonly requested: string[] = [];
  private readonly documents = new Map<string, unknown>();
  private readonly actors = new Map<string, RemoteActor>();

  private constructor(
    readonly ip: string,
    private readonly server: Server,
  ) {}

  static async start(): Promise<RemoteServer> {
    const ca = await testCa();
    const ip = freshAddress();
    const { certFile, keyFile } = await ca.issue(ip);
    let remote: RemoteServer | undefined;
    const server = createServer({ cert: await readFile(certFile), key: await readFile(keyFile) }, (req, res) => {
      void remote?.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(443, ip, () => resolve());
    });
    remote = new RemoteServer(ip, server);
    return remote;
  }

  get origin(): string {
    return `https://${this.ip}`;
  }

  /** An actor document at `path` (any path, so that recorded ids keep their shape), with its own key. */
  async addActor(path: string, type = "Person", extra: Record<string, unknown> = {}): Promise<RemoteActor> {
    const iri = new URL(path, this.origin).href;
    const existing = this.actors.get(iri);
    if (existing) return existing;
    const keys = (await webcrypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const spki = Buffer.from(await webcrypto.subtle.exportKey("spki", keys.publicKey)).toString("base64");
    const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${spki.match(/.{1,64}/g)?.join("\n")}\n-----END PUBLIC KEY-----\n`;
    const username = iri.split("/").filter(Boolean).at(-1)?.replace(/[^A-Za-z0-9_]/g, "_") ?? "actor";
    const keyId = new URL(`${iri}#main-key`);
    const document = {
      "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
      id: iri,
      type,
      preferredUsername: username,
      name: `Remote ${username}`,
      inbox: `${iri}/inbox`,
      outbox: `${iri}/outbox`,
      followers: `${iri}/followers`,
      endpoints: { sharedInbox: `${this.origin}/inbox` },
      publicKey: { id: keyId.href, owner: iri, publicKeyPem },
      ...extra,
    };
    const actor = { iri, username, keyId, keys, publicKeyPem, document };
    this.actors.set(iri, actor);
    this.documents.set(new URL(iri).pathname, document);
    return actor;
  }

  /** Serves `json` at `path` (an object that is only sent by reference, say). */
  serve(path: string, json: unknown): void {
    this.documents.set(path, json);
  }

  /** POSTs an activity to an inbox, signed by `actor` with draft-cavage HTTP Signatures. */
  async deliver(inbox: string, activity: unknown, actor: RemoteActor): Promise<Response> {
    const request = new Request(inbox, {
      method: "POST",
      headers: { "Content-Type": activityJson, Accept: activityJson },
      body: JSON.stringify(activity),
    });
    return fetch(await signRequest(request, actor.keys.privateKey, actor.keyId));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    if (req.method === "POST") {
      const body = await readBody(req);
      let activity: Record<string, unknown> | undefined;
      try {
        activity = JSON.parse(body) as Record<string, unknown>;
        this.received.push(activity);
      } catch {
        // not ours to judge
      }
      res.writeHead(202).end();
      if (activity?.type === "Follow") await this.acceptFollow(activity);
      return;
    }
    this.requested.push(url.pathname);
    if (url.pathname === "/.well-known/webfinger") return this.webfinger(url, res);
    const document = this.documents.get(url.pathname);
    if (document === undefined) return void res.writeHead(404).end();
    json(res, document, activityJson);
  }

  private webfinger(url: URL, res: ServerResponse): void {
    const resource = url.searchParams.get("resource") ?? "";
    const actor = [...this.actors.values()].find((a) => resource === `acct:${a.username}@${this.ip}` || resource === a.iri);
    if (!actor) return void res.writeHead(404).end();
    json(res, { subject: `acct:${actor.username}@${this.ip}`, links: [{ rel: "self", type: activityJson, href: actor.iri }] }, "application/jrd+json");
  }

  /** Accepts a follow of one of our actors at once, as most servers do. */
  private async acceptFollow(follow: Record<string, unknown>): Promise<void> {
    const followed = this.actors.get(String(follow.object));
    const followerIri = String(follow.actor);
    if (!followed) return;
    const follower = (await (await fetch(followerIri, { headers: { Accept: activityJson } })).json()) as { inbox: string };
    await this.deliver(follower.inbox, {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${followed.iri}#accepts/${crypto.randomUUID()}`,
      type: "Accept",
      actor: followed.iri,
      object: follow,
    }, followed);
  }
}

function json(res: ServerResponse, body: unknown, type: string): void {
  res.writeHead(200, { "Content-Type": type }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
