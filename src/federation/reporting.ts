import type { Context } from "@fedify/fedify";
import { Flag } from "@fedify/vocab";
import { eq } from "drizzle-orm";
import { type ActorRow, instanceUsername } from "../actors/model.ts";
import { findActorById, findActorByIri } from "../actors/store.ts";
import type { Database } from "../db/client.ts";
import { comments } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { logger } from "../logging.ts";
import { findPracticeByIri } from "../practices/store.ts";
import { findBlockCovering } from "../social/blocks.ts";
import { type ReportRow, type ReportTarget, describeTargets, maxReportLength, recordOutgoingReport } from "../social/reports.ts";

/** What a member may report: another server's actor, or a practice or comment from another server, with its author. */
export interface Reportable {
  readonly target: ReportTarget;
  /** The account responsible, on the server that gets the report. */
  readonly author: ActorRow;
  /** The reported object, when it is not the account itself. */
  readonly objectIri: string | undefined;
}

/** Finds what `iri` names among the remote things we keep, or says why it cannot be reported from here. */
export async function findReportable(db: Database, iri: string): Promise<Reportable> {
  const notHere = () => new PlazaError("invalid", "This is on our own server: tell an admin of its city or network, or an operator, instead.");
  const actor = await findActorByIri(db, iri);
  if (actor) {
    if (actor.local) throw notHere();
    return { target: await describe(db, iri), author: actor, objectIri: undefined };
  }
  const practice = await findPracticeByIri(db, iri);
  if (practice) {
    if (practice.row.local) throw notHere();
    const owner = await findActorById(db, practice.row.ownerId);
    if (owner) return { target: await describe(db, iri), author: owner, objectIri: iri };
  }
  const [comment] = await db.select({ local: comments.local, authorId: comments.authorId }).from(comments).where(eq(comments.iri, iri));
  if (comment) {
    if (comment.local) throw notHere();
    const author = await findActorById(db, comment.authorId);
    if (author) return { target: await describe(db, iri), author, objectIri: iri };
  }
  throw new PlazaError("not_found", "Only accounts, practices and comments from other servers that this server knows can be reported.");
}

async function describe(db: Database, iri: string): Promise<ReportTarget> {
  const [target] = await describeTargets(db, [iri]);
  if (!target) throw new Error(`no description for ${iri}`);
  return target;
}

/**
 * A member reports remote content: its server gets a `Flag` from our instance actor (as Mastodon
 * sends them, so that the reporter stays anonymous to the other side), naming the account and
 * the object, with the member's comment. The report is kept here as outgoing.
 */
export async function sendReport(ctx: Context<void>, db: Database, reporter: ActorRow, iri: string, comment: string): Promise<ReportRow> {
  const { author, objectIri } = await findReportable(db, iri);
  if (await findBlockCovering(db, [author.iri])) {
    throw new PlazaError("conflict", `${author.name}'s server is blocked here, so nothing is sent to it.`);
  }
  const content = comment.trim().slice(0, maxReportLength);
  const targets = objectIri ? [author.iri, objectIri] : [author.iri];
  const instance = ctx.getActorUri(instanceUsername);
  const id = new URL(`#flags/${crypto.randomUUID()}`, instance);
  const report = await recordOutgoingReport(db, { activityIri: id.href, reporterId: reporter.id, targetIris: targets, content });
  await ctx.sendActivity(
    { identifier: instanceUsername },
    {
      id: new URL(author.iri),
      inboxId: new URL(author.inboxUrl),
      endpoints: author.sharedInboxUrl ? { sharedInbox: new URL(author.sharedInboxUrl) } : null,
    },
    new Flag({
      id,
      actor: instance,
      to: new URL(author.iri),
      objects: targets.map((target) => new URL(target)),
      content: content === "" ? null : content,
    }),
    { preferSharedInbox: true },
  );
  logger.info("{reporter} reported {targets} to their server", { reporter: reporter.iri, targets });
  return report;
}
