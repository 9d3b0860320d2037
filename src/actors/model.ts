import type { actors } from "../db/schema.ts";

export type ActorRow = typeof actors.$inferSelect;

/** The kinds of actor a Plaza server hosts (DESIGN.md §1), by their ActivityStreams type. */
export const localActorKinds = {
  city: "Organization",
  network: "Group",
  member: "Person",
  instance: "Application",
} as const;
export type LocalActorKind = keyof typeof localActorKinds;

/** Cities and networks are the organizations members act for. */
export type OrganizationKind = "city" | "network";

/** The username of the server's own `Application` actor, which signs outgoing GETs. */
export const instanceUsername = "plaza.instance";

/** The URLs of one of our actors, which only the federation layer knows how to build. */
export interface LocalActorUris {
  readonly iri: URL;
  readonly inbox: URL;
  readonly sharedInbox: URL;
  readonly followers: URL;
}
export type LocalActorUriBuilder = (username: string) => LocalActorUris;

export function kindOf(actor: Pick<ActorRow, "type">): LocalActorKind | "service" {
  switch (actor.type) {
    case "Organization":
      return "city";
    case "Group":
      return "network";
    case "Person":
      return "member";
    case "Application":
      return "instance";
    case "Service":
      return "service";
  }
}

/** `@username@host`, the way people write a fediverse handle. */
export function handleOf(actor: Pick<ActorRow, "username" | "host">): string {
  return `@${actor.username}@${actor.host}`;
}
