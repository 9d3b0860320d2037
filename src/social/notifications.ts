import { type SQL, and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, memberships, notificationDismissals, notifications } from "../db/schema.ts";

export type NotificationKind = (typeof notifications.$inferSelect)["kind"];
export type NotificationRow = typeof notifications.$inferSelect;

export interface NewNotification {
  /** The local actor concerned: a member, or a city or network (whose members then see it). */
  readonly recipientId: number;
  readonly kind: NotificationKind;
  readonly actorId: number;
  readonly practiceId?: number;
  readonly commentId?: number;
}

/** Records a notification; nobody is notified of their own doing. */
export async function notify(db: Database, notification: NewNotification): Promise<void> {
  if (notification.recipientId === notification.actorId) return;
  await db.insert(notifications).values(notification);
}

/** Removes the notifications of something undone: `kind` by `actorId` about a comment, or else a practice. */
export async function forgetNotifications(
  db: Database,
  about: { readonly kind: NotificationKind; readonly actorId: number; readonly practiceId?: number; readonly commentId?: number },
): Promise<void> {
  const target =
    about.commentId !== undefined
      ? eq(notifications.commentId, about.commentId)
      : about.practiceId !== undefined
        ? and(eq(notifications.practiceId, about.practiceId), isNull(notifications.commentId))
        : undefined;
  await db.delete(notifications).where(and(eq(notifications.kind, about.kind), eq(notifications.actorId, about.actorId), target));
}

/** The actors whose notifications a member sees: themselves and every city or network they belong to. */
export async function audienceOf(db: Database, account: { id: number; actorId: number }): Promise<number[]> {
  const rows = await db.select({ id: memberships.organizationId }).from(memberships).where(eq(memberships.accountId, account.id));
  return [account.actorId, ...rows.map((r) => r.id)];
}

export interface NotificationListing {
  readonly notification: NotificationRow;
  readonly actor: ActorRow;
}

export async function listNotifications(
  db: Database,
  account: { id: number; actorId: number },
  options: { unreadOnly?: boolean; limit?: number } = {},
): Promise<NotificationListing[]> {
  const audience = await audienceOf(db, account);
  return db
    .select({ notification: notifications, actor: actors })
    .from(notifications)
    .innerJoin(actors, eq(actors.id, notifications.actorId))
    .where(and(inArray(notifications.recipientId, audience), notDismissedBy(account.id), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.id))
    .limit(options.limit ?? 50);
}

export async function countUnread(db: Database, account: { id: number; actorId: number }): Promise<number> {
  const audience = await audienceOf(db, account);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(inArray(notifications.recipientId, audience), notDismissedBy(account.id), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks everything the member can see as read. */
export async function markAllRead(db: Database, account: { id: number; actorId: number }): Promise<void> {
  const audience = await audienceOf(db, account);
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(inArray(notifications.recipientId, audience), isNull(notifications.readAt)));
}

/** Notifications the member has not put away. */
export function notDismissedBy(accountId: number): SQL {
  return sql`not exists (select 1 from ${notificationDismissals} where ${notificationDismissals.notificationId} = ${notifications.id} and ${notificationDismissals.accountId} = ${accountId})`;
}

/** Puts one notification the member can see away, for them alone (see `notificationDismissals`). */
export async function dismissNotification(db: Database, account: { id: number; actorId: number }, id: number): Promise<boolean> {
  const audience = await audienceOf(db, account);
  const [visible] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.id, id), inArray(notifications.recipientId, audience)));
  if (!visible) return false;
  await db.insert(notificationDismissals).values({ notificationId: id, accountId: account.id }).onConflictDoNothing();
  return true;
}

/** Puts away every notification the member can see. */
export async function clearNotifications(db: Database, account: { id: number; actorId: number }): Promise<void> {
  const audience = await audienceOf(db, account);
  await db
    .insert(notificationDismissals)
    .select(
      db
        .select({ notificationId: notifications.id, accountId: sql<number>`${account.id}`.as("account_id") })
        .from(notifications)
        .where(inArray(notifications.recipientId, audience)),
    )
    .onConflictDoNothing();
}
