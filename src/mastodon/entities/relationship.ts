import type { Relation } from "../queries.ts";

/** Mastodon's Relationship entity: how the member and another account follow each other. Plaza has no blocks, mutes or notes. */
export function toRelationship(id: number, relation: Relation) {
  return {
    id: String(id),
    following: relation.following === "accepted",
    showing_reblogs: relation.following === "accepted",
    notifying: false,
    languages: null,
    followed_by: relation.followedBy === "accepted",
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested: relation.following === "pending",
    requested_by: relation.followedBy === "pending",
    domain_blocking: false,
    endorsed: false,
    note: "",
  };
}
