import { type Context, Hono } from "hono";
import { listMemberships } from "../../accounts/accounts.ts";
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
import { type CheckedUpload, type MediaStore, type StoredMedia, checkUpload } from "../../media/store.ts";
import { adaptationStart, listAdaptations } from "../../practices/adaptations.ts";
import { InvalidCard } from "../../practices/authoring.ts";
import type { PracticeCard } from "../../practices/card.ts";
import { diffCards } from "../../practices/diff.ts";
import { type Practice, findPracticeByPublicId, findVersion } from "../../practices/store.ts";
import { type FieldError, validateCard } from "../../practices/validation.ts";
import type { WebEnv } from "../env.ts";
import { setFlash, takeFlash } from "../flash.ts";
import { Layout } from "../pages/layout.tsx";
import { PracticeForm } from "../pages/practice-form.tsx";
import { DiffPage, PracticePage, VersionPage, VersionsPage, WithdrawnPage, practicePath } from "../pages/practice.tsx";
import {
  type PracticeFormValues,
  attachmentFormFields,
  cardToFormValues,
  defaultFormValues,
  errorsByField,
  fileField,
  formToCardInput,
  formValues,
  uploadedAttachments,
} from "../practice-form.ts";
import { listVersionSummaries } from "../queries.ts";
import { collectionsOfPractice } from "./collections.tsx";
import { reactionSummary } from "./reactions.tsx";
import { commentThread } from "./comments.tsx";

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

/** The files chosen in the form's file input (with none chosen, a browser sends one empty, nameless part). */
function chosenFiles(submitted: FormData): File[] {
  return submitted.getAll(fileField).filter((value): value is File => value instanceof File && (value.size > 0 || value.name !== ""));
}

/** The form's attachment fields as the card has them: where a form must start again from the current card. */
function attachmentValuesOf(values: PracticeFormValues, card: PracticeCard): PracticeFormValues {
  const current = cardToFormValues(card);
  const kept = Object.entries(values).filter(([name]) => !/^attachments\.\d+\./.test(name));
  return Object.fromEntries([...kept, ...Object.entries(current).filter(([name]) => /^attachments\.\d+\./.test(name))]);
}

/** What became of a form with files: saved, or refused with every problem (and nothing stored). */
type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly FieldError[]; readonly attachmentFields: readonly string[] };

/** Practice cards: writing, reading, publishing, withdrawing, and their history. */
export function practiceRoutes(db: Database, federation: PlazaFederation, media: MediaStore): Hono<WebEnv> {
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

  /** A published practice by its id in our URLs (ours or kept from another server), to be adapted. */
  async function loadPublished(publicId: string): Promise<{ practice: Practice; owner: ActorRow }> {
    const practice = await findPracticeByPublicId(db, publicId);
    const owner = practice ? await findActorById(db, practice.row.ownerId) : undefined;
    if (!practice || !owner || practice.row.status !== "published") throw new PlazaError("not_found", "There is no such published practice to adapt on this server.");
    return { practice, owner };
  }

  /** The member's cities, other than the practice's owner, for which they may write practices. */
  async function citiesToAdaptFor(c: C, owner: ActorRow): Promise<ActorRow[]> {
    const signedIn = c.var.signedIn;
    if (!signedIn) return [];
    const mine = await listMemberships(db, signedIn.account.id);
    return mine
      .map((m) => m.organization)
      .filter((city) => city.id !== owner.id && kindOf(city) === "city" && can(signedIn.principal, "edit_practices", city.id));
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
    props: {
      heading: string;
      owner: ActorRow;
      action: string;
      submitLabel: string;
      cancelHref: string;
      values: PracticeFormValues;
      attachments?: PracticeCard["attachments"];
    },
    problems: {
      errors?: readonly FieldError[];
      attachmentFields?: readonly string[];
      notice?: string;
      status?: 200 | 409 | 422;
      filesDropped?: boolean;
    } = {},
  ): Response | Promise<Response> {
    return c.html(
      <Layout title={props.heading} signedIn={c.var.signedIn} flash={takeFlash(c)}>
        <PracticeForm
          {...props}
          errors={problems.errors ? errorsByField(problems.errors, problems.attachmentFields) : undefined}
          notice={problems.notice}
          filesDropped={problems.filesDropped}
        />
      </Layout>,
      problems.status ?? 200,
    );
  }

  /**
   * Saves a submitted form with the files chosen in it. Every file and the card (with the files
   * as they would be attached) are checked before anything is stored, so that a refused form
   * leaves no file behind; files stored for a save that then fails are removed again.
   */
  async function saveWithFiles<T>(
    c: C,
    submitted: FormData,
    base: PracticeCard | undefined,
    save: (input: Record<string, unknown>) => Promise<T>,
  ): Promise<Outcome<T>> {
    const errors: FieldError[] = [];
    const checked: CheckedUpload[] = [];
    for (const file of chosenFiles(submitted)) {
      try {
        checked.push(checkUpload({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) }));
      } catch (error) {
        if (!(error instanceof PlazaError) || error.kind !== "invalid") throw error;
        errors.push({ field: error.field ?? "attachments", message: error.message });
      }
    }
    const attachmentFields = attachmentFormFields(submitted, base, checked.length);
    const asAttachments = (urls: readonly string[]) =>
      uploadedAttachments(
        submitted,
        checked.map((file, i) => ({ url: urls[i] ?? "", mediaType: file.mediaType, name: file.name })),
      );
    const placeholder = new URL("/media/pending", c.var.origin).href;
    const validation = validateCard(formToCardInput(submitted, base, asAttachments(checked.map(() => placeholder))));
    if (!validation.ok) errors.push(...validation.errors);
    if (errors.length > 0) return { ok: false, errors, attachmentFields };

    const stored: StoredMedia[] = [];
    try {
      for (const file of checked) stored.push(await media.save(file));
      const input = formToCardInput(submitted, base, asAttachments(stored.map((file) => new URL(file.path, c.var.origin).href)));
      return { ok: true, value: await save(input) };
    } catch (error) {
      await media.remove(stored.map((file) => file.name));
      if (error instanceof InvalidCard) return { ok: false, errors: error.errors, attachmentFields };
      throw error;
    }
  }

  /** The sizes of the card's attachments stored here, by URL (others' sizes are not known). */
  async function attachmentSizes(c: C, card: PracticeCard): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    for (const attachment of card.attachments) {
      const name = media.nameOf(attachment.url, c.var.origin);
      const found = name === undefined ? undefined : await media.find(name);
      if (found) sizes.set(attachment.url, found.size);
    }
    return sizes;
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
      const adapt = c.req.query("adapt");
      if (adapt === undefined) return form(c, { ...newForm(owner), values: defaultFormValues() });
      // Adapting another city's practice: its card, made this city's, is where the draft starts.
      const { practice: original, owner: originalOwner } = await loadPublished(adapt);
      const start = adaptationStart(original, originalOwner, owner);
      return form(c, { ...newForm(owner), heading: `Adapt “${original.card.title}” for ${owner.name}`, values: cardToFormValues(start) });
    })
    .post("/:handle{@[a-z0-9_]+}/practices", async (c) => {
      const owner = await organization(c);
      requireEditor(c, owner);
      const submitted = await c.req.formData();
      const writer = await author(c);
      const outcome = await saveWithFiles(c, submitted, undefined, (input) => draftPractice(context(c), db, owner, writer, input));
      if (!outcome.ok) {
        return form(
          c,
          { ...newForm(owner), values: formValues(submitted) },
          { errors: outcome.errors, attachmentFields: outcome.attachmentFields, status: 422, filesDropped: chosenFiles(submitted).length > 0 },
        );
      }
      const practice = outcome.value;
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
      const sizes = await attachmentSizes(c, practice.card);
      const reactions = await reactionSummary(db, practice, c.var.signedIn);
      const thread = await commentThread(db, c, practice, owner);
      const published = practice.row.status === "published";
      const adaptFor = published ? await citiesToAdaptFor(c, owner) : [];
      const adaptations = published ? await listAdaptations(db, practice.row.iri) : [];
      const collections = await collectionsOfPractice(db, practice, c.var.signedIn);
      return c.html(
        <Layout title={practice.card.title} signedIn={c.var.signedIn} flash={takeFlash(c)}>
          <PracticePage
            practice={practice}
            owner={owner}
            editor={editor}
            sizes={sizes}
            reactions={reactions}
            thread={thread}
            adaptFor={adaptFor}
            adaptations={adaptations}
            collections={collections}
            reportable={published && !practice.row.local && c.var.signedIn !== undefined}
          />
        </Layout>,
      );
    })
    .get("/practices/:id/edit", async (c) => {
      const { practice, owner } = await load(c);
      requireEditor(c, owner);
      if (practice.row.status === "withdrawn") throw new PlazaError("conflict", "A withdrawn practice cannot be edited.");
      return form(c, {
        ...editForm(practice, owner),
        values: cardToFormValues(practice.card, practice.row.currentVersion),
        attachments: practice.card.attachments,
      });
    })
    .post("/practices/:id", async (c) => {
      const { practice, owner } = await load(c);
      requireEditor(c, owner);
      const submitted = await c.req.formData();
      const props = { ...editForm(practice, owner), values: formValues(submitted), attachments: practice.card.attachments };
      const filesDropped = chosenFiles(submitted).length > 0;
      const baseVersion = Number(submitted.get("baseVersion"));
      if (Number.isInteger(baseVersion) && baseVersion > 0 && baseVersion !== practice.row.currentVersion) {
        // The rows of attachments are the current version's: the edited ones may no longer be at the same places.
        return form(
          c,
          { ...props, values: { ...attachmentValuesOf(props.values, practice.card), baseVersion: String(practice.row.currentVersion) } },
          {
            notice: `Someone saved version ${practice.row.currentVersion} while you were editing version ${baseVersion}. Compare it with your changes below (the history shows what changed), then save again.`,
            status: 409,
            filesDropped,
          },
        );
      }
      const writer = await author(c);
      let result: Awaited<ReturnType<typeof revisePractice>>;
      try {
        const outcome = await saveWithFiles(c, submitted, practice.card, (input) => revisePractice(context(c), db, practice, writer, input));
        if (!outcome.ok) return form(c, props, { errors: outcome.errors, attachmentFields: outcome.attachmentFields, status: 422, filesDropped });
        result = outcome.value;
      } catch (error) {
        if (error instanceof PlazaError && error.kind === "conflict") return form(c, props, { notice: error.message, status: 409, filesDropped });
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
