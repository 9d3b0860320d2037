import { raw } from "hono/html";
import { handleOf } from "../../actors/model.ts";
import { type ThreadComment, type ThreadNode, maxCommentLength } from "../../social/comments.ts";
import type { ReactionCounts } from "../../social/reactions.ts";
import { webHref } from "../links.ts";
import { formatDate } from "./practice.tsx";

/** What the practice page shows of its conversation, and what the signed-in member may do in it. */
export interface ThreadView {
  /** The practice's page; the forms post below it. */
  readonly base: string;
  readonly nodes: readonly ThreadNode[];
  /** Visible comments. */
  readonly count: number;
  /** A member is signed in and the practice is published: the form is shown. */
  readonly canComment: boolean;
  /** The signed-in member's actor, whose own comments they may delete. */
  readonly viewerId: number | undefined;
  /** An admin of the practice's city (or an operator): may hide and delete any comment. */
  readonly moderator: boolean;
  /** The comment the form answers (`?replyTo=`), if any. */
  readonly replyTo: ThreadComment | undefined;
  /** Where the practice lives, when it is another server's: comments go there too. */
  readonly ownerHost: string | undefined;
  /** Likes and shares of the visible comments, by comment id (IRI), and which of them the member gave. */
  readonly reactions: {
    readonly counts: ReadonlyMap<string, ReactionCounts>;
    readonly liked: ReadonlySet<string>;
    readonly shared: ReadonlySet<string>;
  };
}

const threadStyles = `
  section.comments ol { list-style: none; padding-left: 0; margin: 0; }
  section.comments ol ol { padding-left: 1.25rem; border-left: 2px solid #8883; margin-left: .25rem; }
  section.comments li.comment { margin: .75rem 0; }
  section.comments .placeholder { color: #666; font-style: italic; }
  section.comments li.hidden > .body { opacity: .6; }
  section.comments .content p { margin: .3rem 0; }
`;

/** The conversation under a practice: threaded replies, the form, and the moderators' buttons. */
export function CommentThread(props: ThreadView) {
  const { count, nodes, canComment, replyTo, base } = props;
  return (
    <section class="comments" id="comments">
      <style>{threadStyles}</style>
      <h2>
        Comments <span class="meta">({count})</span>
      </h2>
      {nodes.length === 0 ? <p>No comments yet.</p> : <CommentList {...props} nodes={nodes} />}
      {canComment ? (
        <form method="post" action={`${base}/comments`} id="comment-form">
          <h3>{replyTo ? "Reply" : "Add a comment"}</h3>
          {replyTo ? (
            <p class="hint">
              Replying to {replyTo.author.name} <span class="handle">{handleOf(replyTo.author)}</span> ·{" "}
              <a href={`${base}#comment-form`}>comment on the practice instead</a>
            </p>
          ) : null}
          <input type="hidden" name="inReplyTo" value={replyTo?.comment.iri ?? ""} />
          <label for="comment-content">Your comment</label>
          <p class="hint">
            Markdown: **bold**, _italic_, [links](https://example.org), lists. Public, under your own name
            {props.ownerHost ? `; it is also sent to ${props.ownerHost}, where the practice is published` : ""}.
          </p>
          <textarea id="comment-content" name="content" rows={5} maxlength={maxCommentLength} required></textarea>
          <p>
            <button type="submit">Send</button>
          </p>
        </form>
      ) : null}
    </section>
  );
}

function CommentList(props: ThreadView & { nodes: readonly ThreadNode[] }) {
  return (
    <ol>
      {props.nodes.map((node) => (
        <CommentItem {...props} node={node} />
      ))}
    </ol>
  );
}

function CommentItem(props: ThreadView & { node: ThreadNode }) {
  const { node, base, moderator, viewerId, canComment } = props;
  const { comment, author } = node;
  const placeholder =
    comment.status === "deleted" ? "This comment was deleted." : comment.status === "hidden" && !moderator ? "This comment was hidden by moderators." : undefined;
  const authorLink = webHref(author.url) ?? webHref(author.iri);
  const link = webHref(comment.url) ?? webHref(comment.iri);
  const own = comment.local && viewerId !== undefined && comment.authorId === viewerId;
  const action = (name: string) => `${base}/comments/${comment.id}/${name}`;
  return (
    <li class={`comment ${comment.status}`} id={`comment-${comment.id}`}>
      {placeholder ? (
        <p class="placeholder">{placeholder}</p>
      ) : (
        <div class="body">
          <p class="meta">
            {authorLink ? <a href={authorLink}>{author.name}</a> : author.name} <span class="handle">{handleOf(author)}</span> ·{" "}
            {link ? (
              <a href={link}>
                <time datetime={comment.publishedAt.toISOString()}>{formatDate(comment.publishedAt)}</time>
              </a>
            ) : (
              <time datetime={comment.publishedAt.toISOString()}>{formatDate(comment.publishedAt)}</time>
            )}
            {comment.updatedAt && comment.updatedAt > comment.publishedAt ? " · edited" : ""}
            {comment.status === "hidden" ? <> · <strong>hidden</strong> (only moderators see it)</> : null}
          </p>
          {/* Sanitized when it was stored: rendered from Markdown here, or sanitize-html for other servers'. */}
          <div class="content">{raw(comment.contentHtml)}</div>
          <p class="meta">
            {comment.status === "visible" ? <CommentReactions {...props} /> : null}
            {canComment && comment.status === "visible" ? <a href={`${base}?replyTo=${comment.id}#comment-form`}>Reply</a> : null}
            {own || moderator ? (
              <>
                {" "}
                <form class="inline" method="post" action={action("delete")}>
                  <button type="submit">Delete</button>
                </form>
              </>
            ) : null}
            {/* Another server's comment is reported to its server; ours are for our own moderators to hide. */}
            {viewerId !== undefined && !comment.local && comment.status === "visible" ? (
              <>
                {" "}
                <a class="report" href={`/report?target=${encodeURIComponent(comment.iri)}`}>
                  Report
                </a>
              </>
            ) : null}
            {moderator ? (
              <>
                {" "}
                <form class="inline" method="post" action={action(comment.status === "hidden" ? "unhide" : "hide")}>
                  <button type="submit">{comment.status === "hidden" ? "Show again" : "Hide"}</button>
                </form>
              </>
            ) : null}
          </p>
        </div>
      )}
      {node.replies.length > 0 ? <CommentList {...props} nodes={node.replies} /> : null}
    </li>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A comment's likes and shares, with the buttons for a signed-in member (plain forms, no script). */
function CommentReactions(props: ThreadView & { node: ThreadNode }) {
  const { comment } = props.node;
  const { likes, shares } = props.reactions.counts.get(comment.iri) ?? { likes: 0, shares: 0 };
  const liked = props.reactions.liked.has(comment.iri);
  const shared = props.reactions.shared.has(comment.iri);
  const action = (name: string) => `${props.base}/comments/${comment.id}/${name}`;
  return (
    <>
      <span class="likes">{plural(likes, "like", "likes")}</span> · <span class="shares">{plural(shares, "share", "shares")}</span>{" "}
      {props.canComment ? (
        <>
          <form class="inline" method="post" action={action(liked ? "unlike" : "like")}>
            <button type="submit">{liked ? "Unlike" : "Like"}</button>
          </form>{" "}
          <form class="inline" method="post" action={action(shared ? "unshare" : "share")}>
            <button type="submit">{shared ? "Unshare" : "Share"}</button>
          </form>{" "}
        </>
      ) : null}
    </>
  );
}
