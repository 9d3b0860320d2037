import { describe, expect, test } from "vitest";
import { type Action, type Principal, type Role, can } from "../../src/accounts/permissions.ts";

const paris = 1;
const lyon = 2;
const uclg = 3;

function member(roles: Record<number, Role> = {}, isOperator = false): Principal {
  return { isOperator, roles: new Map(Object.entries(roles).map(([id, role]) => [Number(id), role])) };
}

const organizationActions: readonly Action[] = ["manage_members", "manage_follows", "edit_practices", "curate_collections"];

describe("can()", () => {
  test("an operator may do everything, anywhere, including creating organizations", () => {
    const operator = member({}, true);
    expect(can(operator, "create_organization")).toBe(true);
    for (const action of organizationActions) {
      expect(can(operator, action, paris)).toBe(true);
      expect(can(operator, action)).toBe(true);
    }
  });

  test("nobody signed in (undefined) may do anything", () => {
    expect(can(undefined, "create_organization")).toBe(false);
    for (const action of organizationActions) expect(can(undefined, action, paris)).toBe(false);
  });

  test("a member without roles (a stranger to the organization) may do nothing", () => {
    const stranger = member();
    expect(can(stranger, "create_organization")).toBe(false);
    for (const action of organizationActions) expect(can(stranger, action, paris)).toBe(false);
  });

  test("an admin manages members, follows, practices and collections of their own organization only", () => {
    const admin = member({ [paris]: "admin" });
    for (const action of organizationActions) {
      expect(can(admin, action, paris)).toBe(true);
      expect(can(admin, action, lyon)).toBe(false);
    }
    expect(can(admin, "create_organization")).toBe(false);
  });

  test("an editor edits practices and nothing else", () => {
    const editor = member({ [paris]: "editor" });
    expect(can(editor, "edit_practices", paris)).toBe(true);
    expect(can(editor, "manage_members", paris)).toBe(false);
    expect(can(editor, "manage_follows", paris)).toBe(false);
    expect(can(editor, "curate_collections", paris)).toBe(false);
    expect(can(editor, "edit_practices", lyon)).toBe(false);
  });

  test("a coordinator curates the network's collections and nothing else", () => {
    const coordinator = member({ [uclg]: "coordinator" });
    expect(can(coordinator, "curate_collections", uclg)).toBe(true);
    expect(can(coordinator, "edit_practices", uclg)).toBe(false);
    expect(can(coordinator, "manage_members", uclg)).toBe(false);
    expect(can(coordinator, "manage_follows", uclg)).toBe(false);
    expect(can(coordinator, "curate_collections", paris)).toBe(false);
  });

  test("roles in several organizations are independent", () => {
    const both = member({ [paris]: "editor", [uclg]: "admin" });
    expect(can(both, "manage_follows", uclg)).toBe(true);
    expect(can(both, "manage_follows", paris)).toBe(false);
    expect(can(both, "edit_practices", paris)).toBe(true);
  });

  test("an organization action without an organization is refused to everyone but operators", () => {
    const admin = member({ [paris]: "admin" });
    for (const action of organizationActions) expect(can(admin, action)).toBe(false);
  });
});
