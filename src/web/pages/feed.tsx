import { raw } from "hono/html";
import { handleOf } from "../../actors/model.ts";
import type { FeedItem } from "../../social/feed.ts";

export function FeedPage(props: { items: readonly FeedItem[] }) {
  return (
    <>
      <h1>Your feed</h1>
      <p>What the cities, networks and people you and your cities follow have published and shared.</p>
      {props.items.length === 0 ? <p>Nothing yet: follow a city from its page, or from your city's page.</p> : null}
      <ul class="actors">
        {props.items.map((item) => (
          <li>
            <a href={item.author.url ?? item.author.iri}>{item.author.name}</a> <span class="handle">{handleOf(item.author)}</span>{" "}
            <time datetime={item.at.toISOString()}>{item.at.toISOString().slice(0, 10)}</time>
            {item.kind === "practice" ? (
              <p>
                Practice: <a href={`/practices/${item.publicId}`}>{item.card.title}</a> — {item.card.summary}
              </p>
            ) : item.kind === "share" ? (
              <p>
                Shared {item.owner.name}'s practice <a href={`/practices/${item.publicId}`}>{item.card.title}</a> — {item.card.summary}
              </p>
            ) : item.kind === "comment" ? (
              <div>
                Comment on <a href={`/practices/${item.practicePublicId}`}>a practice</a>: {raw(item.html)}
              </div>
            ) : (
              <div>
                {item.name ? <strong>{item.name} </strong> : null}
                {raw(item.html)} <a href={item.url}>Original</a>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
