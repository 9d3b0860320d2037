import type { DocumentLoader } from "@fedify/vocab-runtime";
import jsonld from "jsonld";

/**
 * Plaza's extension vocabulary: the structured fields of a practice card, sent beside the
 * Article's HTML so that another Plaza server rebuilds the card field by field. One fixed
 * namespace for every server (documented in docs/FEDERATION.md); schema.org terms where they fit;
 * SDGs as the UN's IRIs. Self-contained (full IRIs, no remote contexts), so expanding it never
 * touches the network.
 */
export const plazaNamespace = "https://w3id.org/plaza#";

const xsd = "http://www.w3.org/2001/XMLSchema#";
const schema = "http://schema.org/";
const set = "@set";

export const plazaTerms = {
  plaza: plazaNamespace,
  practiceVersion: { "@id": `${plazaNamespace}practiceVersion`, "@type": `${xsd}integer` },
  city: `${plazaNamespace}city`,
  region: `${plazaNamespace}region`,
  country: `${plazaNamespace}country`,
  levelOfGovernment: `${plazaNamespace}levelOfGovernment`,
  challenge: `${plazaNamespace}challenge`,
  solution: `${plazaNamespace}solution`,
  approach: `${plazaNamespace}approach`,
  innovation: `${plazaNamespace}innovation`,
  openGovernment: `${plazaNamespace}openGovernment`,
  openGovernmentNarrative: `${plazaNamespace}openGovernmentNarrative`,
  lessons: `${plazaNamespace}lessons`,
  sdg: { "@id": `${plazaNamespace}sdg`, "@type": "@id", "@container": set },
  theme: { "@id": `${plazaNamespace}theme`, "@container": set },
  ogpValue: { "@id": `${plazaNamespace}ogpValue`, "@container": set },
  completion: `${plazaNamespace}completion`,
  periodStart: `${plazaNamespace}periodStart`,
  periodEnd: `${plazaNamespace}periodEnd`,
  leadInstitution: `${plazaNamespace}leadInstitution`,
  partner: { "@id": `${plazaNamespace}partner`, "@container": set },
  keyFigure: { "@id": `${plazaNamespace}keyFigure`, "@container": set },
  figureLabel: `${plazaNamespace}figureLabel`,
  figureValue: `${plazaNamespace}figureValue`,
  contact: `${plazaNamespace}contact`,
  contactName: `${plazaNamespace}contactName`,
  contactRole: `${plazaNamespace}contactRole`,
  contactEmail: `${plazaNamespace}contactEmail`,
  link: { "@id": `${plazaNamespace}link`, "@container": set },
  linkTitle: `${plazaNamespace}linkTitle`,
  linkUrl: { "@id": `${plazaNamespace}linkUrl`, "@type": "@id" },
  attachmentFile: { "@id": `${plazaNamespace}attachmentFile`, "@container": set },
  attachmentUrl: { "@id": `${plazaNamespace}attachmentUrl`, "@type": "@id" },
  fileName: `${plazaNamespace}fileName`,
  freeTag: { "@id": `${plazaNamespace}freeTag`, "@container": set },
  translations: { "@id": `${plazaNamespace}translations`, "@type": "@json" },
  basedOnVersion: { "@id": `${plazaNamespace}basedOnVersion`, "@type": `${xsd}integer` },
  adaptationNotes: `${plazaNamespace}adaptationNotes`,
  inLanguage: `${schema}inLanguage`,
  license: `${schema}license`,
  isBasedOn: { "@id": `${schema}isBasedOn`, "@type": "@id" },
  // ForgeFed's own term for the collection of a practice's adaptations (forks).
  forks: { "@id": "https://forgefed.org/ns#forks", "@type": "@id" },
} as const;

/** The Plaza properties of one card, in compact form with `plazaTerms` (see practice-card.ts for the mapping). */
export type PlazaProperties = Record<string, unknown>;

/** Expands Plaza properties to full IRIs, to be merged into an Article's expanded node. */
export async function expandPlazaProperties(properties: PlazaProperties): Promise<Record<string, unknown>> {
  const [node] = (await jsonld.expand({ "@context": plazaTerms, ...properties } as jsonld.JsonLdDocument)) as Record<string, unknown>[];
  return node ?? {};
}

/** Reads the Plaza properties back from an expanded node (anything else in it is dropped). */
export async function compactPlazaProperties(expandedNode: Record<string, unknown>): Promise<PlazaProperties> {
  const ours = Object.fromEntries(
    Object.entries(expandedNode).filter(([key]) => key.startsWith(plazaNamespace) || key.startsWith(schema)),
  );
  const compacted = (await jsonld.compact(ours as jsonld.JsonLdDocument, plazaTerms as jsonld.ContextDefinition)) as Record<string, unknown>;
  delete compacted["@context"];
  return compacted;
}

type JsonldDocumentLoader = NonNullable<jsonld.Options.DocLoader["documentLoader"]>;
type RemoteDocument = Awaited<ReturnType<JsonldDocumentLoader>>;

/** Fedify's document loader, in the shape the jsonld library asks for (no network beyond what it allows). */
export function jsonldLoader(loader: DocumentLoader): JsonldDocumentLoader {
  return async (url: string): Promise<RemoteDocument> => {
    const { document, documentUrl, contextUrl } = await loader(url);
    return { document: document as RemoteDocument["document"], documentUrl, contextUrl: contextUrl ?? undefined };
  };
}
