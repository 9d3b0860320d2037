import { handleOf } from "../../actors/model.ts";
import type { BlockListing } from "../../social/blocks.ts";
import type { ModerationLogListing } from "../../social/moderation.ts";
import type { ReportListing, ReportTarget } from "../../social/reports.ts";
import { webHref } from "../links.ts";

const actionLabels: Record<ModerationLogListing["entry"]["action"], string> = {
  block_actor: "blocked the actor",
  block_domain: "blocked the server",
  unblock_actor: "unblocked the actor",
  unblock_domain: "unblocked the server",
  resolve_report: "resolved",
  hide_comment: "hid the comment",
  unhide_comment: "showed again the comment",
  delete_comment: "deleted the comment",
};

function when(date: Date): string {
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

function Target(props: { target: ReportTarget }) {
  const href = props.target.href?.startsWith("/") ? props.target.href : webHref(props.target.href);
  return href ? (
    <a href={href} rel={href.startsWith("/") ? undefined : "nofollow noopener noreferrer"}>
      {props.target.label}
    </a>
  ) : (
    <span>{props.target.label}</span>
  );
}

export interface ModerationPageProps {
  readonly reports: readonly ReportListing[];
  readonly blocks: readonly BlockListing[];
  readonly log: readonly ModerationLogListing[];
  /** Operators see outgoing reports and the whole queue; admins the reports about their cities and networks. */
  readonly isOperator: boolean;
}

/** Open reports, the block list and the moderation log, with their forms. */
export function ModerationPage(props: ModerationPageProps) {
  const incoming = props.reports.filter((r) => r.report.incoming);
  const outgoing = props.reports.filter((r) => !r.report.incoming);
  return (
    <>
      <h1>Moderation</h1>
      <p class="hint">
        {props.isOperator
          ? "As an operator you see every report. Blocks apply to the whole server."
          : "You see the reports about the cities and networks you administer. Blocks apply to the whole server."}
      </p>

      <section>
        <h2>Open reports</h2>
        {incoming.length === 0 ? <p>No open reports.</p> : null}
        <ul class="reports">
          {incoming.map((listing) => (
            <ReportItem listing={listing} />
          ))}
        </ul>
        {props.isOperator ? (
          <>
            <h2>Reports sent by our members</h2>
            {outgoing.length === 0 ? <p>None open.</p> : null}
            <ul class="reports">
              {outgoing.map((listing) => (
                <ReportItem listing={listing} />
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section>
        <h2>Block an actor or a server</h2>
        <form method="post" action="/moderation/blocks">
          <label for="block-kind">What</label>
          <select id="block-kind" name="kind">
            <option value="domain">A whole server (domain)</option>
            <option value="actor">One actor (handle or URL)</option>
          </select>
          <label for="block-target">Domain, handle or actor URL</label>
          <input type="text" id="block-target" name="target" required placeholder="spam.example, @troll@spam.example" />
          <label for="block-reason">Reason (kept in the log)</label>
          <input type="text" id="block-reason" name="reason" class="long" />
          <p class="hint">
            Everything from it is refused, nothing is sent to it any more, and every follow between it and our cities,
            networks and members ends. Unblocking later restores none of those follows.
          </p>
          <p>
            <button type="submit">Block</button>
          </p>
        </form>
        <h2>Blocked</h2>
        {props.blocks.length === 0 ? <p>Nothing is blocked.</p> : null}
        <table class="blocks">
          {props.blocks.length > 0 ? (
            <tr>
              <th>Blocked</th>
              <th>Reason</th>
              <th>By, when</th>
              <th></th>
            </tr>
          ) : null}
          {props.blocks.map(({ block, by }) => (
            <tr>
              <td>
                {block.kind === "domain" ? "Server " : "Actor "}
                <code>{block.value}</code>
              </td>
              <td>{block.reason}</td>
              <td>
                {by ?? "—"}, {when(block.createdAt)}
              </td>
              <td>
                <form class="inline" method="post" action={`/moderation/blocks/${block.id}/unblock`}>
                  <button type="submit">Unblock</button>
                </form>
              </td>
            </tr>
          ))}
        </table>
      </section>

      <section>
        <h2>Moderation log</h2>
        {props.log.length === 0 ? <p>Nothing yet.</p> : null}
        <ul class="log">
          {props.log.map(({ entry, by }) => (
            <li class="log-entry" data-action={entry.action}>
              {when(entry.createdAt)}: {by ? `${by.name} (@${by.username})` : "the server"} {actionLabels[entry.action] ?? entry.action}{" "}
              <code>{entry.target}</code>
              {entry.note ? <> · “{entry.note}”</> : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function ReportItem(props: { listing: ReportListing }) {
  const { report, reporter, targets, organizations, mayResolve } = props.listing;
  return (
    <li class="report">
      <p>
        <strong>{report.incoming ? "Received" : "Sent"}</strong> {when(report.createdAt)}
        {reporter ? (
          <>
            {report.incoming ? " from " : " by "}
            {reporter.name} <span class="handle">{handleOf(reporter)}</span>
          </>
        ) : null}
        {organizations.length > 0 ? <> · about {organizations.map((o) => o.name).join(", ")}</> : null}
      </p>
      <ul>
        {targets.map((target) => (
          <li>
            <Target target={target} />
          </li>
        ))}
      </ul>
      {report.content ? <blockquote class="report-content">{report.content}</blockquote> : <p class="hint">No comment.</p>}
      {mayResolve ? (
        <form method="post" action={`/moderation/reports/${report.id}/resolve`}>
          <label for={`resolve-note-${report.id}`}>What was done (kept in the log)</label>
          <input type="text" id={`resolve-note-${report.id}`} name="note" class="long" />
          <p>
            <button type="submit">Resolve</button>
          </p>
        </form>
      ) : null}
    </li>
  );
}

export interface ReportFormProps {
  readonly target: ReportTarget;
  /** Where to go back to after sending. */
  readonly back: string;
  readonly server: string;
}

/** A member reports an account, practice or comment from another server. */
export function ReportForm(props: ReportFormProps) {
  return (
    <>
      <h1>Report to {props.server}</h1>
      <p>
        You are reporting <Target target={props.target} />. Its server's moderators get the report from this server, without your
        name. Our operators see it too.
      </p>
      <form method="post" action="/report">
        <input type="hidden" name="target" value={props.target.iri} />
        <input type="hidden" name="back" value={props.back} />
        <label for="report-comment">What is wrong (up to 1,000 characters)</label>
        <textarea id="report-comment" name="comment" rows={5} maxlength={1000}></textarea>
        <p>
          <button type="submit">Send the report</button>
        </p>
      </form>
    </>
  );
}
