import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Browser, Instance, eventually, eventuallyFound } from "../support/instance.ts";

const password = "correct horse battery";

/** A card with a distinctive value in every field, so that each one can be found on the other side. */
const form = {
  title: "Participatory budget for climate projects",
  summary: "Residents propose and vote on climate projects funded from the city budget.",
  "place.city": "Lisbon",
  "place.region": "Lisbon Metropolitan Area",
  "place.country": "PT",
  "place.level": "local",
  "place.latitude": "38.7223",
  "place.longitude": "-9.1393",
  challenge: "Emissions kept rising while **trust** in the council fell.",
  solution: "A yearly vote on climate projects, with a budget reserved for them.",
  approach: "Assemblies in every parish, then an online vote.",
  innovation: "Children under sixteen vote too.",
  openGovernment: "major",
  openGovernmentNarrative: "Decisions once taken behind closed doors are now made in public.",
  lessons: "- Start small\n- Publish every result",
  sdgGoals: ["13"],
  sdgTargets: "11.3 16.7",
  themes: ["climate_action", "social_inclusion"],
  tags: "participatoryBudgeting lisbonVotes",
  ogpValues: ["civic_participation", "public_accountability"],
  completion: "substantial",
  "period.start": "2019-03",
  "period.end": "2022",
  leadInstitution: "Lisbon City Council, Climate Office",
  partners: "Parish councils\nUniversity of Lisbon",
  keyFigures: "Projects funded: 48\nVotes cast: 31,500",
  "contact.name": "Rita Climate",
  "contact.role": "Programme lead",
  "contact.email": "rita@lisbon.example",
  "contact.consent": "on",
  links: "Results | https://lisbon.example/results",
  language: "en",
  license: "CC-BY-4.0",
  "translations.es.title": "Presupuesto participativo para proyectos climáticos",
  "translations.es.summary": "Los vecinos proponen y votan proyectos climáticos.",
};

/** Every value that must reach the other servers, as a page shows it. */
const expectedOnPage = [
  "Participatory budget for climate projects",
  "Residents propose and vote on climate projects funded from the city budget.",
  "Lisbon Metropolitan Area",
  "Portugal",
  "<strong>trust</strong>",
  "A yearly vote on climate projects",
  "Assemblies in every parish",
  "Children under sixteen vote too.",
  "Major",
  "Decisions once taken behind closed doors",
  "Publish every result",
  "SDG 13",
  "Target 11.3",
  "Target 16.7",
  "Social inclusion",
  "Public accountability",
  "Substantial",
  "2019-03 – 2022",
  "Lisbon City Council, Climate Office",
  "University of Lisbon",
  "Votes cast: <strong>31,500</strong>",
  "rita@lisbon.example",
  "https://lisbon.example/results",
  "#participatoryBudgeting",
];

function formBody(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return body;
}

async function post(browser: Browser, pathname: string, fields: Record<string, string | string[]>): Promise<Response> {
  return browser.submitBody(pathname, formBody(fields));
}

/** The address of a practice on a server's home page, found by its title. */
async function practiceLinkOn(instance: Instance, title: string): Promise<string> {
  const html = await (await fetch(instance.url("/"), { headers: { Accept: "text/html" } })).text();
  const match = new RegExp(`href="(/practices/[a-z0-9]+)"[^>]*>${title}<`).exec(html);
  if (!match?.[1]) throw new Error(`"${title}" is not on the home page of ${instance.ip}`);
  return match[1];
}

describe("a practice published on one server reaches the servers that follow its city", () => {
  let lisbon: Instance;
  let seoul: Instance;
  let madrid: Instance;
  let editor: Browser;
  let practicePath: string;
  /** Seoul's adaptation of Lisbon's practice, on Seoul's server. */
  let adaptationPath: string;

  beforeAll(async () => {
    const admin = (email: string, username: string, city: string) => ({ email, password, username, name: username, roles: { [city]: "admin" as const } });
    [lisbon, seoul, madrid] = await Promise.all([
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "lisbon", name: "Lisbon" }],
          members: [{ email: "ed@lisbon.test", password, username: "ed", name: "Ed", roles: { lisbon: "editor" } }],
        },
      }),
      Instance.create({
        seed: {
          actors: [
            { kind: "city", username: "seoul", name: "Seoul" },
            { kind: "network", username: "ogp_local", name: "OGP Local" },
          ],
          members: [admin("a@seoul.test", "sa", "seoul"), { email: "c@seoul.test", password, username: "sc", name: "Coordinator", roles: { ogp_local: "coordinator" } }],
        },
      }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "madrid", name: "Madrid" }], members: [admin("a@madrid.test", "ma", "madrid")] } }),
    ]);
    await Promise.all([lisbon.start(), seoul.start(), madrid.start()]);
    editor = await lisbon.signIn("ed@lisbon.test", password);
    for (const [follower, city, email] of [[seoul, "seoul", "a@seoul.test"], [madrid, "madrid", "a@madrid.test"]] as const) {
      const admin = await follower.signIn(email, password);
      await admin.submitAndFollow(`/@${city}/follow`, { handle: lisbon.handle("lisbon") });
    }
    await eventually(async () => (await (await fetch(lisbon.url("/@lisbon"), { headers: { Accept: "text/html" } })).text()).includes("2 followers"));
  });

  afterAll(async () => {
    await Promise.all([lisbon?.destroy(), seoul?.destroy(), madrid?.destroy()]);
  });

  test("published on Lisbon's server, the card arrives on both followers' servers with every field", async () => {
    const created = await post(editor, "/@lisbon/practices", form);
    expect(created.status).toBe(303);
    practicePath = new URL(created.headers.get("Location") ?? "", lisbon.origin).pathname;
    const published = await editor.submit(`${practicePath}/publish`, {});
    expect(published.status).toBe(303);

    for (const follower of [seoul, madrid]) {
      const link = await eventually(() => practiceLinkOn(follower, form.title));
      const page = await (await fetch(follower.url(link), { headers: { Accept: "text/html" } })).text();
      for (const value of expectedOnPage) expect(page, `${value} on ${follower.ip}`).toContain(value);
      expect(page).toContain(lisbon.handle("lisbon"));
    }
  });

  test("an edit on Lisbon's server becomes version 2 on the followers' servers, with history", async () => {
    const edited = await post(editor, practicePath, { ...form, title: "Participatory budget for climate and housing", baseVersion: "1" });
    expect(edited.status).toBe(303);
    for (const follower of [seoul, madrid]) {
      const link = await eventually(() => practiceLinkOn(follower, "Participatory budget for climate and housing"));
      const history = await (await fetch(follower.url(`${link}/versions`), { headers: { Accept: "text/html" } })).text();
      expect(history).toContain("Version 2");
      expect(history).toContain("Version 1");
      const first = await (await fetch(follower.url(`${link}/versions/1`), { headers: { Accept: "text/html" } })).text();
      expect(first).toContain(form.title);
    }
  });

  test("Seoul adapts Lisbon's practice: the adaptation keeps its provenance, and Lisbon lists it and is told", async () => {
    const seoulAdmin = await seoul.signIn("a@seoul.test", password);
    const link = await practiceLinkOn(seoul, "Participatory budget for climate and housing");
    const page = await (await seoulAdmin.get(link)).text();
    const publicId = link.replace("/practices/", "");
    expect(page).toContain(`href="/@seoul/practices/new?adapt=${publicId}"`);
    // The form starts from Lisbon's card, without what belongs to Lisbon, and carries the provenance.
    const start = await (await seoulAdmin.get(`/@seoul/practices/new?adapt=${publicId}`)).text();
    const hidden = (name: string) => new RegExp(`name="${name.replace(".", "\\.")}" value="([^"]*)"`).exec(start)?.[1];
    expect(hidden("provenance.basedOn")).toBe(lisbon.url(practicePath));
    expect(hidden("provenance.basedOnVersion")).toBe("2");
    expect(start).toContain("Adapted from Lisbon&#39;s “Participatory budget for climate and housing”.");
    expect(start).not.toContain("rita@lisbon.example");

    const adapted = await post(seoulAdmin, "/@seoul/practices", {
      ...form,
      title: "Climate budget for Seoul's districts",
      summary: "Adapted from Lisbon: residents of each district vote on climate projects.",
      "place.city": "Seoul",
      "place.region": "",
      "place.country": "KR",
      "place.latitude": "",
      "place.longitude": "",
      leadInstitution: "Seoul Metropolitan Government",
      "contact.name": "",
      "contact.role": "",
      "contact.email": "",
      "contact.consent": "",
      "provenance.basedOn": hidden("provenance.basedOn") ?? "",
      "provenance.basedOnVersion": hidden("provenance.basedOnVersion") ?? "",
      "provenance.adaptationNotes": "Districts instead of parishes; no vote under sixteen.",
    });
    expect(adapted.status).toBe(303);
    adaptationPath = new URL(adapted.headers.get("Location") ?? "", seoul.origin).pathname;
    expect((await seoulAdmin.submit(`${adaptationPath}/publish`, {})).status).toBe(303);

    // On the wire: isBasedOn, the version taken, and a FEP-e232 link to the original.
    const article = (await (await fetch(seoul.url(adaptationPath), { headers: { Accept: "application/activity+json" } })).json()) as Record<string, unknown>;
    expect(article.isBasedOn).toBe(lisbon.url(practicePath));
    expect(article.basedOnVersion).toBe(2);
    expect(article.adaptationNotes).toBe("Districts instead of parishes; no vote under sixteen.");
    expect(article.tag).toContainEqual(expect.objectContaining({ type: "Link", href: lisbon.url(practicePath) }));

    // Lisbon does not follow Seoul, yet its server gets the adaptation, lists it and tells Lisbon's editors.
    const original = (await (await fetch(lisbon.url(practicePath), { headers: { Accept: "application/activity+json" } })).json()) as { forks: string };
    expect(original.forks).toBe(lisbon.url(`${practicePath}/forks`));
    const forks = await eventuallyFound(async () => {
      const collection = (await (await fetch(original.forks, { headers: { Accept: "application/activity+json" } })).json()) as { totalItems: number; orderedItems?: unknown };
      return collection.totalItems === 1 ? collection : undefined;
    });
    expect([forks.orderedItems].flat()).toEqual([seoul.url(adaptationPath)]);
    const lisbonPage = await (await editor.get(practicePath)).text();
    expect(lisbonPage).toContain("Adapted by");
    expect(lisbonPage).toContain("Climate budget for Seoul&#39;s districts");
    const told = await (await editor.get("/notifications")).text();
    expect(told).toContain("adapted a practice of yours into");
    // Lisbon's editors may adapt other cities' practices, not their own.
    expect(lisbonPage).not.toContain("?adapt=");
  });

  test("OGP Local, a network on Seoul's server, curates Lisbon's practice: Lisbon's server hears of it and counts the share", async () => {
    const coordinator = await seoul.signIn("c@seoul.test", password);
    const created = await coordinator.submit("/@ogp_local/collections", { name: "Climate budgets", summary: "Cities that let residents decide on climate spending." });
    expect(created.status).toBe(303);
    const collectionPath = new URL(created.headers.get("Location") ?? "", seoul.origin).pathname;
    const link = await practiceLinkOn(seoul, "Participatory budget for climate and housing");
    const page = await (await coordinator.get(link)).text();
    expect(page).toContain("Add to a collection");
    const added = await coordinator.submit("/collections/add", {
      collection: collectionPath.replace("/collections/", ""),
      practice: link.replace("/practices/", ""),
      note: "The first of its kind in Europe.",
    });
    expect(added.status).toBe(303);

    // The collection, as other servers read it, and as people read it.
    const collection = (await (await fetch(seoul.url(collectionPath), { headers: { Accept: "application/activity+json" } })).json()) as Record<string, unknown>;
    expect(collection).toMatchObject({ type: "OrderedCollection", name: "Climate budgets", attributedTo: seoul.url("/@ogp_local"), totalItems: 1 });
    expect([collection.orderedItems].flat()).toEqual([lisbon.url(practicePath)]);
    const html = await (await fetch(seoul.url(collectionPath), { headers: { Accept: "text/html" } })).text();
    expect(html).toContain("The first of its kind in Europe.");
    expect(html).toContain("Participatory budget for climate and housing");

    // Lisbon's server: its editors are told, and the network's Announce counts as a share.
    await eventually(async () => (await (await editor.get("/notifications")).text()).includes("added to one of its collections"));
    const shares = async () =>
      ((await (await fetch(lisbon.url(`${practicePath}/shares`), { headers: { Accept: "application/activity+json" } })).json()) as { totalItems: number }).totalItems;
    await eventually(async () => (await shares()) === 1);

    // Taken out again: Remove, and the share undone.
    const itemId = /action="\/collections\/[a-z0-9]+\/items\/(\d+)\/remove"/.exec(await (await coordinator.get(collectionPath)).text())?.[1];
    expect(itemId).toBeDefined();
    expect((await coordinator.submit(`${collectionPath}/items/${itemId}/remove`, {})).status).toBe(303);
    await eventually(async () => (await shares()) === 0);
    const emptied = (await (await fetch(seoul.url(collectionPath), { headers: { Accept: "application/activity+json" } })).json()) as { totalItems: number };
    expect(emptied.totalItems).toBe(0);
  });

  test("Madrid follows OGP Local only: what the network curates reaches Madrid's feed, fetched from its own server", async () => {
    const madridAdmin = await madrid.signIn("a@madrid.test", password);
    await madridAdmin.submitAndFollow("/@madrid/follow", { handle: seoul.handle("ogp_local") });
    await eventually(async () => (await (await fetch(seoul.url("/@ogp_local"), { headers: { Accept: "text/html" } })).text()).includes("1 followers"));
    // Madrid follows Lisbon, not Seoul: it has never seen Seoul's adaptation.
    expect(await (await fetch(madrid.url("/"), { headers: { Accept: "text/html" } })).text()).not.toContain("Climate budget for Seoul");

    const coordinator = await seoul.signIn("c@seoul.test", password);
    const created = await coordinator.submit("/@ogp_local/collections", { name: "Adapted in Asia", summary: "" });
    const collection = new URL(created.headers.get("Location") ?? "", seoul.origin).pathname;
    const added = await coordinator.submit("/collections/add", {
      collection: collection.replace("/collections/", ""),
      practice: adaptationPath.replace("/practices/", ""),
      note: "",
    });
    expect(added.status).toBe(303);

    const feed = await eventually(async () => {
      const page = await (await madridAdmin.get("/feed")).text();
      return page.includes("Climate budget for Seoul&#39;s districts") ? page : false;
    });
    expect(feed).toContain("OGP Local");
    expect(feed).toContain("Shared Seoul&#39;s practice");
    // Kept whole, with its provenance, as if Madrid followed Seoul.
    const link = await practiceLinkOn(madrid, "Climate budget for Seoul&#39;s districts");
    const kept = await (await fetch(madrid.url(link), { headers: { Accept: "text/html" } })).text();
    expect(kept).toContain("Districts instead of parishes");
  });

  test("a withdrawal on Lisbon's server takes the card down on the followers' servers", async () => {
    const link = await practiceLinkOn(seoul, "Participatory budget for climate and housing");
    const withdrawn = await editor.submit(`${practicePath}/withdraw`, {});
    expect(withdrawn.status).toBe(303);
    await eventually(async () => (await fetch(seoul.url(link), { headers: { Accept: "text/html" } })).status === 410);
    await eventually(async () => !(await (await fetch(madrid.url("/"), { headers: { Accept: "text/html" } })).text()).includes("climate and housing"));
    const gone = await fetch(lisbon.url(practicePath), { headers: { Accept: "application/activity+json" } });
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { type: string }).type).toBe("Tombstone");
  });
});
