import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Browser, Instance, eventually } from "../support/instance.ts";

const password = "correct horse battery";
const activityJson = "application/activity+json";

type Fields = Record<string, string | readonly string[]>;

/**
 * Posts a form with repeated fields (checkboxes).
 */
function submit(browser: Browser, pathname: string, fields: Fields): Promise<Response> {
  const pairs = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of typeof value === "string" ? [value] : value) pairs.append(name, v);
  return browser.submitBody(pathname, pairs);
}

async function submitAndFollow(browser: Browser, pathname: string, fields: Fields): Promise<{ location: string; page: string }> {
  const response = await submit(browser, pathname, fields);
  const location = response.headers.get("Location");
  if (response.status !== 303 || !location) throw new Error(`expected a redirect, got ${response.status}: ${await response.text()}`);
  return { location, page: await (await browser.get(location)).text() };
}

/** Every field of the card's form, filled. */
const fullForm: Fields = {
  title: "Participatory budgeting",
  summary: "Residents decide how 5% of the investment budget is spent.",
  "place.city": "Paris",
  "place.region": "Île-de-France",
  "place.country": "fr",
  "place.level": "metropolitan",
  "place.latitude": "48.8566",
  "place.longitude": "2.3522",
  challenge: "Low trust in **local** decisions.",
  solution: "A yearly public vote on projects.",
  approach: "1. Proposals\n2. Review\n3. Vote",
  innovation: "Online *and* offline voting.",
  openGovernment: "major",
  openGovernmentNarrative: "Turnout doubled in five years.",
  lessons: "Start small, publish every result.",
  sdgGoals: ["16"],
  sdgTargets: "11.3, 16.7",
  themes: ["social_inclusion", "city_to_city_cooperation"],
  tags: "#participatoryBudgeting openData",
  ogpValues: ["civic_participation", "public_accountability"],
  completion: "substantial",
  "period.start": "2014-03",
  "period.end": "2020",
  leadInstitution: "City of Paris",
  partners: "Civic tech association\nSorbonne University",
  keyFigures: "Budget: €100 million a year\nVoting opens at: 10:30",
  "contact.name": "Anne Martin",
  "contact.role": "Project lead",
  "contact.email": "anne@paris.example",
  "contact.consent": "on",
  links: "Project site | https://budgetparticipatif.paris.fr/",
  language: "en",
  license: "CC-BY-4.0",
  "translations.es.title": "Presupuesto participativo",
  "translations.es.summary": "Los vecinos deciden.",
  "translations.fr.title": "Budget participatif",
  "translations.fr.summary": "",
};

const minimalForm = (title: string): Fields => ({
  title,
  summary: `${title}: a summary.`,
  "place.city": "Lyon",
  "place.country": "FR",
  challenge: "A challenge.",
  solution: "A solution.",
  leadInstitution: "City of Lyon",
  completion: "complete",
});

describe("practice pages", () => {
  let plaza: Instance;
  let editor: Browser;
  let stranger: Browser;
  const anonymous = () => new Browser(plaza.origin);
  let draftPath = "";

  beforeAll(async () => {
    plaza = await Instance.create({
      seed: {
        actors: [
          { kind: "city", username: "paris", name: "Paris" },
          { kind: "city", username: "lyon", name: "Lyon" },
          { kind: "network", username: "uclg", name: "UCLG" },
        ],
        members: [
          { email: "anne@paris.test", password, username: "anne", name: "Anne Editor", roles: { paris: "editor", lyon: "editor", uclg: "coordinator" } },
          { email: "bob@else.test", password, username: "bob", name: "Bob" },
        ],
      },
    });
    await plaza.start();
    [editor, stranger] = await Promise.all([plaza.signIn("anne@paris.test", password), plaza.signIn("bob@else.test", password)]);
  });

  afterAll(async () => {
    await plaza?.destroy();
  });

  test("the new-practice form is for the city's editors, with defaults, labels and sections", async () => {
    const response = await editor.get("/@paris/practices/new");
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<form method="post" action="/@paris/practices"');
    expect(page).toMatch(/<input type="text" id="f-language" name="language" value="en"/);
    expect(page).toMatch(/name="license" value="CC-BY-4.0"/);
    expect(page).toMatch(/<option value="local" selected="">Local<\/option>/);
    expect(page).toMatch(/<option value="not_started" selected="">Not started<\/option>/);
    expect(page).toContain("<legend>Sustainable Development Goals</legend>");
    expect(page).toContain("Markdown is accepted");
    // Every input, textarea and select has a label.
    const ids = [...page.matchAll(/<(?:input|textarea|select)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) expect(page, `label for ${id}`).toContain(`for="${id}"`);

    expect((await stranger.get("/@paris/practices/new")).status).toBe(403);
    expect((await anonymous().get("/@paris/practices/new")).status).toBe(403);
    expect((await editor.get("/@anne/practices/new")).status).toBe(404);
    expect((await editor.get("/@nowhere/practices/new")).status).toBe(404);
  });

  test("an editor saves a draft with every field; only editors see it", async () => {
    const { location, page } = await submitAndFollow(editor, "/@paris/practices", fullForm);
    expect(location).toMatch(/^\/practices\/[a-z0-9]{10}$/);
    draftPath = location;
    expect(page).toContain("Draft saved.");
    expect(page).toContain('<span class="badge draft">Draft</span>');
    expect(page).toContain("<h1 lang=\"en\">Participatory budgeting</h1>");
    expect(page).toContain('href="https://127.');
    expect(page).toContain("Paris, Île-de-France, France");
    expect(page).toContain("<strong>local</strong>");
    expect(page).toContain("Voting opens at: <strong>10:30</strong>");
    expect(page).toContain("Partner: Sorbonne University");
    expect(page).toContain('<a href="https://budgetparticipatif.paris.fr/" rel="nofollow noopener noreferrer">Project site</a>');
    expect(page).toContain("mailto:anne@paris.example");
    expect(page).toContain("#SDG11");
    expect(page).toContain("#participatoryBudgeting");
    expect(page).toContain('<span class="goal">SDG 11</span> Sustainable cities and communities');
    expect(page).toContain('<span class="goal">SDG 16</span>');
    expect(page).toContain("Presupuesto participativo");
    expect(page).toContain("version 1");
    expect(page).toContain(`href="${draftPath}/versions"`);
    expect(page).toContain(`action="${draftPath}/publish"`);
    expect(page).not.toContain(`action="${draftPath}/withdraw"`);
    expect(page).toContain(`href="${draftPath}/edit"`);

    expect((await stranger.get(draftPath)).status).toBe(404);
    expect((await anonymous().get(draftPath)).status).toBe(404);
    expect((await anonymous().get(draftPath, activityJson)).status).toBe(404);
    expect((await anonymous().get(`${draftPath}/versions`)).status).toBe(404);
    expect(await (await anonymous().get("/@paris")).text()).not.toContain("Participatory budgeting");

    const actorPage = await (await editor.get("/@paris")).text();
    expect(actorPage).toContain("<h2>Drafts</h2>");
    expect(actorPage).toContain(`href="${draftPath}"`);
    expect(actorPage).toContain('href="/@paris/practices/new"');
  });

  test("a form with mistakes comes back with every message next to its field and the values kept", async () => {
    const response = await submit(editor, "/@paris/practices", {
      ...fullForm,
      title: "",
      summary: "Kept <summary> & text",
      "place.country": "XX",
      keyFigures: "Budget: €100 million\nno value on this line",
      links: "Project site | https://budgetparticipatif.paris.fr/\nJust a title",
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain("The card has 4 problems to fix");
    expect(page).toContain('<a href="#f-title">Title: This field is required.</a>');
    expect(page).toMatch(/<ul class="field-error" id="f-title-error"><li>This field is required.<\/li><\/ul><input type="text" id="f-title" name="title" value=""/);
    expect(page).toContain('aria-invalid="true" aria-describedby="f-place-country-hint f-place-country-error"');
    expect(page).toContain("&quot;XX&quot; is not an ISO 3166-1 country code");
    expect(page).toContain("Line 2: write the label, a colon and a space");
    expect(page).toContain("Line 2: write the title, a &quot;|&quot;, then the address");
    // Values are kept as typed.
    expect(page).toContain("Kept &lt;summary&gt; &amp; text</textarea>");
    expect(page).toContain("Budget: €100 million\nno value on this line</textarea>");
    expect(page).toContain('name="place.country" value="XX"');
    expect(page).toMatch(/id="f-sdgGoals-16" name="sdgGoals" value="16" checked=""/);
    expect(page).toMatch(/id="f-themes-social_inclusion" name="themes" value="social_inclusion" checked=""/);
    expect(page).toMatch(/id="f-contact-consent" name="contact.consent" value="on" checked=""/);
  });

  test("an edit saves version 2, an unchanged form saves nothing, and the diff shows the change", async () => {
    const form = await (await editor.get(`${draftPath}/edit`)).text();
    expect(form).toContain('name="title" value="Participatory budgeting"');
    expect(form).toContain('name="baseVersion" value="1"');
    expect(form).toContain("Voting opens at: 10:30</textarea>");
    expect(form).toContain("Project site | https://budgetparticipatif.paris.fr/</textarea>");
    expect(form).toContain(`<form method="post" action="${draftPath}"`);

    const edited = { ...fullForm, solution: "A yearly public vote on projects, online and in town halls.", baseVersion: "1" };
    const { page } = await submitAndFollow(editor, draftPath, edited);
    expect(page).toContain("Saved as version 2.");
    expect(page).toContain("version 2");

    const again = await submitAndFollow(editor, draftPath, { ...edited, baseVersion: "2" });
    expect(again.page).toContain("No changes");

    // A form started from version 1 does not overwrite version 2 silently.
    const stale = await submit(editor, draftPath, { ...fullForm, lessons: "Other lessons.", baseVersion: "1" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("Someone saved version 2 while you were editing version 1");

    const versions = await (await editor.get(`${draftPath}/versions`)).text();
    expect(versions).toContain(`href="${draftPath}/versions/1"`);
    expect(versions).toContain(`href="${draftPath}/versions/2"`);
    expect(versions).not.toContain(`href="${draftPath}/versions/3"`);
    expect(versions).toContain(`href="${draftPath}/diff?from=1&amp;to=2"`);
    expect(versions).toContain("Anne Editor");

    const diff = await (await editor.get(`${draftPath}/diff?from=1&to=2`)).text();
    expect(diff).toContain('<th scope="row">Solution</th>');
    expect(diff).toContain('<pre class="before">A yearly public vote on projects.</pre>');
    expect(diff).toContain('<pre class="after">A yearly public vote on projects, online and in town halls.</pre>');
    expect(diff).not.toContain('<th scope="row">Title</th>');
    expect((await editor.get(`${draftPath}/diff?from=1&to=9`)).status).toBe(404);

    const old = await (await editor.get(`${draftPath}/versions/1`)).text();
    expect(old).toContain("Version 1 of 2");
    expect(old).toContain("A yearly public vote on projects.</p>");
    expect((await editor.get(`${draftPath}/versions/7`)).status).toBe(404);
  });

  test("a member who is not an editor of the city is refused", async () => {
    const create = await submit(stranger, "/@paris/practices", fullForm);
    expect(create.status).toBe(403);
    expect(await create.text()).toContain("Only editors of Paris");
    expect((await submit(stranger, draftPath, { ...fullForm, title: "Hijacked" })).status).toBe(403);
    expect((await submit(stranger, `${draftPath}/publish`, {})).status).toBe(403);
    expect((await stranger.get(`${draftPath}/edit`)).status).toBe(403);
    expect((await submit(anonymous(), `${draftPath}/publish`, {})).status).toBe(403);
    expect(await (await editor.get(draftPath)).text()).toContain('<span class="badge draft">Draft</span>');
  });

  test("publishing shows the practice on the city's page, the home page and as an Article", async () => {
    const { page } = await submitAndFollow(editor, `${draftPath}/publish`, {});
    expect(page).toContain("Published. It is now public");
    expect(page).toContain('<span class="badge published">Published</span>');
    expect(page).toContain(`action="${draftPath}/withdraw"`);

    const again = await submitAndFollow(editor, `${draftPath}/publish`, {});
    expect(again.page).toContain("This practice is already published.");

    const publicPage = await (await anonymous().get(draftPath)).text();
    expect(publicPage).toContain("Participatory budgeting");
    expect(publicPage).not.toContain(`action="${draftPath}/withdraw"`);
    expect(publicPage).not.toContain(`${draftPath}/edit`);

    const actorPage = await (await anonymous().get("/@paris")).text();
    expect(actorPage).toContain(`<a class="title" href="${draftPath}" lang="en">Participatory budgeting</a>`);
    expect(actorPage).toContain("Residents decide how 5% of the investment budget is spent.");
    expect(actorPage).not.toContain("New practice");
    expect(actorPage).not.toContain("<h2>Drafts</h2>");

    const home = await (await anonymous().get("/")).text();
    expect(home).toContain(`href="${draftPath}"`);

    const article = await anonymous().get(draftPath, activityJson);
    expect(article.status).toBe(200);
    expect(((await article.json()) as { type: string; name: string }).name).toBe("Participatory budgeting");

    // Edits of a published practice make versions too.
    const { page: edited } = await submitAndFollow(editor, draftPath, { ...fullForm, lessons: "Publish every result.", baseVersion: "2" });
    expect(edited).toContain("Saved as version 3. Followers on other servers are sent the update.");
  });

  test("withdrawing answers 410: a page for people, a Tombstone for servers", async () => {
    const { page } = await submitAndFollow(editor, `${draftPath}/withdraw`, {});
    expect(page).toContain("Withdrawn.");
    expect(page).toContain("This practice was withdrawn");

    const html = await anonymous().get(draftPath);
    expect(html.status).toBe(410);
    const text = await html.text();
    expect(text).toMatch(/withdrew it on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(text).not.toContain("Residents decide");

    const json = await anonymous().get(draftPath, activityJson);
    expect(json.status).toBe(410);
    expect(json.headers.get("Content-Type")).toContain("application/activity+json");
    const tombstone = (await json.json()) as Record<string, unknown>;
    // Fedify compacts formerType as "as:Article"; both forms name the same type.
    expect(tombstone).toMatchObject({ type: "Tombstone", id: plaza.url(draftPath), formerType: expect.stringMatching(/^(as:)?Article$/) });
    expect(typeof tombstone.deleted).toBe("string");
    expect((await anonymous().get(draftPath, 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"')).status).toBe(410);

    expect((await anonymous().get(`${draftPath}/versions`)).status).toBe(410);
    expect((await editor.get(`${draftPath}/versions`)).status).toBe(200);
    expect((await editor.get(`${draftPath}/edit`)).status).toBe(409);
    expect(await (await anonymous().get("/@paris")).text()).not.toContain(`href="${draftPath}"`);
  });

  test("a title and Markdown with markup come out escaped", async () => {
    const { location, page } = await submitAndFollow(editor, "/@lyon/practices", {
      ...minimalForm("<script>alert(1)</script>"),
      challenge: 'Raw HTML: <img src=x onerror=alert(1)> and [a link](javascript:alert(1)) <a href="x" onclick="y">z</a>',
    });
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("<script>alert(1)");
    expect(page).not.toMatch(/<img\b/i);
    expect(page).not.toMatch(/<[^>]+\sonerror=/i);
    expect(page).not.toMatch(/<[^>]+\sonclick=/i);
    expect(page).not.toContain('href="javascript:');
    const edit = await (await editor.get(`${location}/edit`)).text();
    expect(edit).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  test("contact details without consent stay out of the public history", async () => {
    const form = { ...minimalForm("Neighbourhood councils"), "contact.name": "Léa Private", "contact.email": "lea@lyon.example" };
    const { location } = await submitAndFollow(editor, "/@lyon/practices", form);
    await submitAndFollow(editor, `${location}/publish`, {});
    await submitAndFollow(editor, location, { ...form, "contact.email": "lea.private@lyon.example", baseVersion: "1" });
    const page = await (await anonymous().get(location)).text();
    expect(page).not.toContain("Léa Private");
    const publicDiff = await (await anonymous().get(`${location}/diff?from=1&to=2`)).text();
    expect(publicDiff).not.toContain("lea.private@lyon.example");
    expect(publicDiff).not.toContain("Léa Private");
    expect(publicDiff).toContain("No field differs");
    const editorDiff = await (await editor.get(`${location}/diff?from=1&to=2`)).text();
    expect(editorDiff).toContain('<pre class="after">Léa Private\nlea.private@lyon.example\nnot published</pre>');
  });

  test("the city's page lists published practices newest first, with older ones a page away", async () => {
    const paths: string[] = [];
    for (let i = 1; i <= 21; i++) {
      const { location } = await submitAndFollow(editor, "/@lyon/practices", minimalForm(`Lyon practice ${i}`));
      await submitAndFollow(editor, `${location}/publish`, {});
      paths.push(location);
    }
    const first = await (await anonymous().get("/@lyon")).text();
    expect(first).toContain(">Lyon practice 21<");
    expect(first).toContain(">Lyon practice 2<");
    expect(first).not.toContain(">Lyon practice 1<");
    const older = /<a href="(\/@lyon\?before=\d+)" rel="next">Older<\/a>/.exec(first)?.[1];
    expect(older).toBeDefined();
    const second = await (await anonymous().get(older ?? "")).text();
    expect(second).toContain(">Lyon practice 1<");
    expect(second).not.toContain(">Lyon practice 2<");
    expect(second).not.toContain("rel=\"next\"");
  });

  test("a city adapts another city's practice on the same server: the original lists it and its city is told", async () => {
    const { location: original } = await submitAndFollow(editor, "/@paris/practices", { ...minimalForm("Open data portal"), "place.city": "Paris" });
    await submitAndFollow(editor, `${original}/publish`, {});
    const publicId = original.replace("/practices/", "");
    const page = await (await editor.get(original)).text();
    expect(page).toContain(`href="/@lyon/practices/new?adapt=${publicId}"`);
    expect(page).not.toContain(`/@paris/practices/new?adapt=`);
    expect(await (await stranger.get(original)).text()).not.toContain("?adapt=");
    expect((await stranger.get(`/@lyon/practices/new?adapt=${publicId}`)).status).toBe(403);
    expect((await editor.get(`/@lyon/practices/new?adapt=${draftPath.replace("/practices/", "")}`)).status).toBe(404);

    const form = await (await editor.get(`/@lyon/practices/new?adapt=${publicId}`)).text();
    expect(form).toContain("Adapt “Open data portal” for Lyon");
    expect(form).toContain('name="provenance.basedOn" value="');
    expect(form).toContain("What your city changed");
    const { location: adaptation, page: adapted } = await submitAndFollow(editor, "/@lyon/practices", {
      ...minimalForm("Open data portal, Lyon"),
      "provenance.basedOn": plaza.url(original),
      "provenance.basedOnVersion": "1",
      "provenance.adaptationNotes": "Only the **transport** data to start with.",
    });
    expect(adapted).toContain("<strong>transport</strong>");
    await submitAndFollow(editor, `${adaptation}/publish`, {});
    const listed = await (await new Browser(plaza.origin).get(original)).text();
    expect(listed).toContain("Adapted by");
    expect(listed).toContain(`<a href="${adaptation}">Open data portal, Lyon</a> by Lyon`);
    expect(await (await editor.get("/notifications")).text()).toContain("adapted a practice of yours into");
  });

  test("a network's coordinator gathers practices in a collection; others may only look", async () => {
    expect((await stranger.submit("/@uclg/collections", { name: "Mine" })).status).toBe(403);
    expect((await editor.submit("/@paris/collections", { name: "Not a curator of Paris" })).status).toBe(403);
    const refused = await editor.submit("/@uclg/collections", { name: "" });
    expect(refused.status).toBe(303);
    expect(await (await editor.get(refused.headers.get("Location") ?? "")).text()).toContain("Give the collection a name.");
    const { location: collection } = await submitAndFollow(editor, "/@uclg/collections", { name: "Open data", summary: "Portals that people use." });
    expect((await (await new Browser(plaza.origin).get("/@uclg/collections")).text())).toContain(`<a class="title" href="${collection}">Open data</a>`);

    const { location: practice } = await submitAndFollow(editor, "/@paris/practices", { ...minimalForm("Open budget data"), "place.city": "Paris" });
    await submitAndFollow(editor, `${practice}/publish`, {});
    expect(await (await editor.get(practice)).text()).toContain("Add to a collection");
    expect(await (await stranger.get(practice)).text()).not.toContain("Add to a collection");
    const fields = { collection: collection.replace("/collections/", ""), practice: practice.replace("/practices/", ""), note: "Budget lines <b>explained</b>." };
    expect((await stranger.submit("/collections/add", fields)).status).toBe(403);
    await submitAndFollow(editor, "/collections/add", fields);
    const page = await (await new Browser(plaza.origin).get(collection)).text();
    expect(page).toContain(">Open budget data<");
    expect(page).toContain("Budget lines &lt;b&gt;explained&lt;/b&gt;.");
    expect(page).not.toContain("Take it out");
    const onPractice = await (await editor.get(practice)).text();
    expect(onPractice).toContain("In collections");
    expect(onPractice).not.toContain("Add to a collection");
    // Adding it twice says so.
    const again = await editor.submit("/collections/add", fields);
    expect(await (await editor.get(again.headers.get("Location") ?? "")).text()).toContain("is already in “Open data”");

    const itemId = /action="\/collections\/[a-z0-9]+\/items\/(\d+)\/remove"/.exec(await (await editor.get(collection)).text())?.[1];
    expect((await stranger.submit(`${collection}/items/${itemId}/remove`, {})).status).toBe(403);
    await submitAndFollow(editor, `${collection}/items/${itemId}/remove`, {});
    expect(await (await editor.get(collection)).text()).not.toContain(">Open budget data<");
    expect((await new Browser(plaza.origin).get("/collections/nothing")).status).toBe(404);

    // Renamed, then deleted, by its curators only.
    expect((await stranger.submit(collection, { name: "Taken over" })).status).toBe(403);
    const { page: renamed } = await submitAndFollow(editor, collection, { name: "Open data portals", summary: "Portals people use." });
    expect(renamed).toContain("<h1>Open data portals</h1>");
    const { page: blank } = await submitAndFollow(editor, collection, { name: " ", summary: "" });
    expect(blank).toContain("Give the collection a name.");
    expect(blank).toContain("<h1>Open data portals</h1>");
    expect((await stranger.submit(`${collection}/delete`, {})).status).toBe(403);
    const { location: afterDelete, page: list } = await submitAndFollow(editor, `${collection}/delete`, {});
    expect(afterDelete).toBe("/@uclg/collections");
    expect(list).toContain("“Open data portals” is deleted.");
    expect(list).not.toContain(`href="${collection}"`);
    expect((await new Browser(plaza.origin).get(collection)).status).toBe(404);
  });

  test("a city's practices are listed by publication: a draft written first and published last comes first", async () => {
    const { location: early } = await submitAndFollow(editor, "/@paris/practices", { ...minimalForm("Written first"), "place.city": "Paris" });
    const { location: late } = await submitAndFollow(editor, "/@paris/practices", { ...minimalForm("Written second"), "place.city": "Paris" });
    await submitAndFollow(editor, `${late}/publish`, {});
    await submitAndFollow(editor, `${early}/publish`, {});
    const page = await (await new Browser(plaza.origin).get("/@paris")).text();
    expect(page.indexOf(">Written first<")).toBeGreaterThan(-1);
    expect(page.indexOf(">Written first<")).toBeLessThan(page.indexOf(">Written second<"));
  });

  test("a member follows a city in their own name from its page, and stops", async () => {
    const page = await (await stranger.get("/@paris")).text();
    expect(page).toContain('action="/@bob/follow"');
    expect(page).toContain("Follow in your name");
    const { location, page: mine } = await submitAndFollow(stranger, "/@bob/follow", { handle: plaza.url("/@paris") });
    expect(location).toBe("/@bob");
    expect(mine).toContain("You now follow");
    expect(mine).toContain('href="https://');
    const again = await (await stranger.get("/@paris")).text();
    expect(again).toContain("Stop following in your name");
    expect(again).toMatch(/1 followers/);
    // Nobody else's follows: not another member's, not a city's without its admin role.
    expect((await stranger.submit("/@anne/follow", { handle: plaza.url("/@paris") })).status).toBe(403);
    expect((await stranger.submit("/@lyon/follow", { handle: plaza.url("/@paris") })).status).toBe(403);
    await submitAndFollow(stranger, "/@bob/unfollow", { actor: plaza.url("/@paris") });
    expect(await (await stranger.get("/@paris")).text()).toContain("Follow in your name");
  });

  test("anyone finds published practices by words and goal; the query is shown back escaped", async () => {
    const visitor = new Browser(plaza.origin);
    const empty = await (await visitor.get("/search")).text();
    expect(empty).toContain('<form method="get" action="/search"');
    expect(empty).not.toContain("practices found");
    const found = await (await visitor.get(`/search?q=${encodeURIComponent("budget data")}`)).text();
    expect(found).toContain(">Open budget data<");
    expect(found).not.toContain(">Written first<");
    const byGoal = await (await visitor.get("/search?goal=17")).text();
    expect(byGoal).toContain('<option value="17" selected="">');
    const hostile = await (await visitor.get(`/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(hostile).not.toContain("<script>alert(1)");
    expect(hostile).toContain("&lt;script&gt;");
    expect(hostile).toContain("No practice found");
    expect((await visitor.get("/")).status).toBe(200);
    expect(await (await visitor.get("/")).text()).toContain('href="/search"');
  });
});

describe("practices received from another server", () => {
  let paris: Instance;
  let seoul: Instance;

  beforeAll(async () => {
    [paris, seoul] = await Promise.all([
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "paris", name: "Paris" }],
          members: [{ email: "anne@paris.test", password, username: "anne", name: "Anne", roles: { paris: "editor" } }],
        },
      }),
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "seoul", name: "Seoul" }],
          members: [{ email: "min@seoul.test", password, username: "min", name: "Min", roles: { seoul: "admin" } }],
        },
      }),
    ]);
    await Promise.all([paris.start(), seoul.start()]);
  });

  afterAll(async () => {
    await Promise.all([paris?.destroy(), seoul?.destroy()]);
  });

  test("are listed on the home page and shown with the server they come from", async () => {
    const seoulAdmin = await seoul.signIn("min@seoul.test", password);
    const parisEditor = await paris.signIn("anne@paris.test", password);
    await seoulAdmin.submitAndFollow("/@seoul/follow", { handle: paris.handle("paris") });
    await eventually(async () => (await (await fetch(paris.url("/@paris"), { headers: { Accept: "text/html" } })).text()).includes("1 followers"));

    const { location } = await submitAndFollow(parisEditor, "/@paris/practices", fullForm);
    await submitAndFollow(parisEditor, `${location}/publish`, {});

    const localPath: string = await eventually(async () => {
      const home = await (await seoulAdmin.get("/")).text();
      const path = /<a class="title" href="(\/practices\/[a-z0-9]{10})" lang="en">Participatory budgeting<\/a>/.exec(home)?.[1];
      if (!path) throw new Error("not received yet");
      return path;
    });
    expect(localPath).not.toBe(location);
    const page = await (await seoulAdmin.get(localPath)).text();
    expect(page).toContain(`Published on ${paris.ip}: <a href="${paris.url(location)}">read it there</a>`);
    expect(page).toContain(paris.handle("paris"));
    expect(page).toContain("Voting opens at: <strong>10:30</strong>");
    // Seoul's admin cannot edit Paris's practice.
    expect(page).not.toContain(`${localPath}/edit`);
    expect((await submit(seoulAdmin, `${localPath}/withdraw`, {})).status).toBe(403);
  });
});
