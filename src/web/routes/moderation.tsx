import { type Context, Hono } from "hono";
import { can } from "../../accounts/permissions.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import { block } from "../../federation/blocking.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import { findReportable, sendReport } from "../../federation/reporting.ts";
import { listBlocks, removeBlock } from "../../social/blocks.ts";
import { listModerationLog } from "../../social/moderation.ts";
import { listReports, resolveReport } from "../../social/reports.ts";
import type { WebEnv } from "../env.ts";
import { setFlash, takeFlash } from "../flash.ts";
import { Layout } from "../pages/layout.tsx";
import { ModerationPage, ReportForm } from "../pages/moderation.tsx";
import { formText } from "./forms.ts";

type C = Context<WebEnv>;

/** Longest comment a member may send with a report (Mastodon's limit). */
const maxCommentLength = 1000;

/** The signed-in moderator: an operator, or an admin of at least one of our cities or networks. */
function moderator(c: C) {
  const signedIn = c.var.signedIn;
  if (!signedIn) throw new PlazaError("forbidden", "Sign in as an operator, or as an admin of a city or network, to moderate.");
  if (!can(signedIn.principal, "moderate")) throw new PlazaError("forbidden", "Only operators and admins of a city or network on this server may moderate.");
  return signedIn;
}

function member(c: C) {
  const signedIn = c.var.signedIn;
  if (!signedIn) throw new PlazaError("forbidden", "Sign in to report something.");
  return signedIn;
}

/** A path on this server to go back to; anything else (another site, `//host`) becomes the home page. */
function localPath(value: string): string {
  return /^\/(?![/\\])/.test(value) ? value : "/";
}

/** Runs a moderation form's action and goes back to the moderation page with what happened. */
async function act(c: C, action: () => Promise<string>, to = "/moderation") {
  try {
    setFlash(c, { kind: "notice", message: await action() });
  } catch (error) {
    if (!(error instanceof PlazaError)) throw error;
    setFlash(c, { kind: "error", message: error.message });
  }
  return c.redirect(to, 303);
}

/** `/moderation` (reports, blocks, log) for operators and admins, and `/report` for every member. */
export function moderationRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  const context = (c: C) => federation.createContext(c.req.raw, undefined);
  return new Hono<WebEnv>()
    .get("/moderation", async (c) => {
      const { principal } = moderator(c);
      const [reports, blocks, log] = await Promise.all([listReports(db, principal), listBlocks(db), listModerationLog(db)]);
      return c.html(
        <Layout title="Moderation" signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <ModerationPage reports={reports} blocks={blocks} log={log} isOperator={principal.isOperator} />
        </Layout>,
      );
    })
    .post("/moderation/blocks", async (c) => {
      const { account } = moderator(c);
      const form = await c.req.formData();
      const kind = formText(form, "kind") === "actor" ? "actor" : "domain";
      return act(c, async () => {
        const result = await block(context(c), db, { kind, target: formText(form, "target"), reason: formText(form, "reason"), accountId: account.id });
        if (!result.created) return `${result.block.value} was already blocked.`;
        const ended = result.removedFollows === 1 ? "1 follow ended" : `${result.removedFollows} follows ended`;
        return `Blocked ${result.block.value}; ${ended}.`;
      });
    })
    .post("/moderation/blocks/:id{[0-9]+}/unblock", async (c) => {
      const { account } = moderator(c);
      return act(c, async () => {
        const removed = await removeBlock(db, Number(c.req.param("id")), account.id);
        return `Unblocked ${removed.value}. Follows it had ended stay ended.`;
      });
    })
    .post("/moderation/reports/:id{[0-9]+}/resolve", async (c) => {
      const { account, principal } = moderator(c);
      const form = await c.req.formData();
      return act(c, async () => {
        const report = await resolveReport(db, principal, account.id, Number(c.req.param("id")), formText(form, "note"));
        return `Report #${report.id} resolved.`;
      });
    })
    .get("/report", async (c) => {
      member(c);
      const reportable = await findReportable(db, c.req.query("target") ?? "");
      return c.html(
        <Layout title="Report" signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <ReportForm target={reportable.target} back={localPath(reportable.target.href ?? "/")} server={reportable.author.host} />
        </Layout>,
      );
    })
    .post("/report", async (c) => {
      const { account } = member(c);
      const form = await c.req.formData();
      const back = localPath(formText(form, "back"));
      return act(
        c,
        async () => {
          const comment = formText(form, "comment");
          if (comment.length > maxCommentLength) throw new PlazaError("invalid", `A report's comment may have at most ${maxCommentLength} characters.`, "comment");
          const reporter = await findActorById(db, account.actorId);
          if (!reporter) throw new PlazaError("not_found", "Your member account has no profile.");
          await sendReport(context(c), db, reporter, formText(form, "target"), comment);
          return "Report sent. Thank you.";
        },
        back,
      );
    });
}
