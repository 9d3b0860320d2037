import { and, count, countDistinct, eq } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { accounts, actors, practices } from "../../db/schema.ts";
import { plazaVersion } from "../../version.ts";
import { avatarPath } from "../images.ts";

/**
 * Mastodon's Instance entities (v1 and v2). Clients parse `version` to decide which API calls
 * exist, so we claim the Mastodon release whose API we follow and say what we are in brackets.
 */
export const compatibleVersion = `4.3.0 (compatible; Plaza ${plazaVersion})`;

const description =
  "A Plaza server: cities and city networks share open-government practices (practice cards) over the fediverse.";
const languages = ["en", "es", "fr"];

/** What Mastodon clients check before they let a person write; Plaza's statuses are practice cards, written on the web. */
const statuses = { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 };
const mediaAttachments = {
  supported_mime_types: ["image/png", "image/jpeg", "image/webp", "image/gif"],
  image_size_limit: 10 * 1024 * 1024,
  image_matrix_limit: 16_777_216,
  video_size_limit: 0,
  video_frame_rate_limit: 0,
  video_matrix_limit: 0,
};
const polls = { max_options: 0, max_characters_per_option: 0, min_expiration: 0, max_expiration: 0 };

async function usage(db: Database): Promise<{ users: number; statuses: number; domains: number }> {
  const [[users], [published], [domains]] = await Promise.all([
    db.select({ n: count() }).from(accounts),
    db
      .select({ n: count() })
      .from(practices)
      .where(and(eq(practices.local, true), eq(practices.status, "published"))),
    db.select({ n: countDistinct(actors.host) }).from(actors).where(eq(actors.local, false)),
  ]);
  return { users: users?.n ?? 0, statuses: published?.n ?? 0, domains: domains?.n ?? 0 };
}

export async function instanceV1(db: Database, origin: URL) {
  const stats = await usage(db);
  return {
    uri: origin.host,
    title: origin.host,
    short_description: description,
    description,
    email: "",
    version: compatibleVersion,
    urls: { streaming_api: `wss://${origin.host}` },
    stats: { user_count: stats.users, status_count: stats.statuses, domain_count: stats.domains },
    thumbnail: new URL(avatarPath, origin).href,
    languages,
    registrations: false,
    approval_required: false,
    invites_enabled: false,
    configuration: {
      accounts: { max_featured_tags: 0 },
      statuses,
      media_attachments: mediaAttachments,
      polls,
    },
    contact_account: null,
    rules: [],
  };
}

export async function instanceV2(db: Database, origin: URL) {
  const stats = await usage(db);
  return {
    domain: origin.host,
    title: origin.host,
    version: compatibleVersion,
    // Plaza has no setting for its source repository yet: the server itself is the best we can say.
    source_url: origin.href,
    description,
    usage: { users: { active_month: stats.users } },
    thumbnail: { url: new URL(avatarPath, origin).href, blurhash: null, versions: {} },
    icon: [],
    languages,
    configuration: {
      urls: { streaming: `wss://${origin.host}`, status: null },
      vapid: { public_key: "" },
      accounts: { max_featured_tags: 0, max_pinned_statuses: 0 },
      statuses,
      media_attachments: mediaAttachments,
      polls,
      translation: { enabled: false },
    },
    registrations: { enabled: false, approval_required: false, message: null, url: null },
    api_versions: { mastodon: 2 },
    contact: { email: "", account: null },
    rules: [],
  };
}
