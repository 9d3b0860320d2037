import { and, eq, isNull, sql } from "drizzle-orm";
import type { ActorRow, LocalActorUriBuilder, OrganizationKind } from "../actors/model.ts";
import { kindOf } from "../actors/model.ts";
import { createLocalActor, findLocalActor } from "../actors/store.ts";
import type { Database } from "../db/client.ts";
import { accounts, actors, memberships, oauthAccessTokens, sessions } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { hashPassword, validatePassword, verifyPassword } from "./passwords.ts";
import type { Principal, Role } from "./permissions.ts";

export type AccountRow = typeof accounts.$inferSelect;

export interface NewMember {
  readonly email: string;
  readonly password: string;
  readonly username: string;
  readonly name: string;
  readonly isOperator?: boolean;
}

// Deliberately loose: one "@", something on each side, no spaces. Deliverability is the mail server's business.
const emailPattern = /^[^\s@]+@[^\s@]+$/;

/** A member: a person who signs in, published as a `Person` actor. */
export async function createMember(db: Database, uris: LocalActorUriBuilder, member: NewMember): Promise<{ account: AccountRow; actor: ActorRow }> {
  const email = member.email.trim();
  if (!emailPattern.test(email) || email.length > 254) {
    throw new PlazaError("invalid", `"${member.email}" is not an email address.`, "email");
  }
  validatePassword(member.password);
  const passwordHash = await hashPassword(member.password);
  return db.transaction(async (tx) => {
    if (await findAccountByEmail(tx, email)) {
      throw new PlazaError("conflict", `An account with the email ${email} already exists.`, "email");
    }
    const actor = await createLocalActor(tx, uris, { kind: "member", username: member.username, name: member.name });
    const [account] = await tx
      .insert(accounts)
      .values({ actorId: actor.id, email, passwordHash, isOperator: member.isOperator ?? false })
      .returning();
    if (!account) throw new Error("insert returned no row");
    return { account, actor };
  });
}

export async function findAccountByEmail(db: Database, email: string): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email.trim()})`);
  return row;
}

export async function findAccountById(db: Database, id: number): Promise<AccountRow | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

/** Wrong passwords in a row before an account is locked, and for how long. */
export const maxFailedSignIns = 10;
export const signInLockMinutes = 15;

/** What a sign-in came to. A wrong email and a wrong password get the same `refused`. */
export type SignInResult =
  | { readonly kind: "signed_in"; readonly account: AccountRow }
  | { readonly kind: "refused" }
  /** Too many wrong passwords for this account: no password is checked until `until`. */
  | { readonly kind: "locked"; readonly until: Date };

/**
 * Checks an email and password. After `maxFailedSignIns` wrong passwords in a row the account
 * is locked for `signInLockMinutes`, whoever tries, so that a password cannot be guessed by
 * trying many (argon2id only slows each try). Per-address limits belong to the reverse proxy.
 */
export async function authenticate(db: Database, email: string, password: string, now = new Date()): Promise<SignInResult> {
  const account = await findAccountByEmail(db, email);
  if (account?.signInLockedUntil && account.signInLockedUntil > now) return { kind: "locked", until: account.signInLockedUntil };
  // Hash even for an unknown email, so that timing does not tell which accounts exist.
  const matches = await verifyPassword(account?.passwordHash ?? (await decoyHash()), password);
  if (!account) return { kind: "refused" };
  if (!matches) {
    await recordFailedSignIn(db, account.id, now);
    return { kind: "refused" };
  }
  if (account.failedSignIns > 0) await db.update(accounts).set({ failedSignIns: 0 }).where(eq(accounts.id, account.id));
  return { kind: "signed_in", account };
}

/** What to tell the person whose sign-in failed, and how many seconds to wait (for `Retry-After`) when locked. */
export function signInProblem(result: Exclude<SignInResult, { kind: "signed_in" }>, now = new Date()): { message: string; retryAfter?: number } {
  if (result.kind === "refused") return { message: "That email and password do not match an account here. Check both and try again." };
  const seconds = Math.max(1, Math.ceil((result.until.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(seconds / 60);
  return {
    message: `Too many wrong passwords for this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an operator to set a new password.`,
    retryAfter: seconds,
  };
}

/** Counts a wrong password in one statement (concurrent tries all count); the last allowed one locks. */
async function recordFailedSignIn(db: Database, accountId: number, now: Date): Promise<void> {
  const lockedUntil = new Date(now.getTime() + signInLockMinutes * 60_000);
  const reaches = sql`${accounts.failedSignIns} + 1 >= ${maxFailedSignIns}`;
  await db
    .update(accounts)
    .set({
      failedSignIns: sql`case when ${reaches} then 0 else ${accounts.failedSignIns} + 1 end`,
      signInLockedUntil: sql`case when ${reaches} then ${lockedUntil.toISOString()}::timestamptz else ${accounts.signInLockedUntil} end`,
    })
    .where(eq(accounts.id, accountId));
}

let decoy: Promise<string> | undefined;
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID());
  return decoy;
}

/** Sets a new password and signs the member out everywhere: web sessions and app tokens. */
export async function changePassword(db: Database, accountId: number, password: string): Promise<void> {
  validatePassword(password);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    // A new password also lifts a lock: the operator who set it has checked who asks.
    await tx.update(accounts).set({ passwordHash, failedSignIns: 0, signInLockedUntil: null }).where(eq(accounts.id, accountId));
    await tx.delete(sessions).where(eq(sessions.accountId, accountId));
    // Apps signed in with the old password lose their access too.
    await tx
      .update(oauthAccessTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(oauthAccessTokens.accountId, accountId), isNull(oauthAccessTokens.revokedAt)));
  });
}

export async function hasOperator(db: Database): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.isOperator, true)).limit(1);
  return row !== undefined;
}

const rolesByKind: Record<OrganizationKind, readonly Role[]> = {
  city: ["editor", "admin"],
  network: ["editor", "admin", "coordinator"],
};

/** Gives a member a role in one of our cities or networks (replacing any role they had there). */
export async function grantRole(db: Database, email: string, organizationUsername: string, role: Role): Promise<void> {
  const account = await findAccountByEmail(db, email);
  if (!account) throw new PlazaError("not_found", `No member has the email ${email}.`, "email");
  const organization = await findLocalActor(db, organizationUsername);
  const kind = organization ? kindOf(organization) : undefined;
  if (!organization || (kind !== "city" && kind !== "network")) {
    throw new PlazaError("not_found", `This server has no city or network named "${organizationUsername}".`, "organization");
  }
  if (!rolesByKind[kind].includes(role)) {
    throw new PlazaError("invalid", `A ${kind} has no "${role}" role; its roles are ${rolesByKind[kind].join(", ")}.`, "role");
  }
  await db
    .insert(memberships)
    .values({ accountId: account.id, organizationId: organization.id, role })
    .onConflictDoUpdate({ target: [memberships.accountId, memberships.organizationId], set: { role } });
}

export async function revokeRole(db: Database, email: string, organizationUsername: string): Promise<boolean> {
  const account = await findAccountByEmail(db, email);
  const organization = await findLocalActor(db, organizationUsername);
  if (!account || !organization) return false;
  const removed = await db
    .delete(memberships)
    .where(and(eq(memberships.accountId, account.id), eq(memberships.organizationId, organization.id)))
    .returning();
  return removed.length > 0;
}

/** What the permission check needs to know of an account. */
export async function loadPrincipal(db: Database, account: AccountRow): Promise<Principal> {
  const rows = await db
    .select({ organizationId: memberships.organizationId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.accountId, account.id));
  return { isOperator: account.isOperator, roles: new Map(rows.map((r) => [r.organizationId, r.role])) };
}

/** The organizations a member acts for, with their role in each. */
export async function listMemberships(db: Database, accountId: number): Promise<{ organization: ActorRow; role: Role }[]> {
  return db
    .select({ organization: actors, role: memberships.role })
    .from(memberships)
    .innerJoin(actors, eq(actors.id, memberships.organizationId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(actors.name);
}
