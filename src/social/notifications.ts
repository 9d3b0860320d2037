import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { ActorRow } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, memberships, notifications } from "../db/schema.ts";

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

/** The actors whose notifications a member sees: themselves and every city or network they belong to. */
async function audienceOf(db: Database, account: { id: number; actorId: number }): Promise<number[]> {
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
    .where(and(inArray(notifications.recipientId, audience), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.id))
    .limit(options.limit ?? 50);
}

export async function countUnread(db: Database, account: { id: number; actorId: number }): Promise<number> {
  const audience = await audienceOf(db, account);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(inArray(notifications.recipientId, audience), isNull(notifications.readAt)));
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
