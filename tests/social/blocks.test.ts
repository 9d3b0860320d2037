import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMember, grantRole, loadPrincipal } from "../../src/accounts/accounts.ts";
import { type Principal, can } from "../../src/accounts/permissions.ts";
import type { ActorRow } from "../../src/actors/model.ts";
import { upsertRemoteActor } from "../../src/actors/store.ts";
import { PlazaError } from "../../src/errors.ts";
import {
  addBlock,
  blockedAmong,
  domainCovers,
  findBlockCovering,
  followsWith,
  listBlocks,
  normalizeDomain,
  remoteActorsCoveredBy,
  removeBlock,
} from "../../src/social/blocks.ts";
import { recordFollow } from "../../src/social/follows.ts";
import { listModerationLog, logModeration } from "../../src/social/moderation.ts";
import { concernedOrganizations, concernsThisServer, listReports, recordIncomingReport, resolveReport } from "../../src/social/reports.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, remoteActorData, testActorUris } from "../support/domain.ts";

const password = "correct horse battery";

describe("domains", () => {
  test("are normalized from what a moderator types", () => {
    expect(normalizeDomain("Spam.Example")).toBe("spam.example");
    expect(normalizeDomain(" https://spam.example:8443/users/x ")).toBe("spam.example");
    expect(normalizeDomain("@troll@spam.example")).toBe("spam.example");
    expect(normalizeDomain("spam.example.")).toBe("spam.example");
    expect(normalizeDomain("127.0.0.9")).toBe("127.0.0.9");
    for (const bad of ["", "localhost", "not a domain", "https://"]) expect(() => normalizeDomain(bad)).toThrow(PlazaError);
  });

  test("cover their subdomains, as Mastodon's do, but an address covers only itself", () => {
    expect(domainCovers("spam.example", "spam.example")).toBe(true);
    expect(domainCovers("spam.example", "a.b.spam.example")).toBe(true);
    expect(domainCovers("spam.example", "notspam.example")).toBe(false);
    expect(domainCovers("spam.example", "spam.example.org")).toBe(false);
    expect(domainCovers("0.0.0.1", "127.0.0.1")).toBe(false);
    expect(domainCovers("127.0.0.1", "127.0.0.1")).toBe(true);
  });
});

describe("blocks", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let paris: ActorRow;
  let lyon: ActorRow;
  let troll: ActorRow;
  let spammer: ActorRow;
  let neighbour: ActorRow;
  let adminAccount: number;
  let admin: Principal;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    paris = await createTestActor(db, { kind: "city", username: "paris", name: "Paris" });
    lyon = await createTestActor(db, { kind: "city", username: "lyon", name: "Lyon" });
    const created = await createMember(db, testActorUris, { email: "ana@plaza.test", password, username: "ana", name: "Ana" });
    await grantRole(db, "ana@plaza.test", "paris", "admin");
    adminAccount = created.account.id;
    admin = await loadPrincipal(db, created.account);
    troll = await upsertRemoteActor(db, remoteActorData("https://bad.example/users/troll"));
    spammer = await upsertRemoteActor(db, remoteActorData("https://cdn.spam.example:8443/users/spammer"));
    neighbour = await upsertRemoteActor(db, remoteActorData("https://good.example/users/neighbour"));
  });

  afterAll(async () => {
    await database?.dispose();
  });

  test("an admin of any city may block (server-wide); an editor or a plain member may not", () => {
    expect(can(admin, "moderate")).toBe(true);
    expect(can(admin, "moderate", paris.id)).toBe(true);
    expect(can(admin, "moderate", lyon.id)).toBe(false);
    expect(can({ isOperator: false, roles: new Map([[paris.id, "editor"]]) }, "moderate")).toBe(false);
    expect(can({ isOperator: false, roles: new Map() }, "moderate")).toBe(false);
    expect(can({ isOperator: true, roles: new Map() }, "moderate")).toBe(true);
  });

  test("an actor block covers that actor only; a domain block its host and subdomains, whatever the port", async () => {
    const { db } = database;
    const actorBlock = await addBlock(db, { kind: "actor", value: troll.iri, reason: "harassment", accountId: adminAccount });
    expect(actorBlock.created).toBe(true);
    expect((await findBlockCovering(db, [troll.iri]))?.id).toBe(actorBlock.block.id);
    expect(await findBlockCovering(db, ["https://bad.example/users/other"])).toBeUndefined();

    const domainBlock = await addBlock(db, { kind: "domain", value: "spam.example", reason: "spam", accountId: adminAccount });
    expect((await findBlockCovering(db, [spammer.iri]))?.id).toBe(domainBlock.block.id);
    expect((await findBlockCovering(db, [new URL("https://spam.example/x#main-key")]))?.kind).toBe("domain");
    expect(await findBlockCovering(db, [neighbour.iri, "not a url"])).toBeUndefined();

    expect((await addBlock(db, { kind: "domain", value: "spam.example", reason: "again", accountId: adminAccount })).created).toBe(false);
    expect((await listBlocks(db)).map((b) => [b.block.value, b.by])).toEqual([
      ["spam.example", "Ana"],
      [troll.iri, "Ana"],
    ]);
    expect((await remoteActorsCoveredBy(db, domainBlock.block)).map((a) => a.iri)).toEqual([spammer.iri]);
    expect((await remoteActorsCoveredBy(db, actorBlock.block)).map((a) => a.iri)).toEqual([troll.iri]);
  });

  test("among several recipients, the blocked ones are told apart", async () => {
    const blocked = await blockedAmong(database.db, [troll.iri, spammer.iri, neighbour.iri, `${spammer.iri}/inbox`]);
    expect([...blocked].sort()).toEqual([spammer.iri, `${spammer.iri}/inbox`, troll.iri].sort());
  });

  test("follows across a block are found both ways, pending or accepted", async () => {
    const { db } = database;
    await recordFollow(db, { activityIri: "https://bad.example/follows/1", followerId: troll.id, followingId: paris.id, status: "accepted" });
    await recordFollow(db, { activityIri: "https://plaza.test/follows/2", followerId: lyon.id, followingId: troll.id, status: "pending" });
    await recordFollow(db, { activityIri: "https://plaza.test/follows/3", followerId: paris.id, followingId: neighbour.id, status: "accepted" });
    const across = await followsWith(db, [troll.id]);
    expect(across.map((f) => [f.direction, f.local.username, f.remote.iri]).sort()).toEqual([
      ["in", "paris", troll.iri],
      ["out", "lyon", troll.iri],
    ]);
  });

  test("unblocking removes the block, logs it, and refuses a block that is gone", async () => {
    const { db } = database;
    const [listing] = (await listBlocks(db)).filter((b) => b.block.kind === "domain");
    if (!listing) throw new Error("no domain block");
    await removeBlock(db, listing.block.id, adminAccount, "they cleaned up");
    expect(await findBlockCovering(db, [spammer.iri])).toBeUndefined();
    await expect(removeBlock(db, listing.block.id, adminAccount)).rejects.toThrow(PlazaError);
  });

  test("every block and unblock is in the log, with who did it", async () => {
    const { db } = database;
    await logModeration(db, { accountId: adminAccount, action: "hide_comment", target: "https://good.example/notes/1", note: "off-topic" });
    await logModeration(db, { accountId: null, action: "delete_comment", target: "https://good.example/notes/2" });
    const log = await listModerationLog(db);
    expect(log.map(({ entry, by }) => [entry.action, entry.target, by?.username ?? null])).toEqual([
      ["delete_comment", "https://good.example/notes/2", null],
      ["hide_comment", "https://good.example/notes/1", "ana"],
      ["unblock_domain", "spam.example", "ana"],
      ["block_domain", "spam.example", "ana"],
      ["block_actor", troll.iri, "ana"],
    ]);
    expect(log[2]?.entry.note).toBe("they cleaned up");
  });

  test("a report about a city reaches that city's admins and the operators, not other admins", async () => {
    const { db } = database;
    expect(await concernsThisServer(db, ["https://good.example/users/neighbour"])).toBe(false);
    expect(await concernsThisServer(db, [paris.iri])).toBe(true);
    expect((await concernedOrganizations(db, [paris.iri, neighbour.iri])).map((o) => o.username)).toEqual(["paris"]);
    const report = await recordIncomingReport(db, { activityIri: "https://good.example/flags/1", reporterId: neighbour.id, targetIris: [paris.iri], content: "Spam" });
    if (!report) throw new Error("not recorded");
    expect(await recordIncomingReport(db, { activityIri: "https://good.example/flags/1", reporterId: neighbour.id, targetIris: [paris.iri], content: "Spam" })).toBeUndefined();

    const lyonAdmin: Principal = { isOperator: false, roles: new Map([[lyon.id, "admin"]]) };
    const operator: Principal = { isOperator: true, roles: new Map() };
    expect((await listReports(db, admin)).map((r) => r.report.id)).toEqual([report.id]);
    expect(await listReports(db, lyonAdmin)).toEqual([]);
    expect((await listReports(db, operator)).map((r) => r.report.id)).toEqual([report.id]);

    await expect(resolveReport(db, lyonAdmin, adminAccount, report.id)).rejects.toThrow(PlazaError);
    const resolved = await resolveReport(db, admin, adminAccount, report.id, "talked to them");
    expect(resolved.status).toBe("resolved");
    expect(await listReports(db, operator)).toEqual([]);
    expect((await listModerationLog(db, 1))[0]?.entry).toMatchObject({ action: "resolve_report", note: "talked to them" });
  });
});
