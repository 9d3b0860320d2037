import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** The ActivityPub actor types Plaza hosts (DESIGN.md §1); remote actors may be any of these or `Service`. */
export const actorType = pgEnum("actor_type", ["Organization", "Group", "Person", "Application", "Service"]);

/**
 * Every actor we know of, ours (`local = true`) and other servers' alike, so that
 * follows, and later comments and likes, point at one table.
 */
export const actors = pgTable(
  "actors",
  {
    id: serial("id").primaryKey(),
    iri: text("iri").notNull().unique(),
    type: actorType("type").notNull(),
    /** `preferredUsername`: the part before the `@` of the handle. */
    username: text("username").notNull(),
    /** Host of the handle (`@username@host`), without a port for ours behind a standard port. */
    host: text("host").notNull(),
    local: boolean("local").notNull(),
    name: text("name").notNull(),
    summary: text("summary").notNull().default(""),
    url: text("url"),
    inboxUrl: text("inbox_url").notNull(),
    sharedInboxUrl: text("shared_inbox_url"),
    followersUrl: text("followers_url"),
    manuallyApprovesFollowers: boolean("manually_approves_followers").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Our handles are unique; another server's may repeat (an account deleted and re-created keeps its
    // handle under a new id), so for theirs the handle is only an index.
    uniqueIndex("actors_local_handle_idx").on(sql`lower(${t.username})`, sql`lower(${t.host})`).where(sql`${t.local}`),
    index("actors_handle_idx").on(sql`lower(${t.username})`, sql`lower(${t.host})`),
    index("actors_local_idx").on(t.local, t.type),
  ],
);

/** Key pairs of our own actors, as JWKs; one RSA (Mastodon verifies only RSA) and one Ed25519 (integrity proofs). */
export const actorKeys = pgTable(
  "actor_keys",
  {
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    algorithm: text("algorithm", { enum: ["RSASSA-PKCS1-v1_5", "Ed25519"] }).notNull(),
    publicKey: jsonb("public_key").$type<JsonWebKey>().notNull(),
    privateKey: jsonb("private_key").$type<JsonWebKey>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.algorithm] })],
);

export const followStatus = pgEnum("follow_status", ["pending", "accepted"]);

/** A follow from any actor to any actor; a pending one waits for the followed side's approval. */
export const follows = pgTable(
  "follows",
  {
    id: serial("id").primaryKey(),
    /** The `Follow` activity's id, so that an `Accept`, `Reject` or `Undo` naming it can be matched. */
    activityIri: text("activity_iri").notNull().unique(),
    followerId: integer("follower_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    followingId: integer("following_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    status: followStatus("status").notNull().default("pending"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("follows_pair_idx").on(t.followerId, t.followingId),
    index("follows_following_idx").on(t.followingId, t.status),
    check("follows_not_self", sql`${t.followerId} <> ${t.followingId}`),
  ],
);

/** A person who signs in; each account is also a `Person` actor (a member). */
export const accounts = pgTable(
  "accounts",
  {
    id: serial("id").primaryKey(),
    actorId: integer("actor_id")
      .notNull()
      .unique()
      .references(() => actors.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    passwordHash: text("password_hash").notNull(),
    /** Server operators run the whole server: they may create cities and networks and grant any role. */
    isOperator: boolean("is_operator").notNull().default(false),
    /** Wrong passwords in a row; at `maxFailedSignIns` the account is locked for a while (accounts.ts). */
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    signInLockedUntil: timestamp("sign_in_locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("accounts_email_idx").on(sql`lower(${t.email})`)],
);

export const roleName = pgEnum("role", ["editor", "admin", "coordinator"]);

/** A member's role in one of our cities or networks. */
export const memberships = pgTable(
  "memberships",
  {
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The city (`Organization`) or network (`Group`) actor. */
    organizationId: integer("organization_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    role: roleName("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.organizationId] })],
);

/** Web sign-in sessions; the cookie holds the token, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_account_idx").on(t.accountId)],
);

/** Fedify's key–value store (caches, idempotence records); keys are JSON-encoded arrays so that a prefix is a string prefix. */
export const fedifyKv = pgTable(
  "fedify_kv",
  {
    key: text("key").primaryKey(),
    value: jsonb("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [index("fedify_kv_expires_idx").on(t.expiresAt)],
);

/** Fedify's message queue: outgoing deliveries and incoming activities waiting for a worker. */
export const fedifyQueue = pgTable(
  "fedify_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    message: jsonb("message").notNull(),
    orderingKey: text("ordering_key"),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set while a worker handles the message; a message whose lock expired (crashed worker) is taken again. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fedify_queue_run_at_idx").on(t.runAt), index("fedify_queue_ordering_key_idx").on(t.orderingKey, t.id)],
);

/**
 * Where a practice, comment, post or share stands in Mastodon timelines: one sequence across the
 * four tables, so that a client pages and polls them together in the order they reached us.
 */
export const statusIds = pgSequence("status_ids");
const statusId = () =>
  bigint("status_id", { mode: "number" })
    .notNull()
    .unique()
    .default(sql`nextval('status_ids')`);

export const practiceStatus = pgEnum("practice_status", ["draft", "published", "withdrawn"]);

/**
 * A practice card, ours or another server's. The card itself lives in its versions; this row says
 * who owns it, where it is published and which version is current.
 */
export const practices = pgTable(
  "practices",
  {
    id: serial("id").primaryKey(),
    /** The ActivityPub id: our URL for ours, the other server's for theirs. */
    iri: text("iri").notNull().unique(),
    /** The id in our URLs (`/practices/{publicId}`); only ours have one. */
    publicId: text("public_id").unique(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    local: boolean("local").notNull(),
    status: practiceStatus("status").notNull().default("draft"),
    currentVersion: integer("current_version").notNull().default(1),
    /** The HTML page (`url` of the Article). */
    url: text("url"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** When the published card last changed (the Article's `updated`). */
    updatedAt: timestamp("updated_at", { withTimezone: true }),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Taken again when the card is published, so that a publication is new in timelines. */
    statusId: statusId(),
  },
  (t) => [index("practices_owner_idx").on(t.ownerId, t.status, t.publishedAt)],
);

/** Every saved state of a card; old versions stay readable and diffable. */
export const practiceVersions = pgTable(
  "practice_versions",
  {
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    card: jsonb("card").notNull(),
    /** The member who saved it (ours), or `null` for versions received from another server. */
    authorId: integer("author_id").references(() => actors.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.practiceId, t.version] })],
);

/** Articles, pages and notes from other software: kept and shown as plain posts. */
export const posts = pgTable(
  "posts",
  {
    id: serial("id").primaryKey(),
    iri: text("iri").notNull().unique(),
    authorId: integer("author_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    name: text("name"),
    summary: text("summary"),
    /** Sanitized before it is stored. */
    contentHtml: text("content_html").notNull().default(""),
    url: text("url"),
    inReplyTo: text("in_reply_to"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    statusId: statusId(),
  },
  (t) => [index("posts_author_idx").on(t.authorId, t.publishedAt)],
);

/**
 * A curated collection: practices from any server that a network's coordinators (or a city's
 * admins) gathered under a name, each with an optional curator's note (DESIGN.md §2).
 */
export const collections = pgTable(
  "collections",
  {
    id: serial("id").primaryKey(),
    /** The ActivityPub id (`/collections/{publicId}`). */
    iri: text("iri").notNull().unique(),
    publicId: text("public_id").notNull().unique(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Plain text. */
    summary: text("summary").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("collections_owner_idx").on(t.ownerId)],
);

/** A practice in a curated collection (kept here, ours or another server's). */
export const collectionItems = pgTable(
  "collection_items",
  {
    id: serial("id").primaryKey(),
    collectionId: integer("collection_id")
      .notNull()
      .references(() => collections.id, { onDelete: "cascade" }),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id, { onDelete: "cascade" }),
    /** The curator's note: why this practice is here (plain text). */
    note: text("note").notNull().default(""),
    addedBy: integer("added_by").references(() => actors.id, { onDelete: "set null" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("collection_items_once_idx").on(t.collectionId, t.practiceId), index("collection_items_practice_idx").on(t.practiceId)],
);

export const commentStatus = pgEnum("comment_status", ["visible", "hidden", "deleted"]);

/**
 * A reply to a practice or to another comment, ours (a member's) or from any server. Threads hang
 * from one practice (`practiceId`); `inReplyToIri` is what the reply answers.
 */
export const comments = pgTable(
  "comments",
  {
    id: serial("id").primaryKey(),
    iri: text("iri").notNull().unique(),
    /** The id in our URLs (`/comments/{publicId}`); only ours have one. */
    publicId: text("public_id").unique(),
    practiceId: integer("practice_id")
      .notNull()
      .references(() => practices.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnyPgColumn => comments.id, { onDelete: "set null" }),
    inReplyToIri: text("in_reply_to_iri").notNull(),
    authorId: integer("author_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    local: boolean("local").notNull(),
    /** Sanitized HTML, as shown. */
    contentHtml: text("content_html").notNull(),
    /** What a member typed (Markdown); `null` for comments from other servers. */
    source: text("source"),
    url: text("url"),
    status: commentStatus("status").notNull().default("visible"),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    statusId: statusId(),
  },
  (t) => [index("comments_practice_idx").on(t.practiceId, t.publishedAt), index("comments_parent_idx").on(t.parentId)],
);

export const reactionKind = pgEnum("reaction_kind", ["like", "share"]);

/** A `Like` or an `Announce` (share) of one of the practices or comments we keep. */
export const reactions = pgTable(
  "reactions",
  {
    id: serial("id").primaryKey(),
    /** The Like or Announce activity's id, so that an `Undo` naming it can be matched. */
    activityIri: text("activity_iri").notNull().unique(),
    kind: reactionKind("kind").notNull(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    /** The practice or comment reacted to, by its ActivityPub id. */
    objectIri: text("object_iri").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** A share is a reblog in Mastodon timelines. */
    statusId: statusId(),
  },
  (t) => [uniqueIndex("reactions_once_idx").on(t.kind, t.actorId, t.objectIri), index("reactions_object_idx").on(t.objectIri, t.kind)],
);

export const notificationKind = pgEnum("notification_kind", ["follow", "follow_request", "comment", "mention", "share", "like", "adaptation", "curation"]);

/** Something a member should know about: for themselves, or for a city or network they belong to. */
export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    /** The local actor concerned: a member, or a city or network (then its members see it). */
    recipientId: integer("recipient_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    /** Who did it. */
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    practiceId: integer("practice_id").references(() => practices.id, { onDelete: "cascade" }),
    commentId: integer("comment_id").references(() => comments.id, { onDelete: "cascade" }),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("notifications_recipient_idx").on(t.recipientId, t.createdAt)],
);

/**
 * A member put a notification away (in a Mastodon app). Notifications of a city or network are
 * shared by its members, so putting one away is each member's own business.
 */
export const notificationDismissals = pgTable(
  "notification_dismissals",
  {
    notificationId: integer("notification_id")
      .notNull()
      .references(() => notifications.id, { onDelete: "cascade" }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.accountId] })],
);

export const blockKind = pgEnum("block_kind", ["actor", "domain"]);

/** Actors and whole servers this server refuses to hear from or deliver to. */
export const blocks = pgTable(
  "blocks",
  {
    id: serial("id").primaryKey(),
    kind: blockKind("kind").notNull(),
    /** An actor IRI, or a host name for a domain block. */
    value: text("value").notNull(),
    reason: text("reason").notNull().default(""),
    createdBy: integer("created_by").references(() => accounts.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("blocks_value_idx").on(t.kind, t.value)],
);

export const reportStatus = pgEnum("report_status", ["open", "resolved"]);

/** A `Flag`: received from another server, or sent by one of our members about remote content. */
export const reports = pgTable(
  "reports",
  {
    id: serial("id").primaryKey(),
    activityIri: text("activity_iri").notNull().unique(),
    /** Who reported: a remote actor (received) or our member (sent). */
    reporterId: integer("reporter_id").references(() => actors.id, { onDelete: "set null" }),
    /** The reported actor and objects, by id. */
    targetIris: jsonb("target_iris").$type<string[]>().notNull(),
    content: text("content").notNull().default(""),
    incoming: boolean("incoming").notNull(),
    status: reportStatus("status").notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [index("reports_status_idx").on(t.incoming, t.status)],
);

/** Who did what, for moderation: hiding, deleting, blocking, resolving reports. */
export const moderationLog = pgTable("moderation_log", {
  id: serial("id").primaryKey(),
  accountId: integer("account_id").references(() => accounts.id, { onDelete: "set null" }),
  action: text("action").notNull(),
  target: text("target").notNull(),
  note: text("note").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Ids of things deleted on other servers, so that a `Delete` arriving before its `Create` still wins. */
export const tombstones = pgTable("tombstones", {
  iri: text("iri").primaryKey(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Mastodon client API: an app registered through `POST /api/v1/apps`. `client_id` is public; the
 * secret is shown once, at registration, and only its SHA-256 is kept.
 */
export const oauthApplications = pgTable("oauth_applications", {
  id: serial("id").primaryKey(),
  clientId: text("client_id").notNull().unique(),
  clientSecretHash: text("client_secret_hash").notNull(),
  name: text("name").notNull(),
  website: text("website"),
  /** Exact redirect URIs the app may use, `urn:ietf:wg:oauth:2.0:oob` included. */
  redirectUris: jsonb("redirect_uris").$type<string[]>().notNull(),
  /** The scopes the app registered with; a token may only have these (or narrower ones). */
  scopes: jsonb("scopes").$type<string[]>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Mastodon client API: an access token (bearer), kept as its SHA-256. `accountId` is `null` for a
 * client-credentials token, which acts for the app alone.
 */
export const oauthAccessTokens = pgTable(
  "oauth_access_tokens",
  {
    id: serial("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    applicationId: integer("application_id")
      .notNull()
      .references(() => oauthApplications.id, { onDelete: "cascade" }),
    accountId: integer("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    scopes: jsonb("scopes").$type<string[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("oauth_access_tokens_account_idx").on(t.accountId)],
);

/**
 * Mastodon client API: an authorization code (kept as its SHA-256), good once and for ten minutes,
 * with the PKCE challenge it was issued under. `accessTokenId` is the token it was exchanged for,
 * which is revoked if someone replays the code.
 */
export const oauthAuthorizationCodes = pgTable("oauth_authorization_codes", {
  codeHash: text("code_hash").primaryKey(),
  applicationId: integer("application_id")
    .notNull()
    .references(() => oauthApplications.id, { onDelete: "cascade" }),
  accountId: integer("account_id")
    .notNull()
    .references(() => accounts.id, { onDelete: "cascade" }),
  redirectUri: text("redirect_uri").notNull(),
  scopes: jsonb("scopes").$type<string[]>().notNull(),
  codeChallenge: text("code_challenge"),
  codeChallengeMethod: text("code_challenge_method"),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  accessTokenId: integer("access_token_id").references(() => oauthAccessTokens.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Mastodon client API: where a member stopped reading a timeline (`home`, `notifications`), shared by their apps. */
export const mastodonMarkers = pgTable(
  "mastodon_markers",
  {
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    timeline: text("timeline", { enum: ["home", "notifications"] }).notNull(),
    lastReadId: text("last_read_id").notNull(),
    version: integer("version").notNull().default(1),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.timeline] })],
);
