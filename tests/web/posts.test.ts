import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { follows, posts } from "../../src/db/schema.ts";
import { followByHandle } from "../../src/federation/following.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import { eventually } from "../support/instance.ts";
import { RemoteServer } from "../support/remote-server.ts";

const asPublic = "https://www.w3.org/ns/activitystreams#Public";

describe("posts from other software on the home page", () => {
  let plaza: InProcessPlaza;
  let remote: RemoteServer;
  let alice: Awaited<ReturnType<RemoteServer["addActor"]>>;
  let sharedInbox: string;
  const home = async () => (await fetch(plaza.url("/"), { headers: { Accept: "text/html" } })).text();

  /** Delivers a Create of `object` by Alice and waits until Plaza has kept it. */
  async function create(object: Record<string, unknown>): Promise<void> {
    const id = String(object.id);
    const response = await remote.deliver(
      sharedInbox,
      {
        "@context": "https://www.w3.org/ns/activitystreams",
        id: `${id}/activity`,
        type: "Create",
        actor: alice.iri,
        to: [asPublic],
        object: { attributedTo: alice.iri, to: [asPublic], ...object },
      },
      alice,
    );
    expect(response.status).toBeLessThan(300);
    await eventually(async () => (await plaza.db.select().from(posts).where(eq(posts.iri, id))).length === 1);
  }

  beforeAll(async () => {
    [plaza, remote] = await Promise.all([InProcessPlaza.start(), RemoteServer.start()]);
    await plaza.createActor("city", "lisbon", "Lisbon");
    sharedInbox = plaza.context().getInboxUri().href;
    // A hostile profile: a link that runs script and markup in the name.
    alice = await remote.addActor("/users/alice", "Person", { name: "Alice <b>Bold</b>", url: "javascript:alert('profile')" });
    const follow = await followByHandle(plaza.context(), plaza.db, "lisbon", `@alice@${remote.ip}`);
    await eventually(async () => {
      const [row] = await plaza.db.select().from(follows).where(eq(follows.id, follow.id));
      return row?.status === "accepted";
    });
  });

  afterAll(async () => {
    await plaza?.stop();
    await remote?.stop();
  });

  test("the section is there, and says so when nothing came yet", async () => {
    const page = await home();
    expect(page).toContain("<h2>From the fediverse</h2>");
    expect(page).toContain("Nothing yet from the accounts on other servers");
  });

  test("a note with hostile HTML shows its text, without script, handlers or script links", async () => {
    await create({
      id: `${remote.origin}/notes/hostile`,
      type: "Note",
      published: "2026-01-10T10:00:00Z",
      url: "javascript:alert('url')",
      content:
        '<p>Hello from <strong>Lisbon</strong>!<script>alert("script")</script></p>' +
        '<p><img src="x" onerror="alert(\'img\')"> <a href="javascript:alert(\'link\')" onclick="alert(\'click\')">a link</a> ' +
        '<a href="https://example.org/plan">the plan</a></p>' +
        '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>',
    });
    const page = await home();
    const section = page.slice(page.indexOf("<h2>From the fediverse</h2>"));
    expect(section).toContain("Hello from <strong>Lisbon</strong>!");
    expect(section).toContain('<a href="https://example.org/plan" rel="nofollow noopener noreferrer">the plan</a>');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<img|<iframe/i);
    expect(page).not.toMatch(/\son[a-z]+=/i);
    expect(page).not.toMatch(/javascript:/i);
    expect(page).not.toContain("display:none");
    expect(page).not.toContain("alert(");
    // The author, escaped, with the handle; the post's date links to its id, since its url is not a web address.
    expect(section).toContain("Alice &lt;b&gt;Bold&lt;/b&gt;");
    expect(section).toContain(`@alice@${remote.ip}`);
    expect(section).toContain(`<a href="${remote.origin}/notes/hostile"><time datetime="2026-01-10T10:00:00.000Z">2026-01-10 10:00 UTC</time></a>`);
  });

  test("an article shows its title linked to its page; a content warning folds the text", async () => {
    await create({
      id: `${remote.origin}/articles/1`,
      type: "Article",
      name: "Notes on <participatory> budgets",
      published: "2026-01-11T10:00:00Z",
      url: "https://blog.example/notes-on-budgets",
      content: "<p>What we learned.</p>",
    });
    await create({
      id: `${remote.origin}/notes/cw`,
      type: "Note",
      published: "2026-01-12T10:00:00Z",
      summary: "Election <em>spoilers</em>",
      content: "<p>The results are in.</p>",
    });
    const page = await home();
    expect(page).toContain('<h3><a href="https://blog.example/notes-on-budgets">Notes on &lt;participatory&gt; budgets</a></h3>');
    expect(page).toContain('<a href="https://blog.example/notes-on-budgets"><time datetime="2026-01-11T10:00:00.000Z">');
    expect(page).toContain('<details><summary>Election spoilers</summary><div class="content"><p>The results are in.</p></div></details>');
    // Newest first.
    expect(page.indexOf("The results are in.")).toBeLessThan(page.indexOf("What we learned."));
    expect(page.indexOf("What we learned.")).toBeLessThan(page.indexOf("Hello from"));
  });

  test("only the ten newest are shown, and a city's own page does not list them", async () => {
    for (let i = 1; i <= 10; i++) {
      await create({
        id: `${remote.origin}/notes/n${i}`,
        type: "Note",
        published: `2026-02-${String(i).padStart(2, "0")}T10:00:00Z`,
        content: `<p>Numbered note ${i}.</p>`,
      });
    }
    const page = await home();
    for (let i = 1; i <= 10; i++) expect(page).toContain(`Numbered note ${i}.`);
    expect(page).not.toContain("The results are in.");
    expect(page.indexOf("Numbered note 10.")).toBeLessThan(page.indexOf("Numbered note 9."));
    const city = await (await fetch(plaza.url("/@lisbon"), { headers: { Accept: "text/html" } })).text();
    expect(city).not.toContain("Numbered note");
    // Alice is listed among those Lisbon follows, linked to her id, not to the script her profile names.
    expect(city).toContain(`<a href="${alice.iri}">Alice &lt;b&gt;Bold&lt;/b&gt;</a>`);
    expect(city).not.toMatch(/javascript:/i);
  });
});
