import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { ActorRow } from "../../actors/model.ts";
import type { Database } from "../../db/client.ts";
import { actors, comments, notifications, practices } from "../../db/schema.ts";
import { type NotificationKind, type NotificationRow, audienceOf, clearNotifications, countUnread, dismissNotification, notDismissedBy } from "../../social/notifications.ts";
import { currentUser, requireScope } from "../auth.ts";
import type { ApiDeps } from "../deps.ts";
import { type MastodonAccount, renderAccounts } from "../entities/account.ts";
import { type MastodonStatus, renderStatuses } from "../entities/status.ts";
import type { MastodonEnv } from "../env.ts";
import { notFound } from "../errors.ts";
import { type PageRequest, parseId, parsePage, setLinkHeader } from "../pagination.ts";
import { Params } from "../params.ts";
import { finishPage, pageQuery } from "../queries.ts";
import { subjectsByIri } from "../timeline.ts";

/**
 * How Plaza's notifications read in Mastodon: a comment is a reply, so a "mention", as Mastodon
 * files replies; an adaptation of a city's practice, or a network adding it to a collection, is
 * news about a status ("status").
 */
const mastodonType: Record<NotificationKind, string> = {
  follow: "follow",
  follow_request: "follow_request",
  comment: "mention",
  mention: "mention",
  share: "reblog",
  like: "favourite",
  adaptation: "status",
  curation: "status",
};

function kindsOf(types: readonly string[]): NotificationKind[] {
  return (Object.keys(mastodonType) as NotificationKind[]).filter((kind) => types.includes(mastodonType[kind]));
}

interface Member {
  readonly id: number;
  readonly actorId: number;
}

interface NotificationFilter {
  readonly kinds?: readonly NotificationKind[];
  readonly excludeKinds?: readonly NotificationKind[];
  readonly fromActorId?: number;
  readonly id?: number;
}

/** The notifications a member sees (theirs, their cities' and networks'), not put away, newest first. */
async function pageNotifications(db: Database, member: Member, filter: NotificationFilter, page: PageRequest) {
  const audience = await audienceOf(db, member);
  const { where, orderBy, ascending } = pageQuery(notifications.id, page);
  const rows = await db
    .select({ notification: notifications, actor: actors })
    .from(notifications)
    .innerJoin(actors, eq(actors.id, notifications.actorId))
    .where(
      and(
        inArray(notifications.recipientId, audience),
        notDismissedBy(member.id),
        filter.kinds ? (filter.kinds.length === 0 ? sql`false` : inArray(notifications.kind, [...filter.kinds])) : undefined,
        filter.excludeKinds && filter.excludeKinds.length > 0 ? notInArray(notifications.kind, [...filter.excludeKinds]) : undefined,
        filter.fromActorId === undefined ? undefined : eq(notifications.actorId, filter.fromActorId),
        filter.id === undefined ? undefined : eq(notifications.id, filter.id),
        where,
      ),
    )
    .orderBy(orderBy)
    .limit(page.limit + 1);
  return finishPage(rows, page, ascending);
}

/** The status each notification is about: the comment, or else the practice. */
async function statusesOf(db: Database, origin: URL, rows: readonly NotificationRow[], viewer: ActorRow): Promise<(row: NotificationRow) => MastodonStatus | undefined> {
  const commentIds = rows.flatMap((r) => (r.commentId === null ? [] : [r.commentId]));
  const practiceIds = rows.flatMap((r) => (r.commentId === null && r.practiceId !== null ? [r.practiceId] : []));
  const [commentIris, practiceIris] = await Promise.all([
    commentIds.length === 0 ? [] : db.select({ id: comments.id, iri: comments.iri }).from(comments).where(inArray(comments.id, commentIds)),
    practiceIds.length === 0 ? [] : db.select({ id: practices.id, iri: practices.iri }).from(practices).where(inArray(practices.id, practiceIds)),
  ]);
  const iriOf = (r: NotificationRow) =>
    r.commentId !== null ? commentIris.find((c) => c.id === r.commentId)?.iri : practiceIris.find((p) => p.id === r.practiceId)?.iri;
  const subjects = await subjectsByIri(
    db,
    rows.flatMap((r) => iriOf(r) ?? []),
  );
  const pairs = [...subjects];
  const rendered = await renderStatuses(
    db,
    origin,
    pairs.map(([, subject]) => subject),
    viewer,
  );
  const byIri = new Map(pairs.map(([iri], i) => [iri, rendered[i]]));
  return (row) => {
    const iri = iriOf(row);
    return iri === undefined ? undefined : byIri.get(iri);
  };
}

/** A notification ready to be shown: who did it, and the status it is about (none for follows). */
interface ShownNotification {
  readonly row: NotificationRow;
  readonly account: MastodonAccount;
  readonly status: MastodonStatus | undefined;
}

const needsStatus = (row: NotificationRow) => row.kind !== "follow" && row.kind !== "follow_request";

/** Mastodon 4.3's grouped notifications, each notification its own group (`ungrouped-{id}`, as Mastodon names those). */
function groupOf(n: ShownNotification) {
  const id = String(n.row.id);
  return {
    group_key: `ungrouped-${id}`,
    notifications_count: 1,
    type: mastodonType[n.row.kind],
    most_recent_notification_id: id,
    page_min_id: id,
    page_max_id: id,
    latest_page_notification_at: n.row.createdAt.toISOString(),
    sample_account_ids: [n.account.id],
    ...(n.status ? { status_id: n.status.id } : {}),
  };
}

function notificationOf(n: ShownNotification) {
  return {
    id: String(n.row.id),
    type: mastodonType[n.row.kind],
    created_at: n.row.createdAt.toISOString(),
    group_key: `ungrouped-${n.row.id}`,
    account: n.account,
    ...(n.status ? { status: n.status } : {}),
  };
}

/** `ungrouped-{id}` (what we hand out) or a bare id, as some clients send. */
function idOfGroupKey(key: string): number | undefined {
  return parseId(key.replace(/^ungrouped-/, ""));
}

/**
 * Notifications: what happened to the member and to the cities and networks they belong to
 * (Mastodon types follow, follow_request, mention, reblog, favourite), read (v1, and v2 where
 * every group holds one notification), fetched one by one, dismissed and cleared for this member
 * only.
 */
export function notificationRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;

  function memberOf(c: Context<MastodonEnv>): Member & { actor: ActorRow } {
    const user = currentUser(c);
    return { id: user.account.id, actorId: user.actor.id, actor: user.actor };
  }

  async function show(member: Member & { actor: ActorRow }, rows: readonly { notification: NotificationRow; actor: ActorRow }[]): Promise<ShownNotification[]> {
    const accounts = await renderAccounts(
      db,
      origin,
      rows.map((r) => r.actor),
    );
    const statusOf = await statusesOf(
      db,
      origin,
      rows.map((r) => r.notification),
      member.actor,
    );
    // A notification about something no longer shown (a withdrawn practice, a removed comment) is left out, as on Mastodon.
    return rows.flatMap(({ notification }, i) => {
      const status = statusOf(notification);
      const account = accounts[i];
      if (!account || (needsStatus(notification) && !status)) return [];
      return [{ row: notification, account, status }];
    });
  }

  async function list(c: Context<MastodonEnv>): Promise<ShownNotification[]> {
    const member = memberOf(c);
    const params = await Params.of(c);
    const page = parsePage(params, { limit: 40, max: 80 });
    const types = params.getAll("types");
    const filter: NotificationFilter = {
      kinds: types.length > 0 ? kindsOf(types) : undefined,
      excludeKinds: kindsOf(params.getAll("exclude_types")),
      fromActorId: params.has("account_id") ? (parseId(params.get("account_id")) ?? -1) : undefined,
    };
    const { items, hasMore } = await pageNotifications(db, member, filter, page);
    setLinkHeader(
      c,
      origin,
      items.map((i) => i.notification.id),
      hasMore,
    );
    return show(member, items);
  }

  async function one(c: Context<MastodonEnv>, id: number | undefined): Promise<ShownNotification> {
    const member = memberOf(c);
    const only = { maxId: undefined, sinceId: undefined, minId: undefined, limit: 1 };
    const { items } = id === undefined ? { items: [] } : await pageNotifications(db, member, { id }, only);
    const [shown] = await show(member, items);
    if (!shown) throw notFound();
    return shown;
  }

  async function dismiss(c: Context<MastodonEnv>, id: number | undefined) {
    if (id === undefined || !(await dismissNotification(db, memberOf(c), id))) throw notFound();
    return c.json({});
  }

  const unreadCount = async (c: Context<MastodonEnv>) => c.json({ count: await countUnread(db, memberOf(c)) });

  return new Hono<MastodonEnv>()
    .get("/api/v1/notifications", requireScope("read:notifications"), async (c) => c.json((await list(c)).map(notificationOf)))
    .get("/api/v1/notifications/unread_count", requireScope("read:notifications"), unreadCount)
    .get("/api/v1/notifications/:id{[0-9]+}", requireScope("read:notifications"), async (c) => c.json(notificationOf(await one(c, parseId(c.req.param("id"))))))
    .post("/api/v1/notifications/clear", requireScope("write:notifications"), async (c) => {
      await clearNotifications(db, memberOf(c));
      return c.json({});
    })
    .post("/api/v1/notifications/:id{[0-9]+}/dismiss", requireScope("write:notifications"), (c) => dismiss(c, parseId(c.req.param("id"))))
    .get("/api/v2/notifications", requireScope("read:notifications"), async (c) => {
      const shown = await list(c);
      return c.json({
        accounts: uniqueById(shown.map((n) => n.account)),
        statuses: uniqueById(shown.flatMap((n) => n.status ?? [])),
        notification_groups: shown.map(groupOf),
      });
    })
    .get("/api/v2/notifications/unread_count", requireScope("read:notifications"), unreadCount)
    .get("/api/v2/notifications/:key", requireScope("read:notifications"), async (c) => {
      const shown = await one(c, idOfGroupKey(c.req.param("key")));
      return c.json({ accounts: [shown.account], statuses: shown.status ? [shown.status] : [], notification_groups: [groupOf(shown)] });
    })
    .get("/api/v2/notifications/:key/accounts", requireScope("read:notifications"), async (c) => c.json([(await one(c, idOfGroupKey(c.req.param("key")))).account]))
    .post("/api/v2/notifications/:key/dismiss", requireScope("write:notifications"), (c) => dismiss(c, idOfGroupKey(c.req.param("key"))));
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}
