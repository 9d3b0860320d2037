import { type Context, Hono } from "hono";
import { can } from "../../accounts/permissions.ts";
import { type ActorRow, kindOf } from "../../actors/model.ts";
import { findActorById, findLocalActor } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import { PlazaError } from "../../errors.ts";
import type { PlazaFederation } from "../../federation/federation.ts";
import {
  draftPractice,
  practiceTombstone,
  publishPractice,
  revisePractice,
  withdrawPractice,
} from "../../federation/practices/publishing.ts";
import { InvalidCard } from "../../practices/authoring.ts";
import type { PracticeCard } from "../../practices/card.ts";
import { diffCards } from "../../practices/diff.ts";
import { type Practice, findPracticeByPublicId, findVersion } from "../../practices/store.ts";
import type { WebEnv } from "../env.ts";
import { setFlash, takeFlash } from "../flash.ts";
import { Layout } from "../pages/layout.tsx";
import { PracticeForm } from "../pages/practice-form.tsx";
import { DiffPage, PracticePage, VersionPage, VersionsPage, WithdrawnPage, practicePath } from "../pages/practice.tsx";
import {
  type PracticeFormValues,
  cardToFormValues,
  defaultFormValues,
  errorsByField,
  formToCardInput,
  formValues,
} from "../practice-form.ts";
import { listVersionSummaries } from "../queries.ts";

type C = Context<WebEnv>;

/** A card as the asker may read it: contact details are personal data, public only with consent. */
function shown(card: PracticeCard, editor: boolean): PracticeCard {
  return editor || !card.contact || card.contact.consent ? card : { ...card, contact: undefined };
}

const activityJson = /application\/(activity\+json|ld\+json)/;

/** Whether the request asks for ActivityPub JSON rather than a page. */
function wantsActivityJson(c: C): boolean {
  return activityJson.test(c.req.header("Accept") ?? "");
}

/** Practice cards: writing, reading, publishing, withdrawing, and their history. */
export function practiceRoutes(db: Database, federation: PlazaFederation): Hono<WebEnv> {
  const context = (c: C) => federation.createContext(c.req.raw, undefined);

  /** Whether the signed-in member may write this owner's practices (ours only; others' are edited on their server). */
  const mayEdit = (c: C, owner: ActorRow) => owner.local && can(c.var.signedIn?.principal, "edit_practices", owner.id);

  function requireEditor(c: C, owner: ActorRow): void {
    if (!owner.local) throw new PlazaError("forbidden", `${owner.name}'s practices are written on its own server, ${owner.host}.`);
    if (!mayEdit(c, owner)) {
      throw new PlazaError(
        "forbidden",
        c.var.signedIn
          ? `Only editors of ${owner.name} may write, publish or withdraw its practices.`
          : `Sign in as an editor of ${owner.name} to write, publish or withdraw its practices.`,
      );
    }
  }

  /** The city or network named in the path. */
  async function organization(c: C): Promise<ActorRow> {
    const owner = await findLocalActor(db, (c.req.param("handle") ?? "").replace(/^@/, ""));
    const kind = owner ? kindOf(owner) : undefined;
    if (!owner || (kind !== "city" && kind !== "network")) throw new PlazaError("not_found", "This server has no such city or network.");
    return owner;
  }

  /** The member's own actor: the author of the versions they save. */
  async function author(c: C): Promise<ActorRow> {
    const account = c.var.signedIn?.account;
    const actor = account ? await findActorById(db, account.actorId) : undefined;
    if (!actor) throw new PlazaError("forbidden", "Sign in to write practices.");
    return actor;
  }

  /** The practice in the path and its owner, whoever asks. */
  async function load(c: C): Promise<{ practice: Practice; owner: ActorRow }> {
    const practice = await findPracticeByPublicId(db, c.req.param("id") ?? "");
    const owner = practice ? await findActorById(db, practice.row.ownerId) : undefined;
    if (!practice || !owner) throw new PlazaError("not_found", "There is no such practice on this server.");
    return { practice, owner };
  }

  /**
   * The practice in the path, if the asker may read it: drafts exist only for the owner's editors;
   * a withdrawn practice's history stays readable only to them (others get the 410 page).
   */
  async function readable(c: C): Promise<{ practice: Practice; owner: ActorRow; editor: boolean } | Response> {
    const { practice, owner } = await load(c);
    const editor = mayEdit(c, owner);
    if (practice.row.status === "draft" && !editor) throw new PlazaError("not_found", "There is no such practice on this server.");
    if (practice.row.status === "withdrawn" && !editor) return await gone(c, practice, owner, false);
    return { practice, owner, editor };
  }

  function gone(c: C, practice: Practice, owner: ActorRow, editor: boolean): Response | Promise<Response> {
    return c.html(
      <Layout title="Withdrawn practice" signedIn={c.var.signedIn} flash={takeFlash(c)}>
        <WithdrawnPage practice={practice} owner={owner} editor={editor} />
      </Layout>,
      410,
    );
  }

  function form(
    c: C,
    props: { heading: string; owner: ActorRow; action: string; submitLabel: string; cancelHref: string; values: PracticeFormValues },
    problems: { errors?: InvalidCard["errors"]; notice?: string; status?: 200 | 409 | 422 } = {},
  ): Response | Promise<Response> {
    return c.html(
      <Layout title={props.heading} signedIn={c.var.signedIn} flash={takeFlash(c)}>
        <PracticeForm {...props} errors={problems.errors ? errorsByField(problems.errors) : undefined} notice={problems.notice} />
      </Layout>,
      problems.status ?? 200,
    );
  }

  const newForm = (owner: ActorRow) => ({
    heading: "New practice",
    owner,
    action: `/@${owner.username}/practices`,
    submitLabel: "Save draft",
    cancelHref: `/@${owner.username}`,
  });
  const editForm = (practice: Practice, owner: ActorRow) => ({
    heading: `Edit “${practice.card.title}”`,
    owner,
    action: practicePath(practice),
    submitLabel: practice.row.status === "published" ? "Save and send the update" : "Save",
    cancelHref: practicePath(practice),
  });

  /** Runs publish or withdraw; a refusal (already published…) comes back as a message. */
  function lifecycle(action: (c: C, practice: Practice) => Promise<string>) {
    return async (c: C) => {
      const { practice, owner } = await load(c);
      requireEditor(c, owner);
      try {
        setFlash(c, { kind: "notice", message: await action(c, practice) });
      } catch (error) {
        if (!(error instanceof PlazaError)) throw error;
        setFlash(c, { kind: "error", message: error.message });
      }
      return c.redirect(practicePath(practice), 303);
    };
  }

  return new Hono<WebEnv>()
    .get("/:handle{@[a-z0-9_]+}/practices/new", async (c) => {
      const owner = await organization(c);
      requireEditor(c, owner);
      return form(c, { ...newForm(owner), values: defaultFormValues() });
    })
    .post("/:handle{@[a-z0-9_]+}/practices", async (c) => {
      const owner = await organization(c);
      requireEditor(c, owner);
      const submitted = await c.req.formData();
      let practice: Practice;
      try {
        practice = await draftPractice(context(c), db, owner, await author(c), formToCardInput(submitted));
      } catch (error) {
        if (!(error instanceof InvalidCard)) throw error;
        return form(c, { ...newForm(owner), values: formValues(submitted) }, { errors: error.errors, status: 422 });
      }
      setFlash(c, { kind: "notice", message: `Draft saved. Only editors of ${owner.name} can see it until it is published.` });
      return c.redirect(practicePath(practice), 303);
    })
    .get("/practices/:id", async (c) => {
      const { practice, owner } = await load(c);
      const editor = mayEdit(c, owner);
      if (practice.row.status === "withdrawn") {
        if (wantsActivityJson(c) && practice.row.local) {
          const ctx = context(c);
          const tombstone = practiceTombstone(practice.row.iri, practice.row.withdrawnAt ?? new Date());
          const json = await tombstone.toJsonLd({ format: "compact", contextLoader: ctx.contextLoader });
          return c.body(JSON.stringify(json), 410, { "Content-Type": "application/activity+json", Vary: "Accept" });
        }
        if (wantsActivityJson(c)) return c.json({ error: "This practice was withdrawn." }, 410);
        return gone(c, practice, owner, editor);
      }
      // Our published practices were answered as Articles before this route; drafts and copies of others' have no JSON here.
      if (wantsActivityJson(c)) throw new PlazaError("not_found", "There is no such practice on this server.");
      if (practice.row.status === "draft" && !editor) throw new PlazaError("not_found", "There is no such practice on this server.");
      return c.html(
        <Layout title={practice.card.title} signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <PracticePage practice={practice} owner={owner} editor={editor} />
        </Layout>,
      );
    })
    .get("/practices/:id/edit", async (c) => {
      const { practice, owner } = await load(c);
      requireEditor(c, owner);
      if (practice.row.status === "withdrawn") throw new PlazaError("conflict", "A withdrawn practice cannot be edited.");
      return form(c, { ...editForm(practice, owner), values: cardToFormValues(practice.card, practice.row.currentVersion) });
    })
    .post("/practices/:id", async (c) => {
      const { practice, owner } = await load(c);
      requireEditor(c, owner);
      const submitted = await c.req.formData();
      const props = { ...editForm(practice, owner), values: formValues(submitted) };
      const baseVersion = Number(submitted.get("baseVersion"));
      if (Number.isInteger(baseVersion) && baseVersion > 0 && baseVersion !== practice.row.currentVersion) {
        return form(
          c,
          { ...props, values: { ...props.values, baseVersion: String(practice.row.currentVersion) } },
          {
            notice: `Someone saved version ${practice.row.currentVersion} while you were editing version ${baseVersion}. Compare it with your changes below (the history shows what changed), then save again.`,
            status: 409,
          },
        );
      }
      let result: Awaited<ReturnType<typeof revisePractice>>;
      try {
        result = await revisePractice(context(c), db, practice, await author(c), formToCardInput(submitted, practice.card));
      } catch (error) {
        if (error instanceof InvalidCard) return form(c, props, { errors: error.errors, status: 422 });
        if (error instanceof PlazaError && error.kind === "conflict") return form(c, props, { notice: error.message, status: 409 });
        throw error;
      }
      const { row } = result.practice;
      setFlash(c, {
        kind: "notice",
        message: !result.changed
          ? "No changes: the card is as it was, so no new version was saved."
          : `Saved as version ${row.currentVersion}.${row.status === "published" ? " Followers on other servers are sent the update." : ""}`,
      });
      return c.redirect(practicePath(practice), 303);
    })
    .post(
      "/practices/:id/publish",
      lifecycle(async (c, practice) => {
        await publishPractice(context(c), db, practice);
        return "Published. It is now public, and followers on other servers are sent it.";
      }),
    )
    .post(
      "/practices/:id/withdraw",
      lifecycle(async (c, practice) => {
        await withdrawPractice(context(c), db, practice);
        return "Withdrawn. Its address now says it is gone, and followers' servers are told to remove it.";
      }),
    )
    .get("/practices/:id/versions", async (c) => {
      const found = await readable(c);
      if (found instanceof Response) return found;
      const { practice, owner } = found;
      const versions = await listVersionSummaries(db, practice.row.id);
      return c.html(
        <Layout title={`History of ${practice.card.title}`} signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <VersionsPage practice={practice} owner={owner} versions={versions} />
        </Layout>,
      );
    })
    .get("/practices/:id/versions/:version{[0-9]+}", async (c) => {
      const found = await readable(c);
      if (found instanceof Response) return found;
      const { practice, owner } = found;
      const number = Number(c.req.param("version"));
      const version = await findVersion(db, practice.row.id, number);
      if (!version) throw new PlazaError("not_found", `This practice has no version ${number}; it has ${practice.row.currentVersion}.`);
      const author = version.authorId === null ? undefined : await findActorById(db, version.authorId);
      return c.html(
        <Layout title={`${version.card.title} (version ${number})`} signedIn={c.var.signedIn}>
          <VersionPage
            practice={practice}
            owner={owner}
            version={number}
            card={version.card}
            savedAt={version.createdAt}
            authorName={author?.name ?? null}
          />
        </Layout>,
      );
    })
    .get("/practices/:id/diff", async (c) => {
      const found = await readable(c);
      if (found instanceof Response) return found;
      const { practice, editor } = found;
      const current = practice.row.currentVersion;
      const number = (name: string, fallback: number) => {
        const raw = c.req.query(name);
        if (raw === undefined || raw === "") return fallback;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1 || n > current) {
          throw new PlazaError("not_found", `This practice has no version ${raw}; its versions are 1 to ${current}.`);
        }
        return n;
      };
      const to = number("to", current);
      const from = number("from", Math.max(1, to - 1));
      const [before, after] = await Promise.all([findVersion(db, practice.row.id, from), findVersion(db, practice.row.id, to)]);
      if (!before || !after) throw new PlazaError("not_found", "One of these versions no longer exists.");
      return c.html(
        <Layout title={`Changes to ${practice.card.title}`} signedIn={c.var.signedIn}>
          <DiffPage practice={practice} from={from} to={to} changes={diffCards(shown(before.card, editor), shown(after.card, editor))} />
        </Layout>,
      );
    });
}
