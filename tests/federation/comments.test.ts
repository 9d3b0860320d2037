import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Browser, Instance, eventually } from "../support/instance.ts";

const password = "correct horse battery";
const activityJson = "application/activity+json";

const card = {
  title: "Open contracting for school meals",
  summary: "Every school meal contract, from tender to delivery, published as open data.",
  "place.city": "Lisbon",
  "place.country": "PT",
  "place.level": "local",
  challenge: "Parents could not see who supplied school meals, nor at what price.",
  solution: "All contracts are published in the Open Contracting Data Standard.",
  openGovernment: "major",
  completion: "substantial",
  leadInstitution: "Lisbon City Council, Education Department",
  language: "en",
  license: "CC-BY-4.0",
};

type Json = Record<string, unknown>;

/** Deliveries between servers are queued: on a busy machine they take a while. */
const patience = 60_000;

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function page(instance: Instance, pathname: string, browser?: Browser): Promise<string> {
  const response = browser ? await browser.get(pathname) : await fetch(instance.url(pathname), { headers: { Accept: "text/html" } });
  return response.text();
}

async function json(url: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(url, { headers: { Accept: activityJson } });
  return { status: response.status, body: (await response.json()) as Json };
}

/** The address of a practice on a server's home page, found by its title. */
async function practiceLinkOn(instance: Instance, title: string): Promise<string> {
  const html = await page(instance, "/");
  const match = new RegExp(`href="(/practices/[a-z0-9]+)"[^>]*>${title}<`).exec(html);
  if (!match?.[1]) throw new Error(`"${title}" is not on the home page of ${instance.ip}`);
  return match[1];
}

/** The `<li>` of the comment whose text contains `text`, with everything nested in it. */
function commentItem(html: string, text: string): { id: string; html: string } {
  const at = html.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not on the page`);
  const start = html.lastIndexOf('<li class="comment', at);
  const id = /id="comment-(\d+)"/.exec(html.slice(start))?.[1];
  if (start < 0 || !id) throw new Error(`"${text}" is not in a comment`);
  // Nested lists: find the matching </li>.
  let depth = 0;
  const tags = /<li\b|<\/li>/g;
  tags.lastIndex = start;
  for (let tag = tags.exec(html); tag; tag = tags.exec(html)) {
    depth += tag[0] === "</li>" ? -1 : 1;
    if (depth === 0) return { id, html: html.slice(start, tag.index + 5) };
  }
  throw new Error("unbalanced comment list");
}

describe("a conversation across three servers", () => {
  let lisbon: Instance; // A: publishes the practice
  let seoul: Instance; // B: its member comments
  let madrid: Instance; // C: its member replies to that comment
  let editor: Browser;
  let lisbonAdmin: Browser;
  let bea: Browser;
  let carl: Browser;
  let practicePath: string;
  let practiceIri: string;
  let seoulLink: string;
  let madridLink: string;
  let beaCommentIri: string;

  beforeAll(async () => {
    const admin = (email: string, username: string, city: string) => ({ email, password, username, name: username, roles: { [city]: "admin" as const } });
    [lisbon, seoul, madrid] = await Promise.all([
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "lisbon", name: "Lisbon" }],
          members: [
            { email: "ed@lisbon.test", password, username: "ed", name: "Ed", roles: { lisbon: "editor" } },
            admin("al@lisbon.test", "al", "lisbon"),
          ],
        },
      }),
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "seoul", name: "Seoul" }],
          members: [admin("a@seoul.test", "sa", "seoul"), { email: "bea@seoul.test", password, username: "bea", name: "Bea Seoul" }],
        },
      }),
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "madrid", name: "Madrid" }],
          members: [admin("a@madrid.test", "ma", "madrid"), { email: "carl@madrid.test", password, username: "carl", name: "Carl Madrid" }],
        },
      }),
    ]);
    await Promise.all([lisbon.start(), seoul.start(), madrid.start()]);
    [editor, lisbonAdmin, bea, carl] = await Promise.all([
      lisbon.signIn("ed@lisbon.test", password),
      lisbon.signIn("al@lisbon.test", password),
      seoul.signIn("bea@seoul.test", password),
      madrid.signIn("carl@madrid.test", password),
    ]);
    for (const [follower, city, email] of [[seoul, "seoul", "a@seoul.test"], [madrid, "madrid", "a@madrid.test"]] as const) {
      const admin = await follower.signIn(email, password);
      await admin.submitAndFollow(`/@${city}/follow`, { handle: lisbon.handle("lisbon") });
    }
    await eventually(async () => (await page(lisbon, "/@lisbon")).includes("2 followers"), patience);

    const created = await editor.submit("/@lisbon/practices", card);
    expect(created.status).toBe(303);
    practicePath = new URL(created.headers.get("Location") ?? "", lisbon.origin).pathname;
    practiceIri = lisbon.url(practicePath);
    expect((await editor.submit(`${practicePath}/publish`, {})).status).toBe(303);
    [seoulLink, madridLink] = await Promise.all([
      eventually(() => practiceLinkOn(seoul, card.title), patience),
      eventually(() => practiceLinkOn(madrid, card.title), patience),
    ]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([lisbon?.destroy(), seoul?.destroy(), madrid?.destroy()]);
  });

  test("a member on B comments on B's copy of A's practice; it reaches A, and C through A", async () => {
    const before = await page(seoul, seoulLink, bea);
    expect(before).toContain('id="comment-form"');
    expect(before).toContain("No comments yet.");
    expect(await page(seoul, seoulLink)).not.toContain('id="comment-form"'); // signed out: no form

    const sent = await bea.submit(`${seoulLink}/comments`, { content: "Greetings from **Seoul**: how did you start?", inReplyTo: "" });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("Location")).toMatch(new RegExp(`^${seoulLink}#comment-\\d+$`));

    const onSeoul = await page(seoul, seoulLink);
    expect(onSeoul).toContain("Greetings from <strong>Seoul</strong>");
    expect(onSeoul).toContain("Bea Seoul");
    expect(onSeoul).toContain(seoul.handle("bea"));

    const onLisbon = await eventually(async () => {
      const html = await page(lisbon, practicePath);
      return html.includes("Greetings from <strong>Seoul</strong>") ? html : false;
    }, patience);
    expect(onLisbon).toContain(seoul.handle("bea"));
    // Lisbon's admins are told.
    const told = await page(lisbon, "/notifications", lisbonAdmin);
    expect(told).toMatch(/Bea Seoul<\/a> <span class="handle">[^<]+<\/span> commented on/);
    // Madrid follows Lisbon, not Bea: Lisbon passes the conversation on to its followers.
    await eventually(async () => (await page(madrid, madridLink)).includes("Greetings from <strong>Seoul</strong>"), patience);
  }, 180_000);

  test("B's comment is a Note in reply to the practice, mentioning and addressed to its city, in its thread", async () => {
    const article = (await json(practiceIri)).body;
    const thread = String(article.context);
    expect(thread).toBe(`${practiceIri}/context`);
    const first = (article.replies as Json).first as Json;
    beaCommentIri = String(list(first.orderedItems)[0]);
    expect(beaCommentIri.startsWith(`${seoul.origin}/comments/`)).toBe(true);

    const { status, body: note } = await json(beaCommentIri);
    expect(status).toBe(200);
    expect(note.type).toBe("Note");
    expect(note.id).toBe(beaCommentIri);
    expect(note.attributedTo).toBe(seoul.url("/@bea"));
    expect(note.inReplyTo).toBe(practiceIri);
    expect(list(note.to)).toContain("https://www.w3.org/ns/activitystreams#Public");
    expect(list(note.cc)).toEqual(expect.arrayContaining([lisbon.url("/@lisbon"), seoul.url("/@bea/followers")]));
    expect(list(note.tag)).toContainEqual(expect.objectContaining({ type: "Mention", href: lisbon.url("/@lisbon"), name: lisbon.handle("lisbon") }));
    expect(String(note.content)).toContain("<strong>Seoul</strong>");
    expect(note.context).toBe(thread);
    expect(typeof note.published).toBe("string");
    expect((note.replies as Json).totalItems).toBe(0);
    // A browser asking for the comment is sent to it on the practice page.
    const html = await fetch(beaCommentIri, { headers: { Accept: "text/html" }, redirect: "manual" });
    expect(html.status).toBe(303);
    expect(html.headers.get("Location")).toMatch(new RegExp(`^${seoulLink}#comment-\\d+$`));
  }, 180_000);

  test("a member on C replies to B's comment; A shows the thread with both, nested", async () => {
    const html = await page(madrid, madridLink, carl);
    const beaItem = commentItem(html, "Greetings from <strong>Seoul</strong>");
    const replyLink = `${madridLink}?replyTo=${beaItem.id}#comment-form`;
    expect(beaItem.html).toContain(`href="${replyLink}"`);
    const form = await page(madrid, `${madridLink}?replyTo=${beaItem.id}`, carl);
    expect(form).toContain("Replying to Bea Seoul");
    const inReplyTo = /name="inReplyTo" value="([^"]*)"/.exec(form)?.[1];
    expect(inReplyTo).toBe(beaCommentIri);

    const sent = await carl.submit(`${madridLink}/comments`, { content: "We started with _one_ school.", inReplyTo: inReplyTo ?? "" });
    expect(sent.status).toBe(303);

    const onLisbon = await eventually(async (): Promise<string> => {
      const lisbonPage = await page(lisbon, practicePath);
      if (!lisbonPage.includes("We started with <em>one</em> school.")) throw new Error("Carl's reply has not reached Lisbon");
      return lisbonPage;
    }, patience);
    const nested = commentItem(onLisbon, "Greetings from <strong>Seoul</strong>");
    expect(nested.html).toContain("We started with <em>one</em> school.");
    expect(nested.html).toContain(madrid.handle("carl"));
    expect(onLisbon).toContain("Comments <span class=\"meta\">(2)</span>");
    // Bea hears of the reply on her own server too, and is told.
    await eventually(async () =>
      commentItem(await page(seoul, seoulLink), "Greetings from <strong>Seoul</strong>").html.includes("We started with <em>one</em> school."),
    patience);
    expect(await page(seoul, "/notifications", bea)).toMatch(/Carl Madrid<\/a> <span class="handle">[^<]+<\/span> commented on/);
  }, 180_000);

  test("A's Article lists B's comment as its one reply, and its context has the practice and both comments", async () => {
    const article = (await json(practiceIri)).body;
    const replies = article.replies as Json;
    expect(replies.type).toBe("OrderedCollection");
    expect(replies.totalItems).toBe(1);
    const first = replies.first as Json;
    expect(first.type).toBe("OrderedCollectionPage");
    expect(list(first.orderedItems)).toEqual([beaCommentIri]);

    const repliesCollection = await json(String(replies.id));
    expect(repliesCollection.status).toBe(200);
    expect(list((repliesCollection.body.first as Json).orderedItems)).toEqual([beaCommentIri]);

    const context = await json(String(article.context));
    expect(context.status).toBe(200);
    expect(context.body.type).toBe("OrderedCollection");
    expect(context.body.totalItems).toBe(3);
    const items = list(context.body.orderedItems).map(String);
    expect(items[0]).toBe(practiceIri);
    expect(items[1]).toBe(beaCommentIri);
    expect(items[2]?.startsWith(`${madrid.origin}/comments/`)).toBe(true);

    // Carl's reply on its own server: in reply to Bea's comment, in Lisbon's thread.
    const reply = (await json(items[2] ?? "")).body;
    expect(reply.inReplyTo).toBe(beaCommentIri);
    expect(reply.context).toBe(article.context);
    expect(list(reply.tag)).toContainEqual(expect.objectContaining({ type: "Mention", href: seoul.url("/@bea") }));
    expect(list(reply.cc)).toEqual(expect.arrayContaining([seoul.url("/@bea"), lisbon.url("/@lisbon")]));
    // And Bea's comment now lists it among its replies.
    const beaNote = (await json(beaCommentIri)).body;
    expect((beaNote.replies as Json).totalItems).toBe(1);
  }, 180_000);

  test("B's member deletes the comment: it disappears on A and C, where C's reply stays under a placeholder", async () => {
    const own = commentItem(await page(seoul, seoulLink, bea), "Greetings from <strong>Seoul</strong>");
    const action = /<form class="inline" method="post" action="([^"]+\/delete)"/.exec(own.html)?.[1];
    expect(action).toBe(`${seoulLink}/comments/${own.id}/delete`);
    // Carl's reply, inside Bea's item, is not hers to delete.
    expect(own.html.match(/\/delete"/g)).toHaveLength(1);
    expect((await bea.submit(action ?? "", {})).status).toBe(303);

    for (const [instance, path] of [[lisbon, practicePath], [madrid, madridLink], [seoul, seoulLink]] as const) {
      const html = await eventually(async (): Promise<string> => {
        const text = await page(instance, path);
        if (text.includes("Greetings from")) throw new Error(`the comment is still on ${instance.ip}`);
        return text;
      }, patience);
      const placeholder = commentItem(html, "This comment was deleted.");
      expect(placeholder.html, instance.ip).toContain("We started with <em>one</em> school.");
    }
    const gone = await json(beaCommentIri);
    expect(gone.status).toBe(410);
    expect(gone.body.type).toBe("Tombstone");
    const context = (await json(`${practiceIri}/context`)).body;
    expect(list(context.orderedItems)).not.toContain(beaCommentIri);
    expect(context.totalItems).toBe(2);
  }, 180_000);

  test("the city admin on A hides C's reply: it is no longer shown on A", async () => {
    const adminView = commentItem(await page(lisbon, practicePath, lisbonAdmin), "We started with <em>one</em> school.");
    const hide = /action="([^"]+\/hide)"/.exec(adminView.html)?.[1];
    expect(hide).toBeDefined();
    // Members who are not admins of Lisbon cannot.
    expect((await editor.submit(hide ?? "", {})).status).toBe(403);
    expect((await lisbonAdmin.submit(hide ?? "", {})).status).toBe(303);
    const html = await page(lisbon, practicePath);
    expect(html).not.toContain("We started with");
    expect(html).not.toContain("This comment was deleted.");
    expect(html).toContain("No comments yet.");
    // The admin still sees it, marked hidden; the other servers are not told (hiding is local).
    expect(await page(lisbon, practicePath, lisbonAdmin)).toContain("We started with <em>one</em> school.");
    expect(await page(madrid, madridLink)).toContain("We started with <em>one</em> school.");
    const article = (await json(practiceIri)).body;
    expect((article.replies as Json).totalItems).toBe(0);
  }, 180_000);
});
