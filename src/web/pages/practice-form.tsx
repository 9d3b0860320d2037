import type { ActorRow } from "../../actors/model.ts";
import { handleOf } from "../../actors/model.ts";
import {
  type Attachment,
  completionLevels,
  labels,
  levelsOfGovernment,
  ogpValues,
  openGovernmentScale,
  themes,
} from "../../practices/card.ts";
import { limits } from "../../practices/validation.ts";
import { sdgGoals } from "../../practices/sdg.ts";
import { acceptAttribute, acceptedFormats, isImageType, maxFileBytes, maxUploadBytes } from "../../media/store.ts";
import { type PracticeFormValues, attachmentField, fileField } from "../practice-form.ts";

export interface PracticeFormProps {
  readonly heading: string;
  readonly owner: ActorRow;
  /** Where the form posts (a path on our own origin). */
  readonly action: string;
  readonly submitLabel: string;
  readonly cancelHref: string;
  readonly values: PracticeFormValues;
  /** Messages by form field ("" for problems no field shows). */
  readonly errors?: ReadonlyMap<string, readonly string[]>;
  /** A problem with the whole form (someone else saved meanwhile). */
  readonly notice?: string;
  /** The card's attachments, each shown with its description field and a "remove" checkbox (an edit). */
  readonly attachments?: readonly Attachment[];
  /** The form comes back after files were chosen: they were not kept, and must be chosen again. */
  readonly filesDropped?: boolean;
}

const idOf = (name: string) => `f-${name.replace(/\./g, "-")}`;

interface FieldContext {
  readonly values: PracticeFormValues;
  readonly errors: ReadonlyMap<string, readonly string[]>;
}

function valueOf(ctx: FieldContext, name: string): string {
  const value = ctx.values[name];
  return typeof value === "string" ? value : (value?.[0] ?? "");
}

function FieldErrors(props: { ctx: FieldContext; name: string }) {
  const messages = props.ctx.errors.get(props.name) ?? [];
  if (messages.length === 0) return null;
  return (
    <ul class="field-error" id={`${idOf(props.name)}-error`}>
      {messages.map((message) => (
        <li>{message}</li>
      ))}
    </ul>
  );
}

function describedBy(ctx: FieldContext, name: string, hint: boolean): string | undefined {
  const ids = [hint ? `${idOf(name)}-hint` : "", ctx.errors.has(name) ? `${idOf(name)}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Hint(props: { name: string; text: string | undefined }) {
  return props.text ? (
    <p class="hint" id={`${idOf(props.name)}-hint`}>
      {props.text}
    </p>
  ) : null;
}

function TextInput(props: {
  ctx: FieldContext;
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "email";
  required?: boolean;
  maxlength?: number;
  size?: "short" | "long";
  inputmode?: "decimal";
}) {
  const { ctx, name } = props;
  return (
    <div class="field">
      <label for={idOf(name)}>
        {props.label}
        {props.required ? <span class="required"> (required)</span> : null}
      </label>
      <Hint name={name} text={props.hint} />
      <FieldErrors ctx={ctx} name={name} />
      <input
        type={props.type ?? "text"}
        id={idOf(name)}
        name={name}
        value={valueOf(ctx, name)}
        required={props.required}
        maxlength={props.maxlength}
        inputmode={props.inputmode}
        class={props.size ?? "long"}
        aria-invalid={ctx.errors.has(name) ? "true" : undefined}
        aria-describedby={describedBy(ctx, name, Boolean(props.hint))}
      />
    </div>
  );
}

function TextArea(props: { ctx: FieldContext; name: string; label: string; hint?: string; markdown?: boolean; required?: boolean; rows?: number }) {
  const { ctx, name } = props;
  const hint = [props.hint, props.markdown ? "Markdown is accepted: **bold**, *italics*, lists, [links](https://…)." : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div class="field">
      <label for={idOf(name)}>
        {props.label}
        {props.required ? <span class="required"> (required)</span> : null}
      </label>
      <Hint name={name} text={hint || undefined} />
      <FieldErrors ctx={ctx} name={name} />
      <textarea
        id={idOf(name)}
        name={name}
        rows={props.rows ?? (props.markdown ? 6 : 3)}
        required={props.required}
        aria-invalid={ctx.errors.has(name) ? "true" : undefined}
        aria-describedby={describedBy(ctx, name, hint !== "")}
      >
        {valueOf(ctx, name)}
      </textarea>
    </div>
  );
}

function Select(props: { ctx: FieldContext; name: string; label: string; options: readonly (readonly [string, string])[]; hint?: string }) {
  const { ctx, name } = props;
  const selected = valueOf(ctx, name);
  return (
    <div class="field">
      <label for={idOf(name)}>{props.label}</label>
      <Hint name={name} text={props.hint} />
      <FieldErrors ctx={ctx} name={name} />
      <select
        id={idOf(name)}
        name={name}
        aria-invalid={ctx.errors.has(name) ? "true" : undefined}
        aria-describedby={describedBy(ctx, name, Boolean(props.hint))}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === selected}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Checkboxes(props: { ctx: FieldContext; name: string; legend: string; options: readonly (readonly [string, string])[]; columns?: boolean }) {
  const { ctx, name } = props;
  const value = ctx.values[name];
  const checked = new Set(typeof value === "string" ? [value] : (value ?? []));
  return (
    <fieldset class="checkboxes" id={idOf(name)} aria-describedby={ctx.errors.has(name) ? `${idOf(name)}-error` : undefined}>
      <legend>{props.legend}</legend>
      <FieldErrors ctx={ctx} name={name} />
      <div class={props.columns ? "columns" : undefined}>
        {props.options.map(([option, label]) => (
          <label class="checkbox" for={`${idOf(name)}-${option}`}>
            <input type="checkbox" id={`${idOf(name)}-${option}`} name={name} value={option} checked={checked.has(option)} /> {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

/** The card's attachments (describe or remove each) and the file input to add more. */
function Attachments(props: { ctx: FieldContext; attachments: readonly Attachment[]; filesDropped: boolean }) {
  const { ctx } = props;
  return (
    <fieldset id="f-attachments">
      <legend>Attachments</legend>
      {props.attachments.length > 0 ? (
        <ul class="attachment-rows">
          {props.attachments.map((attachment, index) => {
            const remove = attachmentField(index, "remove");
            return (
              <li>
                <p>
                  {isImageType(attachment.mediaType) ? (
                    <img src={attachment.url} alt="" width={96} loading="lazy" referrerpolicy="no-referrer" style="vertical-align: middle; max-height: 96px; object-fit: contain" />
                  ) : null}{" "}
                  <a href={attachment.url} rel="nofollow noopener noreferrer">
                    {attachment.name}
                  </a>{" "}
                  <span class="hint">({attachment.mediaType})</span>
                </p>
                <TextArea
                  ctx={ctx}
                  name={attachmentField(index, "description")}
                  label={`Description of “${attachment.name}”`}
                  rows={2}
                  hint={isImageType(attachment.mediaType) ? "What the image shows, for people who cannot see it." : "What the document is."}
                />
                <label class="checkbox" for={idOf(remove)}>
                  <input type="checkbox" id={idOf(remove)} name={remove} value="on" checked={valueOf(ctx, remove) !== ""} /> Remove this attachment
                </label>
              </li>
            );
          })}
        </ul>
      ) : null}
      <div class="field">
        <label for={idOf(fileField)}>{props.attachments.length > 0 ? "Add files" : "Files"}</label>
        <Hint
          name={fileField}
          text={`${acceptedFormats}. At most ${mib(maxFileBytes)} a file and ${mib(maxUploadBytes)} in all at each save; you can add more files later by editing the card.`}
        />
        {props.filesDropped ? (
          <p class="field-error">The files you chose were not saved, because of the problems above: choose them again.</p>
        ) : null}
        <FieldErrors ctx={ctx} name={fileField} />
        <input
          type="file"
          id={idOf(fileField)}
          name={fileField}
          multiple
          accept={acceptAttribute}
          aria-invalid={ctx.errors.has(fileField) ? "true" : undefined}
          aria-describedby={describedBy(ctx, fileField, true)}
        />
      </div>
      <TextArea
        ctx={ctx}
        name="attachment.description"
        label="Description of the new files"
        rows={2}
        hint="Applied to each file added: for an image, what it shows (read aloud to people who cannot see it); for a document, what it is."
      />
    </fieldset>
  );
}

const entries = <K extends string>(keys: readonly K[], names: Record<K, string>) => keys.map((key) => [key, names[key]] as const);

/** The practice card's form, section by section as the card shows them; it works without JavaScript. */
export function PracticeForm(props: PracticeFormProps) {
  const ctx: FieldContext = { values: props.values, errors: props.errors ?? new Map() };
  const problems = [...ctx.errors].flatMap(([field, messages]) => messages.map((message) => ({ field, message })));
  const attachments = props.attachments ?? [];
  const fieldLabel = (field: string) => {
    const row = /^attachments\.(\d+)\.description$/.exec(field);
    const attachment = row ? attachments[Number(row[1])] : undefined;
    return attachment ? `Description of “${attachment.name}”` : (summaryLabels[field] ?? field);
  };
  return (
    <>
      <h1>{props.heading}</h1>
      <p>
        For <a href={props.owner.url ?? props.owner.iri}>{props.owner.name}</a> <span class="handle">{handleOf(props.owner)}</span>
      </p>
      {props.notice ? (
        <p class="flash error" role="alert">
          {props.notice}
        </p>
      ) : null}
      {problems.length > 0 ? (
        <section class="error-summary" role="alert" aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">
            The card has {problems.length} problem{problems.length === 1 ? "" : "s"} to fix
          </h2>
          <ul>
            {problems.map(({ field, message }) => (
              <li>{field === "" ? message : <a href={`#${idOf(field)}`}>{`${fieldLabel(field)}: ${message}`}</a>}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <form method="post" action={props.action} enctype="multipart/form-data" class="practice-form" novalidate>
        <input type="hidden" name="baseVersion" value={valueOf(ctx, "baseVersion")} />
        <fieldset>
          <legend>Title and summary</legend>
          <TextInput ctx={ctx} name="title" label="Title" required maxlength={limits.title} hint={`Plain text, at most ${limits.title} characters.`} />
          <TextArea
            ctx={ctx}
            name="summary"
            label="Summary"
            required
            hint={`Plain text, at most ${limits.summary} characters. It must stand on its own: it is all that Mastodon shows.`}
          />
        </fieldset>

        <Adaptation ctx={ctx} />

        <fieldset>
          <legend>Place</legend>
          <TextInput ctx={ctx} name="place.city" label="City" required size="short" />
          <TextInput ctx={ctx} name="place.region" label="Region" size="short" />
          <TextInput
            ctx={ctx}
            name="place.country"
            label="Country"
            required
            maxlength={2}
            size="short"
            hint="Two-letter ISO 3166-1 code: FR, KR, CO, ZA."
          />
          <Select ctx={ctx} name="place.level" label="Level of government" options={entries(levelsOfGovernment, labels.level)} />
          <TextInput ctx={ctx} name="place.latitude" label="Latitude" size="short" inputmode="decimal" hint="Decimal degrees, e.g. 48.8566; leave both empty if unsure." />
          <TextInput ctx={ctx} name="place.longitude" label="Longitude" size="short" inputmode="decimal" hint="Decimal degrees, e.g. 2.3522." />
        </fieldset>

        <fieldset>
          <legend>Challenge and solution</legend>
          <TextArea ctx={ctx} name="challenge" label="Challenge" markdown required hint="What problem did the city face?" />
          <TextArea ctx={ctx} name="solution" label="Solution" markdown required hint="What did the city do?" />
          <TextArea ctx={ctx} name="approach" label="Approach" markdown hint="How was it done, step by step?" />
          <TextArea ctx={ctx} name="innovation" label="Innovation and practical improvement" markdown />
        </fieldset>

        <fieldset>
          <legend>Did it open government?</legend>
          <Select
            ctx={ctx}
            name="openGovernment"
            label="Did it open government?"
            hint="The Independent Reporting Mechanism's scale."
            options={entries(openGovernmentScale, labels.openGovernment)}
          />
          <TextArea ctx={ctx} name="openGovernmentNarrative" label="How it opened government" markdown />
        </fieldset>

        <fieldset>
          <legend>Lessons learned</legend>
          <TextArea ctx={ctx} name="lessons" label="Lessons learned" markdown />
        </fieldset>

        <fieldset>
          <legend>Sustainable Development Goals</legend>
          <Checkboxes ctx={ctx} name="sdgGoals" legend="Goals" columns options={sdgGoals.map((goal) => [goal.code, `${goal.code}. ${goal.short.en}`] as const)} />
          <TextInput
            ctx={ctx}
            name="sdgTargets"
            label="Targets"
            hint="Target codes separated by commas or spaces, e.g. 11.3, 16.7. Their goals are added for you."
          />
        </fieldset>

        <fieldset>
          <legend>Themes and values</legend>
          <Checkboxes ctx={ctx} name="themes" legend="Themes" options={entries(themes, labels.theme)} />
          <TextInput ctx={ctx} name="tags" label="Tags" hint="Separated by commas or spaces; letters, digits and underscores; the # is optional: openData, #budget." />
          <Checkboxes ctx={ctx} name="ogpValues" legend="OGP values" options={entries(ogpValues, labels.ogpValue)} />
        </fieldset>

        <fieldset>
          <legend>Completion</legend>
          <Select ctx={ctx} name="completion" label="Completion" options={entries(completionLevels, labels.completion)} />
          <TextInput ctx={ctx} name="period.start" label="Started" size="short" maxlength={7} hint="A year or a month: 2016 or 2016-03." />
          <TextInput ctx={ctx} name="period.end" label="Ended" size="short" maxlength={7} hint="Leave empty if it is still running." />
        </fieldset>

        <fieldset>
          <legend>Who</legend>
          <TextInput ctx={ctx} name="leadInstitution" label="Lead institution" required maxlength={limits.shortText} />
          <TextArea ctx={ctx} name="partners" label="Partners" hint="One per line." />
        </fieldset>

        <fieldset>
          <legend>Key figures</legend>
          <TextArea
            ctx={ctx}
            name="keyFigures"
            label="Key figures"
            hint={'One per line: the label, a colon and a space, then the value. For example "Households reached: 12,000".'}
          />
        </fieldset>

        <fieldset>
          <legend>Contact</legend>
          <p class="hint">Personal data: it is published only if the person agreed. Leave the name and email empty for no contact.</p>
          <TextInput ctx={ctx} name="contact.name" label="Name" size="short" />
          <TextInput ctx={ctx} name="contact.role" label="Role" size="short" />
          <TextInput ctx={ctx} name="contact.email" label="Email" type="email" size="short" />
          <FieldErrors ctx={ctx} name="contact.consent" />
          <label class="checkbox" for={idOf("contact.consent")}>
            <input type="checkbox" id={idOf("contact.consent")} name="contact.consent" value="on" checked={valueOf(ctx, "contact.consent") !== ""} /> This
            person agreed to have their contact details published
          </label>
        </fieldset>

        <fieldset>
          <legend>Links</legend>
          <TextArea
            ctx={ctx}
            name="links"
            label="Links"
            hint='One per line: the title, a "|", then the address. For example "Open data portal | https://data.example.org".'
          />
        </fieldset>

        <Attachments ctx={ctx} attachments={attachments} filesDropped={props.filesDropped ?? false} />

        <fieldset>
          <legend>Language and licence</legend>
          <TextInput ctx={ctx} name="language" label="Original language" size="short" hint="The language the card is written in: en, es, fr, pt-BR…" />
          <TextInput ctx={ctx} name="license" label="Licence" size="short" hint="An SPDX identifier or a URL; CC-BY-4.0 unless your city chooses otherwise." />
        </fieldset>

        <fieldset>
          <legend>Translations</legend>
          <p class="hint">Optional: the title and summary in other languages.</p>
          <TextInput ctx={ctx} name="translations.es.title" label="Title in Spanish" maxlength={limits.title} />
          <TextArea ctx={ctx} name="translations.es.summary" label="Summary in Spanish" />
          <TextInput ctx={ctx} name="translations.fr.title" label="Title in French" maxlength={limits.title} />
          <TextArea ctx={ctx} name="translations.fr.summary" label="Summary in French" />
        </fieldset>

        <p>
          <button type="submit">{props.submitLabel}</button> <a href={props.cancelHref}>Cancel</a>
        </p>
      </form>
    </>
  );
}

/** On an adaptation's card: where it comes from (kept for good, so hidden) and what the city changed. */
function Adaptation(props: { ctx: FieldContext }) {
  const basedOn = valueOf(props.ctx, "provenance.basedOn");
  if (basedOn === "") return null;
  const version = valueOf(props.ctx, "provenance.basedOnVersion");
  return (
    <fieldset>
      <legend>Adapted from</legend>
      <input type="hidden" name="provenance.basedOn" value={basedOn} />
      <input type="hidden" name="provenance.basedOnVersion" value={version} />
      <p>
        This card adapts <a href={basedOn}>{basedOn}</a>
        {version === "" ? "" : ` (version ${version})`}. The link to the original stays with the card, and its city is told when you publish.
      </p>
      <TextArea
        ctx={props.ctx}
        name="provenance.adaptationNotes"
        label="What your city changed"
        hint="What you kept, changed or left out of the original, and why."
        markdown
      />
    </fieldset>
  );
}

/** How the error summary names each field. */
const summaryLabels: Record<string, string> = {
  title: "Title",
  summary: "Summary",
  "place.city": "City",
  "place.region": "Region",
  "place.country": "Country",
  "place.level": "Level of government",
  "place.latitude": "Latitude",
  "place.longitude": "Longitude",
  challenge: "Challenge",
  solution: "Solution",
  approach: "Approach",
  innovation: "Innovation and practical improvement",
  openGovernment: "Did it open government?",
  openGovernmentNarrative: "How it opened government",
  lessons: "Lessons learned",
  sdgGoals: "Goals",
  sdgTargets: "SDG targets",
  themes: "Themes",
  tags: "Tags",
  ogpValues: "OGP values",
  completion: "Completion",
  "period.start": "Started",
  "period.end": "Ended",
  leadInstitution: "Lead institution",
  partners: "Partners",
  keyFigures: "Key figures",
  "contact.name": "Contact name",
  "contact.role": "Contact role",
  "contact.email": "Contact email",
  "contact.consent": "Contact consent",
  links: "Links",
  language: "Original language",
  license: "Licence",
  "translations.es.title": "Title in Spanish",
  "translations.es.summary": "Summary in Spanish",
  "translations.fr.title": "Title in French",
  "translations.fr.summary": "Summary in French",
  [fileField]: "Files",
  "attachment.description": "Description of the new files",
  "provenance.adaptationNotes": "What your city changed",
};
