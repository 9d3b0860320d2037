import MarkdownIt from "markdown-it";
import sanitize from "sanitize-html";

// Raw HTML in Markdown is off: officials write Markdown, and nothing they paste becomes markup.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

const allowedTags = [
  "p", "br", "strong", "em", "b", "i", "u", "s", "del", "blockquote", "code", "pre",
  "ul", "ol", "li", "h2", "h3", "h4", "a", "span", "table", "thead", "tbody", "tr", "th", "td", "hr",
];

const sanitizeOptions: sanitize.IOptions = {
  allowedTags,
  allowedAttributes: { a: ["href", "title", "rel", "class"], span: ["class"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Every link leaves Plaza without sending the page it came from.
  transformTags: { a: sanitize.simpleTransform("a", { rel: "nofollow noopener noreferrer" }) },
};

// A card's sections are <h2>; headings written inside a section sit below them.
const markdownOptions: sanitize.IOptions = {
  ...sanitizeOptions,
  allowedTags: [...allowedTags, "h5", "h6"],
  transformTags: {
    ...sanitizeOptions.transformTags,
    h1: "h3",
    h2: "h3",
    h3: "h4",
    h4: "h5",
    h5: "h6",
  },
};

/** Markdown to HTML that is safe to put in a page or send to another server. */
export function renderMarkdown(source: string): string {
  return sanitize(markdown.render(source), markdownOptions).trim();
}

/** Keeps only harmless markup from HTML we did not write (another server's post, a pasted text). */
export function sanitizeHtml(html: string): string {
  return sanitize(html, sanitizeOptions).trim();
}

/** Plain text made safe to place in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The text of some HTML, without any markup, for plain-text fields. */
export function htmlToText(html: string): string {
  const text = sanitize(html.replace(/<br\s*\/?>|<\/p>/gi, "\n"), { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text).replace(/\n{3,}/g, "\n\n").trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&nbsp;|\u00a0/g, " ")
    .replace(/&amp;/g, "&");
}
