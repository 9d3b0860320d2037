import { getDocumentLoader } from "@fedify/vocab-runtime";
import { Article, Create, Update } from "@fedify/vocab";
import jsonld from "jsonld";
import { type PlazaProperties, expandPlazaProperties, jsonldLoader, plazaTerms } from "./vocabulary.ts";

type ToJsonLdOptions = NonNullable<Parameters<Article["toJsonLd"]>[0]>;

/** The context our practice Articles and their activities are compacted with: Fedify's, plus ours. */
const practiceContext = [
  "https://w3id.org/identity/v1",
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/data-integrity/v1",
  { Hashtag: "as:Hashtag", sensitive: "as:sensitive", ...plazaTerms },
];

async function compactWithPlazaTerms(expanded: unknown, options: ToJsonLdOptions): Promise<unknown> {
  const compacted = await jsonld.compact(expanded as jsonld.JsonLdDocument, (options.context ?? practiceContext) as jsonld.ContextDefinition, {
    documentLoader: jsonldLoader(options.contextLoader ?? getDocumentLoader()),
  });
  return spellOutPublic(compacted);
}

const publicCollection = "https://www.w3.org/ns/activitystreams#Public";
const audienceKeys = new Set(["to", "cc", "bto", "bcc", "audience"]);

/**
 * Compaction writes the public collection as "as:Public"; Mastodon accepts that, but some servers
 * compare with the full IRI only, so we write it in full, as Fedify does for its own activities.
 */
export function spellOutPublic<T>(value: T): T {
  if (Array.isArray(value)) return value.map(spellOutPublic) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (!audienceKeys.has(key)) return [key, spellOutPublic(v)];
      const spell = (item: unknown) => (item === "as:Public" || item === "Public" ? publicCollection : item);
      return [key, Array.isArray(v) ? v.map(spell) : spell(v)];
    }),
  ) as T;
}

/**
 * An Article that carries a practice card's structured fields. Fedify's generated classes know
 * nothing of our vocabulary, so the Plaza properties are added to the expanded form and the
 * result compacted with a context that names them (DESIGN.md §6).
 */
export class PracticeArticle extends Article {
  plazaProperties: PlazaProperties = {};

  override async toJsonLd(options: ToJsonLdOptions = {}): Promise<unknown> {
    const [node] = (await super.toJsonLd({ ...options, format: "expand", context: undefined })) as Record<string, unknown>[];
    const expanded = [{ ...node, ...(await expandPlazaProperties(this.plazaProperties)) }];
    return options.format === "expand" ? expanded : compactWithPlazaTerms(expanded, options);
  }

  override clone(...args: Parameters<Article["clone"]>): Article {
    const clone = super.clone(...args);
    if (clone instanceof PracticeArticle) clone.plazaProperties = this.plazaProperties;
    return clone;
  }
}

/** `Create` of a practice: compacted with the Plaza terms, so the wire shows plain names. */
export class PracticeCreate extends Create {
  override async toJsonLd(options: ToJsonLdOptions = {}): Promise<unknown> {
    const expanded = await super.toJsonLd({ ...options, format: "expand", context: undefined });
    return options.format === "expand" ? expanded : compactWithPlazaTerms(expanded, options);
  }
}

/** `Update` of a practice, likewise. */
export class PracticeUpdate extends Update {
  override async toJsonLd(options: ToJsonLdOptions = {}): Promise<unknown> {
    const expanded = await super.toJsonLd({ ...options, format: "expand", context: undefined });
    return options.format === "expand" ? expanded : compactWithPlazaTerms(expanded, options);
  }
}
