import { readdir } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Browser, Instance } from "../support/instance.ts";
import { minimalPdf, tinyPng } from "../media/samples.ts";

const password = "correct horse battery";
const activityJson = "application/activity+json";

interface FileSpec {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

const png = tinyPng();
const pdf = minimalPdf();
const pngFile = (name = "districts.png"): FileSpec => ({ name, type: "image/png", bytes: png });
const pdfFile = (name = "Budget report 2024.pdf"): FileSpec => ({ name, type: "application/pdf", bytes: pdf });

const cardFields = (title: string): Record<string, string> => ({
  title,
  summary: `${title}: a summary.`,
  "place.city": "Paris",
  "place.country": "FR",
  challenge: "A challenge.",
  solution: "A solution.",
  leadInstitution: "City of Paris",
  completion: "complete",
});

/** The practice form as a browser sends it with `enctype="multipart/form-data"`. */
function multipart(fields: Record<string, string>, files: readonly FileSpec[] = []): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append("attachment.file", new File([Buffer.from(file.bytes)], file.name, { type: file.type }));
  // With no file chosen, a browser still sends the input: an empty part without a name.
  if (files.length === 0) form.append("attachment.file", new File([], "", { type: "application/octet-stream" }));
  return form;
}

/** `<img …>` and `<a …>` to our stored files in a page. */
const mediaUrls = (page: string) => [...page.matchAll(/(?:src|href)="(https:\/\/[^"]+\/media\/[0-9a-f]{32}\.[a-z]+)"/g)].map((m) => m[1] ?? "");

describe("attachments", () => {
  let plaza: Instance;
  let editor: Browser;
  let stranger: Browser;
  let mediaDir: string;
  let practicePath = "";
  let pngUrl = "";
  let pdfUrl = "";

  /** The files in the media folder (temporary ones included). */
  const stored = async () => (await readdir(mediaDir).catch(() => [])).sort();

  async function create(browser: Browser, form: FormData): Promise<{ location: string; page: string }> {
    const response = await browser.submitMultipart("/@paris/practices", form);
    const location = response.headers.get("Location");
    if (response.status !== 303 || !location) throw new Error(`expected a redirect, got ${response.status}: ${await response.text()}`);
    return { location, page: await (await browser.get(location)).text() };
  }

  beforeAll(async () => {
    plaza = await Instance.create({
      seed: {
        actors: [{ kind: "city", username: "paris", name: "Paris" }],
        members: [
          { email: "anne@paris.test", password, username: "anne", name: "Anne Editor", roles: { paris: "editor" } },
          { email: "bob@else.test", password, username: "bob", name: "Bob" },
        ],
      },
    });
    mediaDir = path.join(plaza.env.PLAZA_DATA_DIR ?? "", "media");
    await plaza.start();
    [editor, stranger] = await Promise.all([plaza.signIn("anne@paris.test", password), plaza.signIn("bob@else.test", password)]);
  });

  afterAll(async () => {
    await plaza?.destroy();
  });

  test("the form is sent as multipart, with a labelled file input and a description for the new files", async () => {
    const page = await (await editor.get("/@paris/practices/new")).text();
    expect(page).toContain('<form method="post" action="/@paris/practices" enctype="multipart/form-data"');
    expect(page).toMatch(/<input type="file" id="f-attachment-file" name="attachment.file" multiple="" accept="image\/png,[^"]*\.pdf[^"]*"/);
    expect(page).toContain('<label for="f-attachment-file">Files</label>');
    expect(page).toContain('<textarea id="f-attachment-description" name="attachment.description"');
    expect(page).toContain("At most 10 MiB a file and 25 MiB in all");
    // A card without files saves as before.
    const { page: saved } = await create(editor, multipart(cardFields("No files")));
    expect(saved).toContain("Draft saved.");
    expect(saved).not.toContain("<h2>Attachments</h2>");
    expect(await stored()).toEqual([]);
  });

  test("an editor uploads a PNG and a PDF: stored under random names, shown on the card", async () => {
    const { location, page } = await create(
      editor,
      multipart({ ...cardFields("Participatory budgeting"), "attachment.description": "  Map of the districts  " }, [pngFile(), pdfFile()]),
    );
    practicePath = location;
    expect(page).toContain("Draft saved.");
    const files = await stored();
    expect(files).toHaveLength(2);
    expect(files.every((name) => /^[0-9a-f]{32}\.(png|pdf)$/.test(name))).toBe(true);
    [pngUrl = "", pdfUrl = ""] = [files.find((f) => f.endsWith(".png")), files.find((f) => f.endsWith(".pdf"))].map((name) => plaza.url(`/media/${name}`));
    expect(page).toContain("<h2>Attachments</h2>");
    expect(page).toContain(`<img src="${pngUrl}" alt="Map of the districts" loading="lazy" referrerpolicy="no-referrer"`);
    expect(page).toContain(
      `<a href="${pdfUrl}" rel="nofollow noopener noreferrer" type="application/pdf">Budget report 2024.pdf</a> <span class="meta">(PDF, ${pdf.length} bytes)</span> · Map of the districts`,
    );
  });

  test("stored files are served with their type, inert: nosniff, a sandbox, downloads for documents, cached for good", async () => {
    const image = await fetch(pngUrl);
    expect(image.status).toBe(200);
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(png);
    expect(Object.fromEntries(image.headers)).toMatchObject({
      "content-type": "image/png",
      "content-length": String(png.length),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "public, max-age=31536000, immutable",
    });
    expect(image.headers.get("content-disposition")).toBeNull();

    const document = await fetch(pdfUrl, { headers: { Accept: "text/html" } });
    expect(document.status).toBe(200);
    expect(new Uint8Array(await document.arrayBuffer())).toEqual(pdf);
    expect(document.headers.get("content-type")).toBe("application/pdf");
    expect(document.headers.get("content-disposition")).toBe("attachment");
    expect(document.headers.get("x-content-type-options")).toBe("nosniff");
    expect(document.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");

    const head = await fetch(pdfUrl, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(pdf.length));
    expect(await head.text()).toBe("");
    // Even for ActivityPub's Accept, a file is a file.
    expect((await fetch(pngUrl, { headers: { Accept: activityJson } })).headers.get("content-type")).toBe("image/png");
  });

  test("only names the store gives are served: no way out of the media folder", async () => {
    const name = path.basename(new URL(pngUrl).pathname);
    for (const pathname of [
      `/media/${"0".repeat(32)}.png`,
      "/media/..%2fdb%2fplaza.lock",
      "/media/..%2f..%2f..%2fetc%2fpasswd",
      "/media/%2e%2e%2fdb",
      "/media/..%5cdb",
      `/media/..%2fmedia%2f${name}`,
      `/media/${name}%00`,
      `/media/${name}%2f`,
      `/media/${name.toUpperCase()}`,
      `/media/${name.replace(".png", ".html")}`,
      `/media/${name.replace(".png", "")}`,
      "/media/.upload-0123456789abcdef.tmp",
      "/media/",
      "/media",
    ]) {
      const response = await fetch(plaza.url(pathname), { headers: { Accept: "text/html" } });
      expect(response.status, pathname).toBe(404);
      expect(await response.text(), pathname).not.toContain("PNG");
    }
    // The server resolves dot segments before routing: /media/../… lands outside /media/, where nothing is a file,
    // and /media/x/../<name> is simply <name>.
    expect((await rawGet("/media/../db/plaza.lock")).status).toBe(404);
    expect((await rawGet("/media/../../../etc/passwd")).status).toBe(404);
    expect((await rawGet(`/media/x/../${name}`)).status).toBe(200);
  });

  test("published, the Article carries the files as Image and Document with absolute URLs that serve them", async () => {
    const published = await editor.submit(`${practicePath}/publish`, {});
    expect(published.status).toBe(303);
    const response = await fetch(plaza.url(practicePath), { headers: { Accept: activityJson } });
    expect(response.status).toBe(200);
    const article = (await response.json()) as { attachment?: unknown };
    const attachments = [article.attachment ?? []].flat() as { type: string; mediaType: string; url: unknown; name?: string }[];
    const urlOf = (a: { url: unknown }) => (typeof a.url === "string" ? a.url : (a.url as { href: string }).href);
    expect(attachments.map((a) => [a.type, a.mediaType, urlOf(a), a.name])).toEqual([
      ["Image", "image/png", pngUrl, "Map of the districts"],
      ["Document", "application/pdf", pdfUrl, "Map of the districts"],
    ]);
    for (const attachment of attachments) {
      const file = await fetch(urlOf(attachment));
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe(attachment.mediaType);
    }
  });

  test("an edit keeps the attachments, edits their descriptions, removes one, adds more: a new version", async () => {
    const form = await (await editor.get(`${practicePath}/edit`)).text();
    expect(form).toContain('<textarea id="f-attachments-0-description" name="attachments.0.description"');
    expect(form).toContain('<label for="f-attachments-0-description">Description of “districts.png”</label>');
    expect(form).toContain('<input type="checkbox" id="f-attachments-1-remove" name="attachments.1.remove" value="on"/> Remove this attachment');
    expect(form).toContain(`href="${pdfUrl}"`);
    expect(form).toContain("<label for=\"f-attachment-file\">Add files</label>");

    // Unchanged: no new version, nothing stored.
    const unchanged = await editor.submitMultipart(
      practicePath,
      multipart({ ...cardFields("Participatory budgeting"), "attachments.0.description": "Map of the districts", "attachments.1.description": "Map of the districts", baseVersion: "1" }),
    );
    expect(unchanged.status).toBe(303);
    expect(await (await editor.get(unchanged.headers.get("Location") ?? "")).text()).toContain("No changes");

    // A multipart form to a published practice's URL reaches the edit, not Fedify.
    const edited = await editor.submitMultipart(
      practicePath,
      multipart(
        { ...cardFields("Participatory budgeting"), "attachments.0.remove": "on", "attachments.0.description": "ignored", "attachments.1.description": "The 2024 budget, audited", baseVersion: "1" },
        [pngFile("chart.png")],
      ),
    );
    expect(edited.status).toBe(303);
    const page = await (await editor.get(edited.headers.get("Location") ?? "")).text();
    expect(page).toContain("Saved as version 2. Followers on other servers are sent the update.");
    expect(page).not.toContain(pngUrl);
    expect(page).toContain("· The 2024 budget, audited");
    const added = mediaUrls(page).find((url) => url !== pdfUrl && url !== pngUrl) ?? "";
    // No description given for the new file: its name is the alternative text.
    expect(page).toContain(`<img src="${added}" alt="chart.png"`);
    expect(await stored()).toHaveLength(3);

    // The removed file stays: version 1 still shows it, and other servers may have it.
    expect(await (await editor.get(`${practicePath}/versions/1`)).text()).toContain(`<img src="${pngUrl}"`);
    expect((await fetch(pngUrl)).status).toBe(200);
    const diff = await (await editor.get(`${practicePath}/diff?from=1&to=2`)).text();
    expect(diff).toContain('<th scope="row">Attachments</th>');

    const article = (await (await fetch(plaza.url(practicePath), { headers: { Accept: activityJson } })).json()) as { attachment?: unknown };
    const mediaTypes = ([article.attachment ?? []].flat() as { mediaType: string; name: string }[]).map((a) => [a.mediaType, a.name]);
    expect(mediaTypes).toEqual([
      ["application/pdf", "The 2024 budget, audited"],
      ["image/png", "chart.png"],
    ]);

    // A form without attachment rows (written by hand, urlencoded) keeps them all.
    const plain = await editor.submit(practicePath, { ...cardFields("Participatory budgeting, again"), baseVersion: "2" });
    expect(plain.status).toBe(303);
    const again = await (await editor.get(practicePath)).text();
    expect(again).toContain("Participatory budgeting, again");
    expect(mediaUrls(again).sort()).toEqual([pdfUrl, added].sort());
  });

  test("a file claiming to be a PNG that is not one is refused with 422, and nothing is stored", async () => {
    const before = await stored();
    const fake: FileSpec = { name: "map.png", type: "image/png", bytes: new Uint8Array(Buffer.from("<p>not a picture</p>")) };
    // Even the valid file sent with it is not kept.
    const response = await editor.submitMultipart("/@paris/practices", multipart({ ...cardFields("Fake map"), "attachment.description": "A map" }, [pngFile(), fake]));
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain("The card has 1 problem to fix");
    expect(page).toContain('<a href="#f-attachment-file">Files: “map.png” is sent as a PNG image, but its content is not one.');
    expect(page).toMatch(/<ul class="field-error" id="f-attachment-file-error"><li>“map.png” is sent as a PNG image, but its content is not one/);
    expect(page).toContain("The files you chose were not saved, because of the problems above: choose them again.");
    // The rest of the form is kept.
    expect(page).toContain('name="title" value="Fake map"');
    expect(page).toContain(">A map</textarea>");
    expect(await stored()).toEqual(before);

    // A card with mistakes stores no file either, even a valid one.
    const invalidCard = await editor.submitMultipart("/@paris/practices", multipart({ ...cardFields("No city"), "place.city": "" }, [pngFile()]));
    expect(invalidCard.status).toBe(422);
    expect(await invalidCard.text()).toContain("The files you chose were not saved");
    expect(await stored()).toEqual(before);
  });

  test("HTML and SVG files are refused", async () => {
    const before = await stored();
    const files: FileSpec[] = [
      { name: "page.html", type: "text/html", bytes: new Uint8Array(Buffer.from("<!doctype html><script>alert(document.cookie)</script>")) },
      { name: "logo.svg", type: "image/svg+xml", bytes: new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')) },
    ];
    for (const file of files) {
      const response = await editor.submitMultipart(practicePath, multipart({ ...cardFields("Participatory budgeting"), baseVersion: "3" }, [file]));
      expect(response.status, file.name).toBe(422);
      expect(await response.text()).toContain(`“${file.name}” is refused: SVG images, web pages and scripts can run code in readers&#39; browsers.`);
    }
    expect(await stored()).toEqual(before);
  });

  test("a file over 10 MiB is refused with a message saying so", async () => {
    const before = await stored();
    const big = new Uint8Array(11 * 1024 * 1024);
    big.set(pdf);
    const response = await editor.submitMultipart("/@paris/practices", multipart(cardFields("Big file"), [{ name: "scan.pdf", type: "application/pdf", bytes: big }]));
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(
      "“scan.pdf” is 11.0 MiB; a file can be at most 10.0 MiB. Make it smaller (compress the images, export the PDF for the web) or link to it instead.",
    );
    expect(await stored()).toEqual(before);
  });

  test("more than 25 MiB in one save is refused with 413 and a message, before anything is read", async () => {
    const before = await stored();
    const nine = new Uint8Array(9 * 1024 * 1024);
    nine.set(pdf);
    const files = [1, 2, 3].map((i) => ({ name: `part ${i}.pdf`, type: "application/pdf", bytes: nine }));
    const response = await postOnItsOwnConnection(plaza.url("/@paris/practices"), multipart(cardFields("Too much"), files), { Origin: plaza.origin, Accept: "text/html" });
    expect(response.status).toBe(413);
    expect(response.text).toContain("The form and its files come to more than 25 MiB, the most one save accepts, so nothing was saved.");
    expect(await stored()).toEqual(before);
  });

  test("the 1 MiB limit still holds everywhere else: the inbox, other forms", async () => {
    const activity = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", type: "Note", content: "x".repeat(2 * 1024 * 1024) });
    const inbox = await postOnItsOwnConnection(plaza.url("/inbox"), activity, { "Content-Type": activityJson });
    expect(inbox.status).toBe(413);
    expect(inbox.text).toBe("The request body is larger than 1024 KiB, the most this server accepts.");
    const big = new Uint8Array(2 * 1024 * 1024);
    big.set(pdf);
    for (const pathname of ["/@paris/inbox", "/practices/0123456789/publish", "/sign-in"]) {
      const response = await postOnItsOwnConnection(plaza.url(pathname), multipart({}, [{ name: "x.pdf", type: "application/pdf", bytes: big }]), { Origin: plaza.origin });
      expect(response.status, pathname).toBe(413);
    }
    // The practice form itself takes 2 MiB.
    const { page } = await create(editor, multipart(cardFields("Two megabytes"), [{ name: "x.pdf", type: "application/pdf", bytes: big }]));
    expect(page).toContain("(PDF, 2.0 MB)");
  });

  test("a stranger, a visitor and another site cannot upload", async () => {
    const before = await stored();
    const create = await stranger.submitMultipart("/@paris/practices", multipart(cardFields("Hijack"), [pngFile()]));
    expect(create.status).toBe(403);
    expect(await create.text()).toContain("Only editors of Paris");
    const edit = await stranger.submitMultipart(practicePath, multipart({ ...cardFields("Hijack") }, [pngFile()]));
    expect(edit.status).toBe(403);
    const visitor = await new Browser(plaza.origin).submitMultipart("/@paris/practices", multipart(cardFields("Hijack"), [pngFile()]));
    expect(visitor.status).toBe(403);
    // The editor's own session, from a page of another site: the Origin check holds for multipart forms.
    const forged = await editor.submitMultipart("/@paris/practices", multipart(cardFields("Forged"), [pngFile()]), { origin: "https://evil.example" });
    // Refused by hono's csrf middleware. (Its HTTPException reaches app.onError, which answers 500 rather than 403.)
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.headers.get("Location")).toBeNull();
    expect(await stored()).toEqual(before);
    expect(await (await editor.get("/@paris")).text()).not.toContain("Forged");
  });

  /** GET with the path exactly as written (fetch would resolve "..") on a connection of its own. */
  function rawGet(pathname: string): Promise<{ status: number }> {
    return new Promise((resolve, reject) => {
      const request = httpsRequest({ host: plaza.ip, port: 443, path: pathname, method: "GET", agent: false, headers: { Accept: "text/html" } }, (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
      });
      request.on("error", reject);
      request.end();
    });
  }
});

/**
 * POSTs a body on a connection of its own with its Content-Length, sending the headers first and
 * the body only if no answer comes within 3 seconds: a server that refuses from the headers alone
 * answers at once, and then drops the connection, which must neither lose the answer nor reach the
 * next test's requests.
 */
async function postOnItsOwnConnection(url: string, body: string | FormData, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const encoded = new Response(body);
  const bytes = Buffer.from(await encoded.arrayBuffer());
  const type = headers["Content-Type"] ?? encoded.headers.get("Content-Type") ?? "application/octet-stream";
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpsRequest(
      url,
      { method: "POST", agent: false, headers: { ...headers, "Content-Type": type, "Content-Length": String(bytes.length) } },
      (response) => {
        answered = true;
        clearTimeout(waiting);
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          resolve({ status: response.statusCode ?? 0, text });
          request.destroy();
        });
      },
    );
    // Once answered, the rest of the body is not wanted and the connection may close under it.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    let offset = 0;
    const writeMore = () => {
      while (!answered && !request.destroyed && offset < bytes.length) {
        const chunk = bytes.subarray(offset, offset + 64 * 1024);
        offset += chunk.length;
        if (!request.write(chunk)) {
          request.once("drain", writeMore);
          return;
        }
      }
      if (!answered && !request.destroyed) request.end();
    };
    request.flushHeaders();
    const waiting = setTimeout(writeMore, 3_000);
  });
}
