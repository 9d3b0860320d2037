import { isIP } from "node:net";
import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { accounts, actors, blocks, follows } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { logModeration } from "./moderation.ts";

export type BlockRow = typeof blocks.$inferSelect;
export type BlockKind = BlockRow["kind"];

/**
 * A domain as blocks store it: the host name in lower case, without port or trailing dot. Accepts
 * `spam.example`, `https://spam.example/anything` or `@user@spam.example` (the host is taken).
 */
export function normalizeDomain(input: string): string {
  const raw = input.trim().toLowerCase().replace(/^@?[^@\s/]+@/, "");
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new PlazaError("invalid", `"${input}" is not a domain: write it as spam.example.`, "target");
  }
  const hostname = url.hostname.replace(/\.$/, "");
  if (hostname === "" || (!hostname.includes(".") && !isIpHost(hostname))) {
    throw new PlazaError("invalid", `"${input}" is not a domain: write it as spam.example.`, "target");
  }
  return hostname;
}

function isIpHost(hostname: string): boolean {
  return isIP(hostname.replace(/^\[|\]$/g, "")) !== 0;
}

/** Whether a domain block on `domain` covers `hostname`: the same host, or (for names, not addresses) a subdomain of it. */
export function domainCovers(domain: string, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return host === domain || (!isIpHost(domain) && host.endsWith(`.${domain}`));
}

/** The domains whose block would cover `hostname`: itself and each parent domain, as Mastodon's domain blocks do. */
function coveringDomains(hostname: string): string[] {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (isIpHost(host)) return [host];
  const labels = host.split(".");
  return labels.map((_, i) => labels.slice(i).join("."));
}

function hostnameOf(iri: string | URL): string | undefined {
  if (iri instanceof URL) return iri.hostname;
  return URL.canParse(iri) ? new URL(iri).hostname : undefined;
}

/**
 * The block that covers any of these IRIs, if one does: a block of that very actor, or a domain
 * block of its host or of a parent domain. Pass every IRI the sender claims (actor, key id).
 */
export async function findBlockCovering(db: Database, iris: readonly (string | URL)[]): Promise<BlockRow | undefined> {
  const ids = [...new Set(iris.map((iri) => (iri instanceof URL ? iri.href : iri)))];
  const domains = [...new Set(iris.flatMap((iri) => {
    const host = hostnameOf(iri);
    return host ? coveringDomains(host) : [];
  }))];
  if (ids.length === 0) return undefined;
  const [row] = await db
    .select()
    .from(blocks)
    .where(
      or(
        and(eq(blocks.kind, "actor"), inArray(blocks.value, ids)),
        domains.length > 0 ? and(eq(blocks.kind, "domain"), inArray(blocks.value, domains)) : undefined,
      ),
    )
    .limit(1);
  return row;
}

export interface NewBlock {
  readonly kind: BlockKind;
  /** An actor IRI, or a domain already normalized by `normalizeDomain`. */
  readonly value: string;
  readonly reason: string;
  /** Who blocks (logged). */
  readonly accountId: number;
}

/** Records a block and logs it. A block that exists already is returned as it is (`created: false`). */
export async function addBlock(db: Database, block: NewBlock): Promise<{ block: BlockRow; created: boolean }> {
  return db.transaction(async (tx) => {
    const reason = block.reason.trim().slice(0, 1000);
    const [created] = await tx
      .insert(blocks)
      .values({ kind: block.kind, value: block.value, reason, createdBy: block.accountId })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [existing] = await tx.select().from(blocks).where(and(eq(blocks.kind, block.kind), eq(blocks.value, block.value)));
      if (!existing) throw new Error("block neither inserted nor found");
      return { block: existing, created: false };
    }
    await logModeration(tx, { accountId: block.accountId, action: block.kind === "actor" ? "block_actor" : "block_domain", target: block.value, note: reason });
    return { block: created, created: true };
  });
}

/** Lifts a block and logs it. Nothing that the block removed (follows) comes back. */
export async function removeBlock(db: Database, blockId: number, accountId: number, note = ""): Promise<BlockRow> {
  return db.transaction(async (tx) => {
    const [removed] = await tx.delete(blocks).where(eq(blocks.id, blockId)).returning();
    if (!removed) throw new PlazaError("not_found", "This block no longer exists.");
    await logModeration(tx, { accountId, action: removed.kind === "actor" ? "unblock_actor" : "unblock_domain", target: removed.value, note });
    return removed;
  });
}

export interface BlockListing {
  readonly block: BlockRow;
  /** The member who blocked, by name, when their account still exists. */
  readonly by: string | null;
}

export async function listBlocks(db: Database): Promise<BlockListing[]> {
  const blocker = alias(actors, "blocker");
  const rows = await db
    .select({ block: blocks, by: blocker.name })
    .from(blocks)
    .leftJoin(accounts, eq(accounts.id, blocks.createdBy))
    .leftJoin(blocker, eq(blocker.id, accounts.actorId))
    .orderBy(desc(blocks.id));
  return rows;
}

/** The other servers' actors we know of that a block covers. */
export async function remoteActorsCoveredBy(db: Database, block: Pick<BlockRow, "kind" | "value">): Promise<ActorRow[]> {
  if (block.kind === "actor") {
    return db.select().from(actors).where(and(eq(actors.local, false), eq(actors.iri, block.value)));
  }
  // `host` may carry a port; narrow in SQL, then match exactly.
  const candidates = await db
    .select()
    .from(actors)
    .where(and(eq(actors.local, false), sql`lower(${actors.host}) like ${`%${block.value}%`}`));
  return candidates.filter((actor) => {
    const host = hostnameOf(actor.iri);
    return host !== undefined && domainCovers(block.value, host);
  });
}

export interface FollowAcross {
  readonly followId: number;
  /** One of ours. */
  readonly local: ActorRow;
  /** The blocked one. */
  readonly remote: ActorRow;
  /** `in`: the remote actor follows ours; `out`: ours follows it. */
  readonly direction: "in" | "out";
}

/** Every follow, either way and pending or accepted, between our actors and these remote actors. */
export async function followsWith(db: Database, remoteIds: readonly number[]): Promise<FollowAcross[]> {
  if (remoteIds.length === 0) return [];
  const follower = alias(actors, "follower");
  const followed = alias(actors, "followed");
  const rows = await db
    .select({ id: follows.id, follower, followed })
    .from(follows)
    .innerJoin(follower, eq(follower.id, follows.followerId))
    .innerJoin(followed, eq(followed.id, follows.followingId))
    .where(or(inArray(follows.followerId, [...remoteIds]), inArray(follows.followingId, [...remoteIds])));
  return rows.flatMap(({ id, follower, followed }): FollowAcross[] => {
    if (!follower.local && followed.local) return [{ followId: id, local: followed, remote: follower, direction: "in" }];
    if (follower.local && !followed.local) return [{ followId: id, local: follower, remote: followed, direction: "out" }];
    return [];
  });
}

/** Which of these IRIs a block covers (an actor block on it, or a domain block on its host or a parent domain). */
export async function blockedAmong(db: Database, iris: readonly string[]): Promise<Set<string>> {
  if (iris.length === 0) return new Set();
  const rules = await db.select({ kind: blocks.kind, value: blocks.value }).from(blocks);
  return new Set(
    iris.filter((iri) => {
      const host = hostnameOf(iri);
      return rules.some((rule) => (rule.kind === "actor" ? rule.value === iri : host !== undefined && domainCovers(rule.value, host)));
    }),
  );
}
