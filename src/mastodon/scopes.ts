/**
 * OAuth scopes as Mastodon defines them (docs.joinmastodon.org/api/oauth-scopes): three top-level
 * scopes that cover granular ones, `push` and `profile` on their own. Admin scopes are not offered:
 * Plaza has no admin API, so an app asking for one gets `invalid_scope` rather than a promise we
 * cannot keep.
 */
const granularRead = ["accounts", "blocks", "bookmarks", "favourites", "filters", "follows", "lists", "mutes", "notifications", "search", "statuses"] as const;
const granularWrite = [
  "accounts",
  "blocks",
  "bookmarks",
  "conversations",
  "favourites",
  "filters",
  "follows",
  "lists",
  "media",
  "mutes",
  "notifications",
  "reports",
  "statuses",
] as const;

export const supportedScopes: readonly string[] = [
  "read",
  "write",
  "follow",
  "push",
  "profile",
  ...granularRead.map((s) => `read:${s}`),
  ...granularWrite.map((s) => `write:${s}`),
];
const supported = new Set(supportedScopes);

/** What the deprecated `follow` scope still grants, as in Mastodon. */
const coveredByFollow = new Set(["read:blocks", "write:blocks", "read:follows", "write:follows", "read:mutes", "write:mutes"]);

export type ScopeParse = { readonly ok: true; readonly scopes: string[] } | { readonly ok: false; readonly unknown: string[] };

/** Splits a scope parameter ("read write:statuses", or "read+write" as some clients send it); `fallback` when it is empty. */
export function parseScopes(raw: string | undefined, fallback: readonly string[] = ["read"]): ScopeParse {
  const words = (raw ?? "").split(/[\s+]+/).filter((w) => w !== "");
  const scopes = words.length === 0 ? [...fallback] : [...new Set(words)];
  const unknown = scopes.filter((s) => !supported.has(s));
  return unknown.length > 0 ? { ok: false, unknown } : { ok: true, scopes };
}

/** Whether a set of granted scopes includes `wanted`, through Mastodon's hierarchy (read ⊇ read:accounts, …). */
export function grants(granted: readonly string[], wanted: string): boolean {
  if (granted.includes(wanted)) return true;
  const [top] = wanted.split(":");
  if (wanted.includes(":") && top !== undefined && granted.includes(top)) return true;
  return coveredByFollow.has(wanted) && granted.includes("follow");
}

/** Every requested scope is registered by the app, or narrower than one it registered. */
export function allowedFor(registered: readonly string[], requested: readonly string[]): boolean {
  return requested.every((scope) => grants(registered, scope));
}

export function formatScopes(scopes: readonly string[]): string {
  return scopes.join(" ");
}

/** Plain words for the consent page. */
export function describeScope(scope: string): string {
  const descriptions: Record<string, string> = {
    read: "Read everything your account can see",
    write: "Change your profile and act on your behalf (follow, post, …)",
    follow: "See and change whom you follow (older apps ask for this)",
    push: "Receive push notifications",
    profile: "See your profile, and nothing else",
  };
  const known = descriptions[scope];
  if (known) return known;
  const [kind, what = ""] = scope.split(":");
  return `${kind === "read" ? "Read" : "Change"} your ${what.replace("_", " ")}`;
}
