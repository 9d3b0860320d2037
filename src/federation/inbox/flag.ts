import type { InboxContext } from "@fedify/fedify";
import type { Flag } from "@fedify/vocab";
import type { Database } from "../../db/client.ts";
import { logger } from "../../logging.ts";
import { htmlToText } from "../../practices/markdown.ts";
import { concernsThisServer, maxReportLength, recordIncomingReport } from "../../social/reports.ts";
import { resolveActor } from "../remote-actors.ts";

/**
 * A report (`Flag`) from another server. Mastodon sends it from its instance actor, with the
 * reported account and posts in `object` and the moderator's comment in `content`; Mbin and Lemmy
 * add `summary` and `audience`. It lands in the moderation queue when it is about something of
 * ours: one of our actors, or a practice or comment we keep. Anything else is ignored.
 */
export async function onFlag(ctx: InboxContext<void>, db: Database, flag: Flag): Promise<void> {
  if (flag.id === null || flag.actorId === null) return;
  const targets = flag.objectIds.map((id) => id.href);
  if (!(await concernsThisServer(db, targets))) {
    logger.info("Ignored report {id}: it is about nothing kept here", { id: flag.id.href });
    return;
  }
  const reporter = await resolveActor(ctx, db, flag.actorId).catch(() => undefined);
  const text = flag.content?.toString() ?? flag.summary?.toString() ?? "";
  const report = await recordIncomingReport(db, {
    activityIri: flag.id.href,
    reporterId: reporter?.id ?? null,
    targetIris: targets,
    content: htmlToText(text).slice(0, maxReportLength),
  });
  if (report) logger.info("Report {id} received from {actor} about {targets}", { id: flag.id.href, actor: flag.actorId.href, targets });
}
