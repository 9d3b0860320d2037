import type { memberships } from "../db/schema.ts";

export type Role = (typeof memberships.$inferSelect)["role"];

/** What a signed-in person may do; the only place where roles turn into permissions. */
export type Action =
  | "create_organization" // a new city or network on this server
  | "manage_members" // grant and revoke roles in an organization
  | "manage_follows" // follow, unfollow, approve or reject followers on behalf of an organization
  | "edit_practices" // write, edit and publish the organization's practice cards
  | "curate_collections" // a network's (or city's) curated collections
  | "moderate"; // with an organization: see and resolve reports about it; without: block actors and servers, see the moderation page

export interface Principal {
  readonly isOperator: boolean;
  /** The member's role in each organization, by the organization's actor id. */
  readonly roles: ReadonlyMap<number, Role>;
}

const allowedRoles: Record<Exclude<Action, "create_organization">, readonly Role[]> = {
  manage_members: ["admin"],
  manage_follows: ["admin"],
  edit_practices: ["admin", "editor"],
  curate_collections: ["admin", "coordinator"],
  moderate: ["admin"],
};

/** Whether `who` may do `action`, on `organizationId` where the action concerns one organization. */
export function can(who: Principal | undefined, action: Action, organizationId?: number): boolean {
  if (who === undefined) return false;
  if (who.isOperator) return true;
  // Blocks are server-wide: any admin of one of our cities or networks may block (and unblock); every block is logged.
  if (action === "moderate" && organizationId === undefined) return [...who.roles.values()].some((role) => allowedRoles.moderate.includes(role));
  if (action === "create_organization" || organizationId === undefined) return false;
  const role = who.roles.get(organizationId);
  return role !== undefined && allowedRoles[action].includes(role);
}
