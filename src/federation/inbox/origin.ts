import { type Activity, Create, Delete, Update } from "@fedify/vocab";

/**
 * Mastodon's origin rule (its `invalid_origin?` / `non_matching_uri_hosts?`): a `Create`,
 * `Update` or `Delete` of an object must come from the object's own server, since only that
 * server can speak for it. Plaza compares whole origins (scheme, host and port), which is
 * stricter than Mastodon's host-only check. `Announce`, `Like`, `Flag`, `Undo`, `Accept` and
 * `Reject` may name objects on any server; their handlers check who may do what.
 *
 * Returns why the activity breaks the rule, or `undefined` when it does not. Objects are judged
 * by id, before anything is fetched: an object sent by reference from another server is never
 * fetched at all.
 */
export function originViolation(activity: Activity): string | undefined {
  if (!(activity instanceof Create || activity instanceof Update || activity instanceof Delete)) return undefined;
  const actors = activity.actorIds;
  for (const object of activity.objectIds) {
    const stranger = actors.find((actor) => actor.origin !== object.origin);
    if (stranger) return `${object.href} is not on the server of ${stranger.href}`;
  }
  return undefined;
}
