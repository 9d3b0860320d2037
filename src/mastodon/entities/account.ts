import type { AccountRow } from "../../accounts/accounts.ts";
import type { ActorRow } from "../../actors/model.ts";
import type { Database } from "../../db/client.ts";
import { escapeHtml } from "../../practices/markdown.ts";
import { avatarPath, headerPath } from "../images.ts";
import { type AccountStats, accountStats } from "../queries.ts";

/** Mastodon's Account entity (docs.joinmastodon.org/entities/Account), the fields clients read. */
export interface MastodonAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  bot: boolean;
  discoverable: boolean;
  indexable: boolean;
  group: boolean;
  created_at: string;
  note: string;
  url: string;
  uri: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  last_status_at: string | null;
  hide_collections: boolean;
  noindex: boolean;
  emojis: never[];
  roles: never[];
  fields: never[];
}

/** With `source`, for the member's own account (verify_credentials, update_credentials). */
export interface CredentialAccount extends MastodonAccount {
  source: {
    privacy: "public";
    sensitive: boolean;
    language: string;
    note: string;
    fields: never[];
    follow_requests_count: number;
  };
  role: { id: string; name: string; permissions: string; color: string; highlighted: boolean };
}

/** A plain-text bio (ours, and remote ones, which we keep as text) as the HTML Mastodon's `note` is. */
export function noteHtml(summary: string): string {
  const paragraphs = summary
    .trim()
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== "");
  return paragraphs.map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, "<br />")}</p>`).join("");
}

/** Mastodon gives an account's creation as the day, at midnight UTC, and the last post as a date. */
function day(date: Date): string {
  return `${date.toISOString().slice(0, 10)}T00:00:00.000Z`;
}

export function toAccount(actor: ActorRow, stats: AccountStats, origin: URL): MastodonAccount {
  const avatar = new URL(avatarPath, origin).href;
  const header = new URL(headerPath, origin).href;
  return {
    id: String(actor.id),
    username: actor.username,
    acct: actor.local ? actor.username : `${actor.username}@${actor.host}`,
    display_name: actor.name,
    locked: actor.manuallyApprovesFollowers,
    // Cities, networks and members are not bots; another server's Service or Application is.
    bot: actor.type === "Service" || actor.type === "Application",
    discoverable: true,
    indexable: true,
    group: actor.type === "Group",
    created_at: day(actor.createdAt),
    note: noteHtml(actor.summary),
    url: actor.url ?? actor.iri,
    uri: actor.iri,
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    followers_count: stats.followers,
    following_count: stats.following,
    statuses_count: stats.statuses,
    last_status_at: stats.lastStatusAt ? stats.lastStatusAt.toISOString().slice(0, 10) : null,
    hide_collections: false,
    noindex: false,
    emojis: [],
    roles: [],
    fields: [],
  };
}

/** Accounts for a list of actors, their counts read in one go. */
export async function renderAccounts(db: Database, origin: URL, list: readonly ActorRow[]): Promise<MastodonAccount[]> {
  const stats = await accountStats(
    db,
    list.map((a) => a.id),
  );
  return list.map((actor) => toAccount(actor, stats(actor.id), origin));
}

export async function renderAccount(db: Database, origin: URL, actor: ActorRow): Promise<MastodonAccount> {
  const [account] = await renderAccounts(db, origin, [actor]);
  if (!account) throw new Error("no account rendered");
  return account;
}

export async function renderCredentialAccount(
  db: Database,
  origin: URL,
  user: { account: AccountRow; actor: ActorRow },
  followRequests: number,
): Promise<CredentialAccount> {
  return {
    ...(await renderAccount(db, origin, user.actor)),
    source: { privacy: "public", sensitive: false, language: "", note: user.actor.summary, fields: [], follow_requests_count: followRequests },
    // Mastodon's everyone-role: clients that read `role` find the shape they expect.
    role: { id: "-99", name: "", permissions: "65536", color: "", highlighted: false },
  };
}
