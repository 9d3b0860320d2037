import { and, desc, eq, inArray } from "drizzle-orm";
import { type Principal, can } from "../accounts/permissions.ts";
import { type ActorRow, handleOf } from "../actors/model.ts";
import type { Database } from "../db/client.ts";
import { actors, comments, practices, reports } from "../db/schema.ts";
import { PlazaError } from "../errors.ts";
import { findPracticeByIri } from "../practices/store.ts";
import { logModeration } from "./moderation.ts";

export type ReportRow = typeof reports.$inferSelect;
export type ReportStatus = ReportRow["status"];

/** Longest report text we keep; Mastodon allows 1,000 characters, other software more. */
export const maxReportLength = 5000;
/** Most accounts and objects kept per report (Mastodon sends the account and a few posts). */
export const maxReportTargets = 50;

export interface NewReport {
  readonly activityIri: string;
  readonly reporterId: number | null;
  readonly targetIris: readonly string[];
  /** Plain text. */
  readonly content: string;
}

/** A `Flag` received from another server. The same activity twice is kept once (`undefined` the second time). */
export async function recordIncomingReport(db: Database, report: NewReport): Promise<ReportRow | undefined> {
  return insertReport(db, report, true);
}

/** A report one of our members sent to another server. */
export async function recordOutgoingReport(db: Database, report: NewReport): Promise<ReportRow> {
  const row = await insertReport(db, report, false);
  if (!row) throw new Error(`report ${report.activityIri} already recorded`);
  return row;
}

async function insertReport(db: Database, report: NewReport, incoming: boolean): Promise<ReportRow | undefined> {
  const [row] = await db
    .insert(reports)
    .values({
      activityIri: report.activityIri,
      reporterId: report.reporterId,
      targetIris: [...new Set(report.targetIris)].slice(0, maxReportTargets),
      content: report.content.slice(0, maxReportLength),
      incoming,
    })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * Whether a report is about anything of ours to moderate: one of our actors, a practice or a
 * comment we keep (ours, or another server's kept here).
 */
export async function concernsThisServer(db: Database, targetIris: readonly string[]): Promise<boolean> {
  if (targetIris.length === 0) return false;
  const ids = [...targetIris];
  const [[actor], [practice], [comment]] = await Promise.all([
    db.select({ id: actors.id }).from(actors).where(and(eq(actors.local, true), inArray(actors.iri, ids))).limit(1),
    db.select({ id: practices.id }).from(practices).where(inArray(practices.iri, ids)).limit(1),
    db.select({ id: comments.id }).from(comments).where(inArray(comments.iri, ids)).limit(1),
  ]);
  return actor !== undefined || practice !== undefined || comment !== undefined;
}

/**
 * The cities and networks whose admins see a report: those reported themselves, the owners of
 * our practices reported, and the owners of the practices under which a reported comment was
 * written. Anything else (a member, a card from another server) is left to the operators.
 */
export async function concernedOrganizations(db: Database, targetIris: readonly string[]): Promise<ActorRow[]> {
  if (targetIris.length === 0) return [];
  const ids = [...targetIris];
  const organizations = and(eq(actors.local, true), inArray(actors.type, ["Organization", "Group"]));
  const [named, owners, threadOwners] = await Promise.all([
    db.select().from(actors).where(and(organizations, inArray(actors.iri, ids))),
    db
      .select({ actor: actors })
      .from(practices)
      .innerJoin(actors, eq(actors.id, practices.ownerId))
      .where(and(organizations, eq(practices.local, true), inArray(practices.iri, ids))),
    db
      .select({ actor: actors })
      .from(comments)
      .innerJoin(practices, eq(practices.id, comments.practiceId))
      .innerJoin(actors, eq(actors.id, practices.ownerId))
      .where(and(organizations, eq(practices.local, true), inArray(comments.iri, ids))),
  ]);
  const all = [...named, ...owners.map((r) => r.actor), ...threadOwners.map((r) => r.actor)];
  return [...new Map(all.map((actor) => [actor.id, actor])).values()];
}

/** What a reported IRI is, for a person: a label and, where we have one, a page here. */
export interface ReportTarget {
  readonly iri: string;
  readonly label: string;
  readonly href: string | undefined;
}

export async function describeTargets(db: Database, iris: readonly string[]): Promise<ReportTarget[]> {
  return Promise.all(
    iris.map(async (iri): Promise<ReportTarget> => {
      const [actor] = await db.select().from(actors).where(eq(actors.iri, iri));
      if (actor) return { iri, label: `${actor.name} (${handleOf(actor)})`, href: actor.local ? `/@${actor.username}` : webLink(actor.url ?? iri) };
      const practice = await findPracticeByIri(db, iri);
      if (practice) return { iri, label: `Practice “${practice.card.title}”`, href: practice.row.publicId ? `/practices/${practice.row.publicId}` : webLink(iri) };
      const [comment] = await db
        .select({ author: actors, publicId: practices.publicId })
        .from(comments)
        .innerJoin(actors, eq(actors.id, comments.authorId))
        .innerJoin(practices, eq(practices.id, comments.practiceId))
        .where(eq(comments.iri, iri));
      if (comment) return { iri, label: `Comment by ${comment.author.name} (${handleOf(comment.author)})`, href: comment.publicId ? `/practices/${comment.publicId}` : webLink(iri) };
      return { iri, label: iri, href: webLink(iri) };
    }),
  );
}

function webLink(url: string): string | undefined {
  return /^https?:\/\//i.test(url) && URL.canParse(url) ? url : undefined;
}

export interface ReportListing {
  readonly report: ReportRow;
  readonly reporter: ActorRow | null;
  readonly targets: readonly ReportTarget[];
  readonly organizations: readonly ActorRow[];
  /** Whether the person listing may resolve it. */
  readonly mayResolve: boolean;
}

/**
 * The reports someone may see: operators see every report; admins see the reports received
 * about their cities and networks (and what was written under their practices).
 */
export async function listReports(
  db: Database,
  principal: Principal,
  options: { status?: ReportStatus; limit?: number } = {},
): Promise<ReportListing[]> {
  const rows = await db
    .select({ report: reports, reporter: actors })
    .from(reports)
    .leftJoin(actors, eq(actors.id, reports.reporterId))
    .where(eq(reports.status, options.status ?? "open"))
    .orderBy(desc(reports.id))
    .limit(options.limit ?? 200);
  const listings = await Promise.all(
    rows.map(async ({ report, reporter }): Promise<ReportListing> => {
      const organizations = report.incoming ? await concernedOrganizations(db, report.targetIris) : [];
      return { report, reporter, targets: await describeTargets(db, report.targetIris), organizations, mayResolve: mayResolve(principal, report, organizations) };
    }),
  );
  return listings.filter((listing) => principal.isOperator || (listing.report.incoming && listing.mayResolve));
}

function mayResolve(principal: Principal, report: ReportRow, organizations: readonly ActorRow[]): boolean {
  if (principal.isOperator) return true;
  return report.incoming && organizations.some((organization) => can(principal, "moderate", organization.id));
}

/** Closes a report, if `principal` may, and logs who did. */
export async function resolveReport(db: Database, principal: Principal, accountId: number, reportId: number, note = ""): Promise<ReportRow> {
  const [report] = await db.select().from(reports).where(eq(reports.id, reportId));
  if (!report) throw new PlazaError("not_found", "This report does not exist.");
  const organizations = report.incoming ? await concernedOrganizations(db, report.targetIris) : [];
  if (!mayResolve(principal, report, organizations)) throw new PlazaError("forbidden", "Only an operator, or an admin of the city or network it is about, may resolve this report.");
  if (report.status === "resolved") return report;
  return db.transaction(async (tx) => {
    const [resolved] = await tx
      .update(reports)
      .set({ status: "resolved", resolvedAt: new Date() })
      .where(and(eq(reports.id, reportId), eq(reports.status, "open")))
      .returning();
    if (!resolved) return report;
    await logModeration(tx, { accountId, action: "resolve_report", target: `report #${report.id} (${report.activityIri})`, note });
    return resolved;
  });
}
