import { type PracticeCard, labels } from "./card.ts";
import { escapeHtml, renderMarkdown } from "./markdown.ts";
import { findGoal, findTarget } from "./sdg.ts";


const countryNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

export function countryName(code: string): string {
  return countryNames.of(code) ?? code;
}

/** "Seoul, Seoul Capital Area, South Korea". */
export function placeLine(card: PracticeCard): string {
  return [card.place.city, card.place.region, countryName(card.place.country)].filter(Boolean).join(", ");
}

/** The themes and free tags of a card as hashtag names, without "#": SDG11, ClimateAction, openData. */
/** What a hashtag name may be (Mastodon's rule, with the card's length limit): letters, digits and underscores. */
const hashtagName = /^[\p{L}\p{N}_]{1,50}$/u;

export function isHashtagName(name: string): boolean {
  return hashtagName.test(name);
}

export function hashtagsOf(card: PracticeCard): string[] {
  const themeTag = (theme: string) => theme.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
  const seen = new Set<string>();
  // Hashtags ignore case: #ClimateAction and #climateaction are one tag.
  return [...card.sdgGoals.map((code) => `SDG${code}`), ...card.themes.map(themeTag), ...card.tags].filter(
    (tag) => !seen.has(tag.toLowerCase()) && seen.add(tag.toLowerCase()),
  );
}

/**
 * The whole card as sanitized HTML, one heading per section: the `content` other servers show,
 * and the body of our own page. The title is not repeated (it is the Article's `name`).
 * Contact details appear only when the contact agreed to publication.
 */
export function cardHtml(card: PracticeCard): string {
  const sections: string[] = [];
  const section = (title: string, body: string) => {
    if (body.trim() !== "") sections.push(`<h2>${escapeHtml(title)}</h2>\n${body}`);
  };
  const paragraph = (text: string) => (text.trim() === "" ? "" : `<p>${escapeHtml(text)}</p>`);
  const list = (items: readonly string[]) => (items.length === 0 ? "" : `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`);

  sections.push(`<p><strong>${escapeHtml(placeLine(card))}</strong> · ${escapeHtml(labels.level[card.place.level])} government</p>`);
  sections.push(paragraph(card.summary));
  section("Challenge", renderMarkdown(card.challenge));
  section("Solution", renderMarkdown(card.solution));
  section("Approach", renderMarkdown(card.approach));
  section("Innovation and practical improvement", renderMarkdown(card.innovation));
  section(
    "Did it open government?",
    `<p><strong>${escapeHtml(labels.openGovernment[card.openGovernment])}</strong></p>${renderMarkdown(card.openGovernmentNarrative)}`,
  );
  section("Lessons learned", renderMarkdown(card.lessons));
  section(
    "Sustainable Development Goals",
    list([
      ...card.sdgGoals.map((code) => `SDG ${escapeHtml(code)}: ${escapeHtml(findGoal(code)?.short.en ?? "")}`),
      ...card.sdgTargets.map((code) => `Target ${escapeHtml(code)}: ${escapeHtml(findTarget(code)?.title.en ?? "")}`),
    ]),
  );
  section(
    "Themes and values",
    list([...card.themes.map((t) => escapeHtml(labels.theme[t])), ...card.ogpValues.map((v) => escapeHtml(labels.ogpValue[v]))]),
  );
  const period = [card.period.start, card.period.end].filter(Boolean).join(" – ");
  section("Completion", paragraph(`${labels.completion[card.completion]}${period ? ` (${period})` : ""}`));
  section(
    "Who",
    list([`Lead: ${escapeHtml(card.leadInstitution)}`, ...card.partners.map((p) => `Partner: ${escapeHtml(p)}`)]),
  );
  section("Key figures", list(card.keyFigures.map((f) => `${escapeHtml(f.label)}: <strong>${escapeHtml(f.value)}</strong>`)));
  if (card.contact?.consent) {
    const { name, role, email } = card.contact;
    section(
      "Contact",
      paragraph([name, role].filter(Boolean).join(", ")) +
        (email ? `<p><a href="mailto:${escapeHtml(email)}">${escapeHtml(email)}</a></p>` : ""),
    );
  }
  section(
    "Links",
    list(card.links.map((l) => `<a href="${escapeHtml(l.url)}" rel="nofollow noopener noreferrer">${escapeHtml(l.title)}</a>`)),
  );
  if (card.provenance) {
    section(
      "Adapted from",
      `<p><a href="${escapeHtml(card.provenance.basedOn)}">${escapeHtml(card.provenance.basedOn)}</a></p>` +
        renderMarkdown(card.provenance.adaptationNotes ?? ""),
    );
  }
  section("Licence", paragraph(card.license));
  return sections.filter(Boolean).join("\n");
}
