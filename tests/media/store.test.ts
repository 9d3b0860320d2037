import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PlazaError } from "../../src/errors.ts";
import {
  type MediaFiles,
  type Upload,
  MediaStore,
  checkUpload,
  diskFiles,
  displayName,
  isStoredName,
  maxFileBytes,
} from "../../src/media/store.ts";
import { gifBytes, jpegBytes, minimalPdf, tinyPng, webpBytes, zipBytes } from "./samples.ts";

const text = (value: string) => new Uint8Array(Buffer.from(value, "utf8"));
const upload = (name: string, type: string, bytes: Uint8Array): Upload => ({ name, type, bytes });

/** The refusal `checkUpload` throws, or fails the test. */
function refusal(input: Upload): PlazaError {
  try {
    checkUpload(input);
  } catch (error) {
    if (error instanceof PlazaError) return error;
    throw error;
  }
  throw new Error(`${input.name} was accepted`);
}

describe("checking an upload", () => {
  test("images and PDF are recognized by their first bytes", () => {
    expect(checkUpload(upload("map.png", "image/png", tinyPng())).mediaType).toBe("image/png");
    expect(checkUpload(upload("photo.jpg", "image/jpeg", jpegBytes)).mediaType).toBe("image/jpeg");
    expect(checkUpload(upload("chart.gif", "image/gif", gifBytes)).mediaType).toBe("image/gif");
    expect(checkUpload(upload("chart.webp", "image/webp", webpBytes)).mediaType).toBe("image/webp");
    expect(checkUpload(upload("report.pdf", "application/pdf", minimalPdf())).mediaType).toBe("application/pdf");
    // Parameters and case in the Content-Type do not matter.
    expect(checkUpload(upload("map.png", "Image/PNG; foo=bar", tinyPng())).mediaType).toBe("image/png");
    expect(checkUpload(upload("photo.jpg", "image/jpg", jpegBytes)).mediaType).toBe("image/jpeg");
    expect(refusal(upload("photo.jpg", "image/pjpeg", tinyPng())).message).toContain("is sent as a JPEG image, but its content is not one");
  });

  test("documents: word processors' ZIP packages, and text that is text", () => {
    const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    const odt = "application/vnd.oasis.opendocument.text";
    expect(checkUpload(upload("plan.docx", docx, zipBytes)).mediaType).toBe(docx);
    expect(checkUpload(upload("plan.odt", odt, zipBytes)).mediaType).toBe(odt);
    expect(checkUpload(upload("budget.csv", "text/csv", text("year,amount\n2024,100\n"))).mediaType).toBe("text/csv");
    expect(checkUpload(upload("notes.txt", "text/plain", text("Meeting notes"))).mediaType).toBe("text/plain");
    expect(refusal(upload("plan.docx", docx, text("not a zip"))).message).toContain("is sent as a Word document, but its content is not one");
    expect(refusal(upload("notes.txt", "text/plain", tinyPng())).message).toContain("its content is binary");
    expect(refusal(upload("notes.txt", "text/plain", new Uint8Array([65, 0, 66]))).message).toContain("its content is binary");
  });

  test("the browser's claim is checked against the content, and a mismatch says what to do", () => {
    const notPng = refusal(upload("map.png", "image/png", text("I am not a picture")));
    expect(notPng).toMatchObject({ kind: "invalid", field: "attachments" });
    expect(notPng.message).toBe(
      "“map.png” is sent as a PNG image, but its content is not one. Open it and export it again as PNG image, or attach it with the right extension.",
    );
    expect(refusal(upload("photo.png", "image/png", jpegBytes)).message).toContain("(it looks like a JPEG image)");
    expect(refusal(upload("report.pdf", "application/pdf", text("%PD nope"))).message).toContain("is sent as a PDF, but its content is not one");
    expect(refusal(upload("x.gif", "image/gif", tinyPng())).message).toContain("it looks like a PNG image");
    expect(refusal(upload("x.webp", "image/webp", text("RIFF....WEBX"))).message).toContain("is sent as a WebP image");
  });

  test("an unknown Content-Type is settled by the content, else by the extension, and then checked", () => {
    expect(checkUpload(upload("scan", "application/octet-stream", minimalPdf())).mediaType).toBe("application/pdf");
    expect(checkUpload(upload("photo", "", tinyPng())).mediaType).toBe("image/png");
    expect(checkUpload(upload("plan.docx", "application/octet-stream", zipBytes)).mediaType).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    // Windows sends a spreadsheet program's type for CSV files.
    expect(checkUpload(upload("budget.csv", "application/vnd.ms-excel", text("a,b\n1,2"))).mediaType).toBe("text/csv");
    expect(refusal(upload("plan.docx", "", text("plain"))).message).toContain("is sent as a Word document, but its content is not one");
    expect(refusal(upload("tool.exe", "application/octet-stream", text("MZ"))).message).toContain("is not a type this server accepts");
    expect(refusal(upload("sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zipBytes)).message).toBe(
      "“sheet.xlsx” is application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, which this server does not accept. Attach PNG, JPEG, WebP or GIF images; PDF, OpenDocument text (.odt), Word (.docx), CSV or plain text documents.",
    );
  });

  test("SVG and HTML are refused, however they are sent", () => {
    const svg = text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const html = text("<!DOCTYPE html><script>alert(1)</script>");
    for (const input of [
      upload("logo.svg", "image/svg+xml", svg),
      upload("page.html", "text/html", html),
      upload("page.htm", "application/octet-stream", html),
      upload("page.xhtml", "application/xhtml+xml", html),
      upload("logo.svg", "text/plain", svg),
      upload("logo.svg", "image/png", tinyPng()),
    ]) {
      expect(refusal(input).message, input.name).toContain("SVG images, web pages and scripts can run code in readers' browsers");
    }
    // Markup in disguise as text.
    expect(refusal(upload("notes.txt", "text/plain", text("\uFEFF  <html><body onload=alert(1)>"))).message).toContain("it holds a web page or SVG image");
    expect(refusal(upload("data.csv", "text/csv", text('<?xml version="1.0"?><svg/>'))).message).toContain("it holds a web page or SVG image");
  });

  test("a file over 10 MiB is refused, one of exactly 10 MiB accepted; an empty one is refused", () => {
    const big = new Uint8Array(maxFileBytes + 1);
    big.set(minimalPdf());
    expect(refusal(upload("big.pdf", "application/pdf", big)).message).toBe(
      "“big.pdf” is 10.0 MiB; a file can be at most 10.0 MiB. Make it smaller (compress the images, export the PDF for the web) or link to it instead.",
    );
    const eleven = new Uint8Array(11 * 1024 * 1024);
    eleven.set(minimalPdf());
    expect(refusal(upload("big.pdf", "application/pdf", eleven)).message).toContain("is 11.0 MiB; a file can be at most 10.0 MiB");
    const limit = new Uint8Array(maxFileBytes);
    limit.set(minimalPdf());
    expect(checkUpload(upload("limit.pdf", "application/pdf", limit)).mediaType).toBe("application/pdf");
    expect(refusal(upload("empty.txt", "text/plain", new Uint8Array(0))).message).toContain("is empty");
  });

  test("the name shown is the uploader's, as plain text: no folders, no control characters, at most 200 characters", () => {
    expect(displayName("C:\\fakepath\\Budget 2024.pdf", "application/pdf")).toBe("Budget 2024.pdf");
    expect(displayName("../../etc/passwd", "text/plain")).toBe("passwd");
    expect(displayName("  map\n\tof  districts.png ", "image/png")).toBe("map of districts.png");
    // A right-to-left override would show "report‮fdp.exe" as "reportexe.pdf".
    expect(displayName("report\u202Efdp.exe", "application/pdf")).toBe("reportfdp.exe");
    expect(displayName("", "image/png")).toBe("attachment.png");
    expect(displayName("..", "application/pdf")).toBe("attachment.pdf");
    const long = displayName(`${"é".repeat(150)}${"😀".repeat(100)}.png`, "image/png");
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toBe(`${"é".repeat(150)}${"😀".repeat(25)}`);
    expect(checkUpload(upload("  ../x/map.png ", "image/png", tinyPng())).name).toBe("map.png");
  });
});

describe("the media store", () => {
  let dir: string;
  let media: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "plaza-media-"));
    media = path.join(dir, "media");
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("stores a file under a random name with the extension of its checked type, never the uploader's", async () => {
    const store = new MediaStore(media);
    const png = tinyPng();
    const saved = await store.save(upload("evil.php", "image/png", png));
    expect(saved.name).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(saved).toMatchObject({ path: `/media/${saved.name}`, mediaType: "image/png", size: png.length });
    expect(new Uint8Array(await readFile(path.join(media, saved.name)))).toEqual(png);
    const pdf = await store.save(upload("scan", "application/octet-stream", minimalPdf()));
    expect(pdf.name).toMatch(/^[0-9a-f]{32}\.pdf$/);
    const again = await store.save(upload("evil.php", "image/png", png));
    expect(again.name).not.toBe(saved.name);
    expect((await readdir(media)).sort()).toEqual([saved.name, pdf.name, again.name].sort());
    // Refused files leave nothing.
    await expect(store.save(upload("fake.png", "image/png", text("nope")))).rejects.toThrow(PlazaError);
    expect(await readdir(media)).toHaveLength(3);
  });

  test("writes under a temporary dot-name, then renames: the final name never holds half a file", async () => {
    const steps: string[] = [];
    const watching: MediaFiles = {
      async writeNew(file, bytes) {
        steps.push(`write ${path.basename(file)}`);
        expect(path.dirname(file)).toBe(media);
        expect(path.basename(file).startsWith(".")).toBe(true);
        expect(isStoredName(path.basename(file))).toBe(false);
        await diskFiles.writeNew(file, bytes);
      },
      async rename(from, to) {
        steps.push(`rename ${path.basename(from)} ${path.basename(to)}`);
        // Complete under the temporary name; nothing under the final one yet.
        expect((await readFile(from)).length).toBe(tinyPng().length);
        expect(existsSync(to)).toBe(false);
        await diskFiles.rename(from, to);
      },
      remove: diskFiles.remove,
    };
    const saved = await new MediaStore(media, watching).save(upload("map.png", "image/png", tinyPng()));
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^write \.upload-[0-9a-f]{16}\.tmp$/);
    expect(steps[1]).toBe(`rename ${steps[0]?.slice("write ".length)} ${saved.name}`);
    expect(await readdir(media)).toEqual([saved.name]);
  });

  test("a write that fails halfway leaves no file behind, temporary or final", async () => {
    const failingWrite: MediaFiles = {
      ...diskFiles,
      async writeNew(file, bytes) {
        await writeFile(file, bytes.subarray(0, 10));
        throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      },
    };
    await expect(new MediaStore(media, failingWrite).save(upload("map.png", "image/png", tinyPng()))).rejects.toThrow("no space left");
    expect(await readdir(media)).toEqual([]);

    const failingRename: MediaFiles = { ...diskFiles, rename: async () => Promise.reject(new Error("rename failed")) };
    await expect(new MediaStore(media, failingRename).save(upload("map.png", "image/png", tinyPng()))).rejects.toThrow("rename failed");
    expect(await readdir(media)).toEqual([]);
  });

  test("finds only files it named, inside its folder", async () => {
    const store = new MediaStore(media);
    const saved = await store.save(upload("report.pdf", "application/pdf", minimalPdf()));
    expect(await store.find(saved.name)).toEqual({ file: path.join(media, saved.name), mediaType: "application/pdf", size: minimalPdf().length });

    // A file next to the folder, with a name the store could have given.
    const outside = `${"a".repeat(32)}.txt`;
    await writeFile(path.join(dir, outside), "secret");
    await writeFile(path.join(media, ".upload-0123456789abcdef.tmp"), "half");
    await mkdir(path.join(media, `${"b".repeat(32)}.pdf`));
    for (const name of [
      `../${outside}`,
      `..%2f${outside}`,
      `..\\${outside}`,
      path.join(dir, outside),
      "../db/plaza.lock",
      `${saved.name}/..`,
      `./${saved.name}`,
      `${saved.name}\0`,
      saved.name.toUpperCase(),
      saved.name.replace(".pdf", ".html"),
      saved.name.replace(".pdf", ".PDF"),
      `${saved.name.slice(0, 31)}.pdf`,
      ".upload-0123456789abcdef.tmp",
      `${"b".repeat(32)}.pdf`, // a folder
      `${"c".repeat(32)}.png`, // never stored
      "",
      ".",
      "..",
    ]) {
      expect(await store.find(name), JSON.stringify(name)).toBeUndefined();
    }
  });

  test("tells which attachment URLs are its own files", () => {
    const store = new MediaStore(media);
    const origin = new URL("https://plaza.example");
    const name = `${"0".repeat(32)}.png`;
    expect(store.nameOf(`https://plaza.example/media/${name}`, origin)).toBe(name);
    expect(store.nameOf(`https://other.example/media/${name}`, origin)).toBeUndefined();
    expect(store.nameOf(`https://plaza.example/media/${name}?v=1`, origin)).toBeUndefined();
    expect(store.nameOf(`https://plaza.example/media/x/../${name}`, origin)).toBe(name); // the URL parser resolves it first
    expect(store.nameOf(`https://plaza.example/media/..%2f${name}`, origin)).toBeUndefined();
    expect(store.nameOf("not a url", origin)).toBeUndefined();
  });

  test("removes the files of a save that failed, and nothing else", async () => {
    const store = new MediaStore(media);
    const kept = await store.save(upload("a.png", "image/png", tinyPng()));
    const dropped = await store.save(upload("b.png", "image/png", tinyPng()));
    await writeFile(path.join(dir, "other.txt"), "x");
    await store.remove([dropped.name, "../other.txt", `${"f".repeat(32)}.png`]);
    expect(await readdir(media)).toEqual([kept.name]);
    expect(existsSync(path.join(dir, "other.txt"))).toBe(true);
  });
});
