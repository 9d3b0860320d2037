import { handleOf } from "../../actors/model.ts";
import type { NotificationKind, NotificationListing } from "../../social/notifications.ts";

const what: Record<NotificationKind, string> = {
  follow: "now follows",
  follow_request: "asks to follow",
  comment: "commented on",
  mention: "mentioned",
  share: "shared",
  like: "liked",
  adaptation: "adapted a practice of yours into",
  curation: "added to one of its collections",
};

export function NotificationsPage(props: { items: readonly NotificationListing[]; names: ReadonlyMap<number, string>; practiceLinks: ReadonlyMap<number, string> }) {
  return (
    <>
      <h1>Notifications</h1>
      {props.items.length === 0 ? <p>Nothing new.</p> : null}
      <ul class="actors">
        {props.items.map(({ notification, actor }) => {
          const link = notification.practiceId ? props.practiceLinks.get(notification.practiceId) : undefined;
          return (
            <li class={notification.readAt ? "read" : "unread"}>
              <a href={actor.url ?? actor.iri}>{actor.name}</a> <span class="handle">{handleOf(actor)}</span> {what[notification.kind]}{" "}
              {link ? <a href={link}>a practice</a> : (props.names.get(notification.recipientId) ?? "")}
              {notification.readAt ? "" : " (new)"} <time datetime={notification.createdAt.toISOString()}>{notification.createdAt.toISOString().slice(0, 16).replace("T", " ")}</time>
            </li>
          );
        })}
      </ul>
      {props.items.some((i) => !i.notification.readAt) ? (
        <form method="post" action="/notifications/read">
          <button type="submit">Mark all as read</button>
        </form>
      ) : null}
    </>
  );
}
