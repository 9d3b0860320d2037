import type { CardLink, KeyFigure } from "./card.ts";

/**
 * A card's key figures and links written one per line, as the form's text areas hold them (and the
 * version comparison shows key figures): each format is written and read here, so that the two
 * directions agree.
 */

/** { label: "Households reached", value: "12,000" } → "Households reached: 12,000". */
export function keyFigureLine(figure: KeyFigure): string {
  return `${figure.label}: ${figure.value}`;
}

/** "Households reached: 12,000" → label and value, split at the first ": " so that "10:30" survives. */
export function parseKeyFigure(line: string): { label: string; value: string } {
  const at = line.indexOf(": ");
  if (at === -1) return line.endsWith(":") ? { label: line.slice(0, -1).trim(), value: "" } : { label: line, value: "" };
  return { label: line.slice(0, at).trim(), value: line.slice(at + 2).trim() };
}

/** { title: "Open data portal", url: "https://data.example.org" } → "Open data portal | https://data.example.org". */
export function linkLine(link: CardLink): string {
  return `${link.title} | ${link.url}`;
}

/** "Open data portal | https://data.example.org" → title and URL, split at the "|" before the address. */
export function parseLink(line: string): { title: string; url: string } {
  let at = -1;
  for (let i = line.lastIndexOf("|"); i !== -1; i = i === 0 ? -1 : line.lastIndexOf("|", i - 1)) {
    if (/^\s*[a-z][a-z0-9+.-]*:/i.test(line.slice(i + 1))) {
      at = i;
      break;
    }
  }
  if (at === -1) at = line.lastIndexOf("|");
  if (at === -1) return /^[a-z][a-z0-9+.-]*:\/\//i.test(line) ? { title: "", url: line } : { title: line, url: "" };
  return { title: line.slice(0, at).trim(), url: line.slice(at + 1).trim() };
}
