import { type Context, Hono } from "hono";
import { inArray } from "drizzle-orm";
import type { Database } from "../../db/client.ts";
import { actors, practices } from "../../db/schema.ts";
import { PlazaError } from "../../errors.ts";
import { homeFeed } from "../../social/feed.ts";
import { listNotifications, markAllRead } from "../../social/notifications.ts";
import type { WebEnv } from "../env.ts";
import { takeFlash } from "../flash.ts";
import { FeedPage } from "../pages/feed.tsx";
import { Layout } from "../pages/layout.tsx";
import { NotificationsPage } from "../pages/notifications.tsx";

function signedInAccount(c: Context<WebEnv>) {
  const account = c.var.signedIn?.account;
  if (!account) throw new PlazaError("forbidden", "Sign in to see your notifications and feed.");
  return account;
}

/** A member's notifications (their own and their cities' and networks') and home feed. */
export function notificationRoutes(db: Database): Hono<WebEnv> {
  return new Hono<WebEnv>()
    .get("/notifications", async (c) => {
      const account = signedInAccount(c);
      const items = await listNotifications(db, account);
      const recipientIds = [...new Set(items.map((i) => i.notification.recipientId))];
      const practiceIds = [...new Set(items.flatMap((i) => (i.notification.practiceId ? [i.notification.practiceId] : [])))];
      const recipients = recipientIds.length ? await db.select({ id: actors.id, name: actors.name }).from(actors).where(inArray(actors.id, recipientIds)) : [];
      const linked = practiceIds.length ? await db.select({ id: practices.id, publicId: practices.publicId }).from(practices).where(inArray(practices.id, practiceIds)) : [];
      return c.html(
        <Layout title="Notifications" signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <NotificationsPage
            items={items}
            names={new Map(recipients.map((r) => [r.id, r.name]))}
            practiceLinks={new Map(linked.map((p) => [p.id, `/practices/${p.publicId ?? ""}`]))}
          />
        </Layout>,
      );
    })
    .post("/notifications/read", async (c) => {
      await markAllRead(db, signedInAccount(c));
      return c.redirect("/notifications", 303);
    })
    .get("/feed", async (c) => {
      const items = await homeFeed(db, signedInAccount(c));
      return c.html(
        <Layout title="Your feed" signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <FeedPage items={items} />
        </Layout>,
      );
    });
}
