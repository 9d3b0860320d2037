import { rm } from "node:fs/promises";
import { count } from "drizzle-orm";
import type { Context } from "@fedify/fedify";
import { createMember, grantRole } from "../../src/accounts/accounts.ts";
import type { Role } from "../../src/accounts/permissions.ts";
import type { ActorRow, LocalActorKind } from "../../src/actors/model.ts";
import { createLocalActor, findActorByIri } from "../../src/actors/store.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { fedifyQueue } from "../../src/db/schema.ts";
import { localActorUris } from "../../src/federation/actors.ts";
import { type RunningPlaza, runPlaza } from "../../src/server.ts";
import { recordFollow } from "../../src/social/follows.ts";
import type { TestDatabase } from "./database.ts";
import { Browser, eventually, prepareTestServer } from "./instance.ts";
import type { RemoteActor, RemoteServer } from "./remote-server.ts";

/**
 * Plaza running in the test process (web server and queue worker, HTTPS on its own loopback
 * address): the test can read and write its database while it serves requests.
 */
export class InProcessPlaza {
  private constructor(
    readonly ip: string,
    private readonly running: RunningPlaza,
    private readonly database: TestDatabase,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<InProcessPlaza> {
    const { ip, dataDir, database, settings } = await prepareTestServer("plaza-in-process-");
    const running = await runPlaza(loadConfig({ ...settings, LOG_LEVEL: process.env.PLAZA_TEST_LOG_LEVEL ?? "error" }));
    return new InProcessPlaza(ip, running, database, dataDir);
  }

  get origin(): string {
    return `https://${this.ip}`;
  }

  get db(): Database {
    return this.running.plaza.database.db;
  }

  /** Waits until the queue is empty: every activity delivered to it, or sent by it, has been handled. */
  async settled(): Promise<void> {
    await eventually(async () => {
      const [row] = await this.db.select({ n: count() }).from(fedifyQueue);
      return row?.n === 0;
    });
  }

  context(): Context<void> {
    return this.running.plaza.context();
  }

  url(pathname: string): string {
    return new URL(pathname, this.origin).href;
  }

  async createActor(kind: Exclude<LocalActorKind, "instance" | "member">, username: string, name: string): Promise<ActorRow> {
    const uris = localActorUris(this.context());
    return this.db.transaction((tx) => createLocalActor(tx, uris, { kind, username, name }));
  }

  async createMember(member: { email: string; password: string; username: string; name: string; roles?: Readonly<Record<string, Role>> }): Promise<void> {
    await createMember(this.db, localActorUris(this.context()), member);
    for (const [organization, role] of Object.entries(member.roles ?? {})) await grantRole(this.db, member.email, organization, role);
  }

  /**
   * `follower`, an actor of the fake remote server, follows one of ours (a signed `Follow`, accepted
   * at once); with `back`, ours follows it too, as if its server had accepted (nothing is sent).
   * Answers the follower as stored here.
   */
  async followedBy(remote: RemoteServer, follower: RemoteActor, ours: ActorRow, options: { back?: boolean } = {}): Promise<ActorRow> {
    const follow = { "@context": "https://www.w3.org/ns/activitystreams", id: `${follower.iri}#follow/${ours.username}`, type: "Follow", actor: follower.iri, object: ours.iri };
    const response = await remote.deliver(this.context().getInboxUri().href, follow, follower);
    if (response.status !== 202) throw new Error(`the Follow was answered ${response.status}`);
    await this.settled();
    const known = await findActorByIri(this.db, follower.iri);
    if (!known) throw new Error(`${follower.iri} was not remembered`);
    if (options.back) await recordFollow(this.db, { activityIri: `${ours.iri}#follows/${known.id}`, followerId: ours.id, followingId: known.id, status: "accepted" });
    return known;
  }

  /** A browser-like session signed in as a member. */
  async signIn(email: string, password: string): Promise<Browser> {
    const browser = new Browser(this.origin);
    const response = await browser.submit("/sign-in", { email, password });
    if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
    return browser;
  }

  async stop(): Promise<void> {
    await this.running.stop();
    await this.database.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
