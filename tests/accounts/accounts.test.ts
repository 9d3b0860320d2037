import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  authenticate,
  changePassword,
  createMember,
  findAccountByEmail,
  grantRole,
  hasOperator,
  listMemberships,
  loadPrincipal,
  maxFailedSignIns,
  revokeRole,
  signInLockMinutes,
  signInProblem,
} from "../../src/accounts/accounts.ts";
import { can } from "../../src/accounts/permissions.ts";
import { ensureInstanceActor, listLocalActors } from "../../src/actors/store.ts";
import { openTestDatabase } from "../support/database.ts";
import { createTestActor, plazaError, testActorUris } from "../support/domain.ts";

const uris = testActorUris;

const password = "correct horse battery";

describe("accounts", () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    database = await openTestDatabase();
    const { db } = database;
    await createTestActor(db, { kind: "city", username: "paris", name: "Paris" });
    await createTestActor(db, { kind: "network", username: "uclg", name: "UCLG" });
    await ensureInstanceActor(db, uris, "plaza.test");
  });

  afterAll(async () => {
    await database?.dispose();
  });

  describe("createMember", () => {
    test("creates an account and its Person actor, with the email trimmed and the password hashed", async () => {
      const { account, actor } = await createMember(database.db, uris, {
        email: "  anne@paris.test ",
        password,
        username: "anne",
        name: "Anne",
      });
      expect(account.email).toBe("anne@paris.test");
      expect(account.isOperator).toBe(false);
      expect(account.passwordHash).not.toContain(password);
      expect(account.passwordHash).toMatch(/^\$argon2id\$/);
      expect(actor.type).toBe("Person");
      expect(actor.iri).toBe("https://plaza.test/@anne");
      expect(actor.host).toBe("plaza.test");
      expect(actor.local).toBe(true);
      expect(account.actorId).toBe(actor.id);
    });

    test.each(["anne", "anne@", "@paris.test", "anne @paris.test", "anne@@paris.test", ""])(
      "refuses %j as an email, on the email field",
      async (email) => {
        const error = await plazaError(createMember(database.db, uris, { email, password, username: "badmail", name: "Bad" }));
        expect(error.kind).toBe("invalid");
        expect(error.field).toBe("email");
        expect(error.message).toContain("is not an email address");
      },
    );

    test("refuses an email longer than 254 characters", async () => {
      const email = `${"a".repeat(250)}@x.test`;
      const error = await plazaError(createMember(database.db, uris, { email, password, username: "longmail", name: "Long" }));
      expect(error.field).toBe("email");
    });

    test("refuses a password shorter than 10 characters, and one over 1024; accepts exactly 10", async () => {
      const short = await plazaError(createMember(database.db, uris, { email: "s@paris.test", password: "123456789", username: "shorty", name: "S" }));
      expect(short.kind).toBe("invalid");
      expect(short.field).toBe("password");
      expect(short.message).toBe("A password needs at least 10 characters.");
      const long = await plazaError(createMember(database.db, uris, { email: "l@paris.test", password: "x".repeat(1025), username: "longpw", name: "L" }));
      expect(long.field).toBe("password");
      await createMember(database.db, uris, { email: "ten@paris.test", password: "1234567890", username: "ten", name: "Ten" });
      expect(await authenticate(database.db, "ten@paris.test", "1234567890")).toBeDefined();
    });

    test("refuses an email that differs only in case from an existing one, and leaves no actor behind", async () => {
      const before = await listLocalActors(database.db, "Person");
      const error = await plazaError(
        createMember(database.db, uris, { email: "ANNE@Paris.Test", password, username: "anne2", name: "Anne again" }),
      );
      expect(error.kind).toBe("conflict");
      expect(error.field).toBe("email");
      expect(error.message).toContain("already exists");
      expect(await listLocalActors(database.db, "Person")).toEqual(before);
    });

    test("refuses a username already taken (by a city or a member), without creating the account", async () => {
      for (const username of ["paris", "anne"]) {
        const error = await plazaError(
          createMember(database.db, uris, { email: `${username}-new@paris.test`, password, username, name: "Taken" }),
        );
        expect(error.kind).toBe("conflict");
        expect(error.field).toBe("username");
        expect(await findAccountByEmail(database.db, `${username}-new@paris.test`)).toBeUndefined();
      }
    });
  });

  describe("authenticate", () => {
    const signedIn = async (email: string, pass: string, now?: Date) => {
      const result = await authenticate(database.db, email, pass, now);
      return result.kind === "signed_in" ? result.account.email : result.kind;
    };

    test("the right password gives the account, whatever the case and spaces of the email", async () => {
      expect(await signedIn(" Anne@PARIS.test", password)).toBe("anne@paris.test");
    });

    test("a wrong password, an unknown email and an empty password are refused alike", async () => {
      expect(await signedIn("anne@paris.test", "correct horse battery!")).toBe("refused");
      expect(await signedIn("anne@paris.test", "")).toBe("refused");
      expect(await signedIn("nobody@paris.test", password)).toBe("refused");
    });

    test(`${maxFailedSignIns} wrong passwords in a row lock the account for ${signInLockMinutes} minutes, right password or not`, async () => {
      await createMember(database.db, uris, { email: "lock@paris.test", password, username: "lock", name: "Lock" });
      const start = new Date();
      // A success in between starts the count again.
      for (let i = 0; i < maxFailedSignIns - 1; i++) expect(await signedIn("lock@paris.test", "wrong password!", start)).toBe("refused");
      expect(await signedIn("lock@paris.test", password, start)).toBe("lock@paris.test");
      for (let i = 0; i < maxFailedSignIns - 1; i++) expect(await signedIn("lock@paris.test", "wrong password!", start)).toBe("refused");
      expect(await signedIn("lock@paris.test", "wrong password!", start)).toBe("refused");
      const locked = await authenticate(database.db, "lock@paris.test", password, start);
      expect(locked.kind).toBe("locked");
      if (locked.kind !== "locked") throw new Error("unreachable");
      expect(signInProblem(locked, start)).toEqual({
        message: `Too many wrong passwords for this account. Try again in ${signInLockMinutes} minutes, or ask an operator to set a new password.`,
        retryAfter: signInLockMinutes * 60,
      });
      const later = new Date(start.getTime() + (signInLockMinutes + 1) * 60_000);
      expect(await signedIn("lock@paris.test", password, later)).toBe("lock@paris.test");
    });

    test("a new password lifts a lock", async () => {
      const account = await findAccountByEmail(database.db, "lock@paris.test");
      if (!account) throw new Error("no account");
      for (let i = 0; i < maxFailedSignIns; i++) await signedIn("lock@paris.test", "wrong password!");
      expect(await signedIn("lock@paris.test", password)).toBe("locked");
      await changePassword(database.db, account.id, "a brand new passphrase");
      expect(await signedIn("lock@paris.test", "a brand new passphrase")).toBe("lock@paris.test");
    });
  });

  describe("operators", () => {
    test("hasOperator turns true once an operator exists", async () => {
      expect(await hasOperator(database.db)).toBe(false);
      const { account } = await createMember(database.db, uris, { email: "op@plaza.test", password, username: "op", name: "Op", isOperator: true });
      expect(account.isOperator).toBe(true);
      expect(await hasOperator(database.db)).toBe(true);
      expect(can(await loadPrincipal(database.db, account), "create_organization")).toBe(true);
    });
  });

  describe("grantRole and revokeRole", () => {
    let bruno: Awaited<ReturnType<typeof createMember>>;

    beforeAll(async () => {
      bruno = await createMember(database.db, uris, { email: "bruno@uclg.test", password, username: "bruno", name: "Bruno" });
    });

    test("a city has no coordinator role, and the message lists its roles", async () => {
      const error = await plazaError(grantRole(database.db, "bruno@uclg.test", "paris", "coordinator"));
      expect(error.kind).toBe("invalid");
      expect(error.field).toBe("role");
      expect(error.message).toBe('A city has no "coordinator" role; its roles are editor, admin.');
    });

    test("an unknown email, an unknown organization, a member or the instance actor are not found", async () => {
      const unknownEmail = await plazaError(grantRole(database.db, "nobody@uclg.test", "paris", "editor"));
      expect(unknownEmail.kind).toBe("not_found");
      expect(unknownEmail.field).toBe("email");
      for (const organization of ["atlantis", "anne", "plaza.instance"]) {
        const error = await plazaError(grantRole(database.db, "bruno@uclg.test", organization, "editor"));
        expect(error.kind).toBe("not_found");
        expect(error.field).toBe("organization");
        expect(error.message).toContain(`"${organization}"`);
      }
      expect((await loadPrincipal(database.db, bruno.account)).roles.size).toBe(0);
    });

    test("a granted role shows in the principal and the memberships; a second grant replaces it", async () => {
      await grantRole(database.db, "BRUNO@uclg.test", "uclg", "coordinator");
      await grantRole(database.db, "bruno@uclg.test", "Paris", "editor");
      let principal = await loadPrincipal(database.db, bruno.account);
      const [parisRow] = await listLocalActors(database.db, "Organization");
      const [uclgRow] = await listLocalActors(database.db, "Group");
      expect(principal.roles.get(uclgRow!.id)).toBe("coordinator");
      expect(principal.roles.get(parisRow!.id)).toBe("editor");
      expect(can(principal, "curate_collections", uclgRow!.id)).toBe(true);
      expect(can(principal, "manage_follows", parisRow!.id)).toBe(false);

      await grantRole(database.db, "bruno@uclg.test", "paris", "admin");
      principal = await loadPrincipal(database.db, bruno.account);
      expect(principal.roles.get(parisRow!.id)).toBe("admin");
      expect(principal.roles.size).toBe(2);
      const memberships = await listMemberships(database.db, bruno.account.id);
      expect(memberships.map((m) => [m.organization.username, m.role])).toEqual([
        ["paris", "admin"],
        ["uclg", "coordinator"],
      ]);
    });

    test("revokeRole removes the role once and says whether there was one", async () => {
      expect(await revokeRole(database.db, "bruno@uclg.test", "paris")).toBe(true);
      expect(await revokeRole(database.db, "bruno@uclg.test", "paris")).toBe(false);
      expect(await revokeRole(database.db, "nobody@uclg.test", "uclg")).toBe(false);
      const principal = await loadPrincipal(database.db, bruno.account);
      expect([...principal.roles.values()]).toEqual(["coordinator"]);
    });
  });
});
