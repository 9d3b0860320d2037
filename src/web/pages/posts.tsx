import { raw } from "hono/html";
import { handleOf } from "../../actors/model.ts";
import { htmlToText } from "../../practices/markdown.ts";
import { webHref } from "../links.ts";
import type { PostWithAuthor } from "../queries.ts";
import { formatDate } from "./practice.tsx";

/** Posts from other software (Mastodon, Lemmy, WordPress, …) by actors followed here. */
export function FediversePosts(props: { posts: readonly PostWithAuthor[] }) {
  return (
    <section>
      <h2>From the fediverse</h2>
      {props.posts.length === 0 ? (
        <p>Nothing yet from the accounts on other servers that cities and networks here follow.</p>
      ) : (
        <ul class="posts">
          {props.posts.map((item) => (
            <li>
              <Post {...item} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Post({ post, author }: PostWithAuthor) {
  const link = webHref(post.url) ?? webHref(post.iri);
  const authorLink = webHref(author.url) ?? webHref(author.iri);
  const date = post.publishedAt ?? post.receivedAt;
  const replyTo = webHref(post.inReplyTo);
  // Both were sanitized when the post was stored (federation/inbox/content.ts).
  const content = raw(post.contentHtml || (post.summary ?? ""));
  return (
    <article class="post">
      <p class="meta">
        {authorLink ? <a href={authorLink}>{author.name}</a> : author.name} <span class="handle">{handleOf(author)}</span>
      </p>
      {post.name ? <h3>{link ? <a href={link}>{post.name}</a> : post.name}</h3> : null}
      {/* On a note, Mastodon's summary is a content warning: the text stays folded behind it. */}
      {post.type === "Note" && post.summary && post.contentHtml ? (
        <details>
          <summary>{htmlToText(post.summary)}</summary>
          <div class="content">{content}</div>
        </details>
      ) : (
        <div class="content">{content}</div>
      )}
      <p class="meta">
        {replyTo ? (
          <>
            <a href={replyTo}>In reply to a post</a>
            {" · "}
          </>
        ) : null}
        {link ? (
          <a href={link}>
            <time datetime={date.toISOString()}>{formatDate(date)}</time>
          </a>
        ) : (
          <time datetime={date.toISOString()}>{formatDate(date)}</time>
        )}
      </p>
    </article>
  );
}
