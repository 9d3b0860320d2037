import { randomBytes } from "node:crypto";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { PlazaError } from "../errors.ts";

/**
 * Uploaded images and documents, kept as files under `<PLAZA_DATA_DIR>/media/`. A file is stored
 * under a random, unguessable name with an extension chosen from its checked type (never from
 * the name the uploader gave it), written under a temporary name first and then renamed, so that
 * a half-written file is never served. No HTTP here: the web layer reads the uploads and serves
 * the files.
 */

/** Largest file accepted. */
export const maxFileBytes = 10 * 1024 * 1024;

/** The most a form that uploads files may send in all (its files and its fields): a few files at once. */
export const maxUploadBytes = 25 * 1024 * 1024;

/** The types accepted, with the extension a stored file gets and how a page names them. */
export const mediaTypes = {
  "image/png": { extension: "png", label: "PNG image" },
  "image/jpeg": { extension: "jpg", label: "JPEG image" },
  "image/webp": { extension: "webp", label: "WebP image" },
  "image/gif": { extension: "gif", label: "GIF image" },
  "application/pdf": { extension: "pdf", label: "PDF" },
  "application/vnd.oasis.opendocument.text": { extension: "odt", label: "OpenDocument text" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { extension: "docx", label: "Word document" },
  "text/csv": { extension: "csv", label: "CSV table" },
  "text/plain": { extension: "txt", label: "plain text" },
} as const;

export type MediaType = keyof typeof mediaTypes;

const allTypes = Object.keys(mediaTypes) as MediaType[];

export function isMediaType(type: string): type is MediaType {
  return Object.hasOwn(mediaTypes, type);
}

export function isImageType(type: string): boolean {
  return type.startsWith("image/");
}

/** What people may upload, for hints and messages. */
export const acceptedFormats = "PNG, JPEG, WebP or GIF images; PDF, OpenDocument text (.odt), Word (.docx), CSV or plain text documents";

/** The `accept` attribute of a file input. */
export const acceptAttribute = [...allTypes, ...allTypes.map((type) => `.${mediaTypes[type].extension}`), ".jpeg"].join(",");

/** A stored file's name: 128 random bits in hex and one of our extensions. Nothing else is ever served. */
const storedNamePattern = new RegExp(`^[0-9a-f]{32}\\.(${allTypes.map((type) => mediaTypes[type].extension).join("|")})$`);

/** Whether `name` can be the name of a stored file (it says nothing of whether it exists). */
export function isStoredName(name: string): boolean {
  return storedNamePattern.test(name);
}

const typeByExtension = new Map<string, MediaType>(allTypes.map((type) => [mediaTypes[type].extension, type]));

/** A file as it was uploaded: what the browser said of it, and its bytes. */
export interface Upload {
  /** The uploader's file name (shown, never used for storage). */
  readonly name: string;
  /** The Content-Type the browser sent: a claim to check, not a fact. */
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** An upload that passed every check, ready to be stored. */
export interface CheckedUpload {
  readonly mediaType: MediaType;
  /** The uploader's file name as plain text: no folders, no control characters, at most 200 characters. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface StoredMedia {
  /** The stored file's name: `<32 hex digits>.<extension>`. */
  readonly name: string;
  /** Where it is served, on our origin: `/media/<name>`. */
  readonly path: string;
  readonly mediaType: MediaType;
  readonly size: number;
}

/** A stored file found for serving. */
export interface FoundMedia {
  readonly file: string;
  readonly mediaType: MediaType;
  readonly size: number;
}

/** Old or unofficial names of accepted types. */
const typeAliases: Readonly<Record<string, MediaType>> = {
  "image/jpg": "image/jpeg",
  "image/pjpeg": "image/jpeg",
  "image/x-png": "image/png",
  "application/x-pdf": "application/pdf",
  "application/acrobat": "application/pdf",
  "text/comma-separated-values": "text/csv",
  "application/csv": "text/csv",
};

/** Types a browser or an operating system may send for a file it does not recognize. */
const unknownTypes = new Set(["", "application/octet-stream", "binary/octet-stream", "application/x-unknown", "application/unknown"]);

/** Files that carry scripts when a browser opens them: never accepted, whatever they claim to be. */
const scriptTypes = new Set(["image/svg+xml", "text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/javascript", "application/javascript"]);
const scriptExtensions = /\.(svgz?|html?|xht(ml)?|xml|m?js)$/i;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

/** The type the content itself shows, for the types whose files start with a signature. */
function sniff(bytes: Uint8Array): MediaType | "zip" | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(bytes, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "zip";
  return undefined;
}

/** Text as a browser could mistake for a page or an SVG image, were it ever served as one. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart().toLowerCase();
  return /^<(!doctype\s+html|html|head|body|script|svg|\?xml|iframe)\b/.test(head);
}

/** The uploader's file name as plain text to show: the last part of a path, without control characters, at most 200 UTF-16 units. */
export function displayName(raw: string, mediaType: MediaType): string {
  const cleaned = plainName(raw);
  let name = "";
  for (const ch of cleaned) {
    if (name.length + ch.length > 200) break;
    name += ch;
  }
  name = name.trim();
  return name === "" || /^\.+$/.test(name) ? `attachment.${mediaTypes[mediaType].extension}` : name;
}

/** The last part of a path, without control characters or bidirectional overrides (which can disguise "gpj.exe" as "exe.jpg"). */
function plainName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? "";
  return base.replace(/\s+/g, " ").replace(/[\p{Cc}\p{Cf}]/gu, "").replace(/ {2,}/g, " ").trim();
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * Checks an upload: its size, its type against the allow-list, and, for images and PDF, that
 * the content starts as such a file does (the browser's Content-Type is only the uploader's claim).
 * Throws `PlazaError("invalid", …, "attachments")` with a message the uploader can act on.
 */
export function checkUpload(upload: Upload): CheckedUpload {
  const shown = plainName(upload.name);
  const label = shown === "" ? "The file" : `“${[...shown].length > 80 ? `${[...shown].slice(0, 79).join("")}…` : shown}”`;
  const fail = (message: string): never => {
    throw new PlazaError("invalid", message, "attachments");
  };
  const sent = upload.type.split(";")[0]?.trim().toLowerCase() ?? "";
  const claimed = typeAliases[sent] ?? sent;
  if (scriptTypes.has(claimed) || scriptExtensions.test(upload.name.trim())) {
    fail(`${label} is refused: SVG images, web pages and scripts can run code in readers' browsers. Convert an image to PNG, or a page to PDF, and attach that.`);
  }
  if (upload.bytes.length === 0) fail(`${label} is empty. Choose the file again; if it still fails, open it and save it again.`);
  if (upload.bytes.length > maxFileBytes) {
    fail(`${label} is ${formatMiB(upload.bytes.length)}; a file can be at most ${formatMiB(maxFileBytes)}. Make it smaller (compress the images, export the PDF for the web) or link to it instead.`);
  }
  const sniffed = sniff(upload.bytes);
  let mediaType: MediaType;
  if (isMediaType(claimed)) {
    mediaType = claimed;
  } else if (unknownTypes.has(claimed) || claimed === "application/vnd.ms-excel" || claimed === "application/msword") {
    // The browser did not know (or guessed from an installed program): the content, else the extension, says what to check it as.
    const byName = typeByExtension.get(/\.([a-z0-9]+)$/i.exec(upload.name.trim())?.[1]?.toLowerCase().replace("jpeg", "jpg") ?? "");
    const found = sniffed !== undefined && sniffed !== "zip" ? sniffed : byName;
    if (found === undefined) return fail(`${label} is not a type this server accepts. Attach ${acceptedFormats}.`);
    mediaType = found;
  } else {
    return fail(`${label} is ${claimed}, which this server does not accept. Attach ${acceptedFormats}.`);
  }

  const what = mediaTypes[mediaType].label;
  if (isImageType(mediaType) || mediaType === "application/pdf") {
    if (sniffed !== mediaType) {
      fail(`${label} is sent as a ${what}, but its content is not one${sniffed && sniffed !== "zip" ? ` (it looks like a ${mediaTypes[sniffed].label})` : ""}. Open it and export it again as ${what}, or attach it with the right extension.`);
    }
  } else if (mediaType === "application/vnd.oasis.opendocument.text" || mediaType === "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    // Both are ZIP packages.
    if (sniffed !== "zip") fail(`${label} is sent as a ${what}, but its content is not one. Save it again from your word processor, or export it as PDF.`);
  } else {
    // Plain text and CSV: text, not a binary file or markup in disguise.
    if (sniffed !== undefined || upload.bytes.includes(0)) {
      fail(`${label} is sent as ${what}, but its content is binary. Attach it with its own type (${acceptedFormats}).`);
    }
    if (looksLikeMarkup(upload.bytes)) {
      fail(`${label} is sent as ${what}, but it holds a web page or SVG image, which can run code in readers' browsers. Export it as PDF instead.`);
    }
  }
  return { mediaType, name: displayName(upload.name, mediaType), bytes: upload.bytes };
}

/** The few file operations the store makes, replaceable in tests. */
export interface MediaFiles {
  /** Creates `file` (failing if it exists) with `bytes`, flushed to disk. */
  writeNew(file: string, bytes: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(file: string): Promise<void>;
}

export const diskFiles: MediaFiles = {
  async writeNew(file, bytes) {
    const handle = await open(file, "wx", 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  remove: (file) => unlink(file),
};

export class MediaStore {
  constructor(
    /** The folder files are stored in: `<PLAZA_DATA_DIR>/media`. */
    readonly directory: string,
    private readonly files: MediaFiles = diskFiles,
  ) {}

  /** Checks an upload (see `checkUpload`) and stores it. */
  async save(upload: Upload | CheckedUpload): Promise<StoredMedia> {
    const checked = "type" in upload ? checkUpload(upload) : upload;
    await mkdir(this.directory, { recursive: true });
    const name = `${randomBytes(16).toString("hex")}.${mediaTypes[checked.mediaType].extension}`;
    // A dot-name never matches a stored name, so a temporary file is never served.
    const temporary = path.join(this.directory, `.upload-${randomBytes(8).toString("hex")}.tmp`);
    try {
      await this.files.writeNew(temporary, checked.bytes);
      await this.files.rename(temporary, path.join(this.directory, name));
    } catch (error) {
      await this.files.remove(temporary).catch(() => {});
      throw error;
    }
    return { name, path: `/media/${name}`, mediaType: checked.mediaType, size: checked.bytes.length };
  }

  /** A stored file by name, if the name is one we give and the file exists. */
  async find(name: string): Promise<FoundMedia | undefined> {
    if (!isStoredName(name)) return undefined;
    const extension = name.slice(name.lastIndexOf(".") + 1);
    const mediaType = typeByExtension.get(extension);
    if (mediaType === undefined) return undefined;
    const file = path.join(this.directory, name);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { file, mediaType, size: info.size };
  }

  /** Removes stored files (ones saved for a card that was then not saved). */
  async remove(names: readonly string[]): Promise<void> {
    for (const name of names) if (isStoredName(name)) await this.files.remove(path.join(this.directory, name)).catch(() => {});
  }

  /** The stored name an attachment URL points at, when it is one of ours (`<origin>/media/<name>`). */
  nameOf(url: string, origin: URL): string | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    if (parsed.origin !== origin.origin || parsed.search !== "" || !parsed.pathname.startsWith("/media/")) return undefined;
    const name = parsed.pathname.slice("/media/".length);
    return isStoredName(name) ? name : undefined;
  }
}
