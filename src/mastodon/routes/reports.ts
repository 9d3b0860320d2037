import { Hono } from "hono";
import { findActorById } from "../../actors/store.ts";
import { sendReport } from "../../federation/reporting.ts";
import { currentUser, requireScope } from "../auth.ts";
import { type ApiDeps, fedifyContext } from "../deps.ts";
import { renderAccount } from "../entities/account.ts";
import type { MastodonEnv } from "../env.ts";
import { notFound, validationFailed } from "../errors.ts";
import { largestStatusId, parseId } from "../pagination.ts";
import { Params } from "../params.ts";
import { findStatus, iriOf } from "../timeline.ts";

/**
 * Reports from a Mastodon app: an account on another server, or one of its practices or comments,
 * is reported to that server as the web's report form does (a `Flag` from our instance actor, so
 * that the member stays anonymous there). Content of this server is for its own moderators.
 */
export function reportRoutes(deps: ApiDeps): Hono<MastodonEnv> {
  const { db, origin } = deps;
  return new Hono<MastodonEnv>().post("/api/v1/reports", requireScope("write:reports"), async (c) => {
    const member = currentUser(c).actor;
    const params = await Params.of(c);
    const account = await findActorById(db, parseId(params.get("account_id")) ?? -1);
    if (!account) throw notFound();
    const statusIds = params.getAll("status_ids").flatMap((raw) => parseId(raw, largestStatusId) ?? []);
    const [first] = statusIds;
    const entry = first === undefined ? undefined : await findStatus(db, first);
    const subject = entry?.kind === "share" ? entry.shared : entry;
    if (subject && subject.author.id !== account.id) throw validationFailed("The status is not by the reported account");
    // One object per report, as the web form sends: the first status named, else the account.
    const report = await sendReport(fedifyContext(deps, c), db, member, subject ? iriOf(subject) : account.iri, params.get("comment") ?? "");
    return c.json({
      id: String(report.id),
      action_taken: false,
      action_taken_at: null,
      category: "other",
      comment: report.content,
      forwarded: true,
      created_at: report.createdAt.toISOString(),
      status_ids: subject ? [String(subject.statusId)] : [],
      rule_ids: null,
      target_account: await renderAccount(db, origin, account),
    });
  });
}
