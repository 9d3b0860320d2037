import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { upsertRemoteActor } from "../../src/actors/store.ts";
import { receivePractice } from "../../src/practices/remote.ts";
import { validateCard } from "../../src/practices/validation.ts";
import { InProcessPlaza } from "../support/in-process.ts";
import type { Browser } from "../support/instance.ts";

const password = "correct horse battery";

type Fields = Record<string, string | readonly string[]>;

function practiceForm(title: string, extra: Fields = {}): Fields {
  return {
    title,
    summary: `${title}: a summary.`,
    "place.city": "Lyon",
    "place.country": "FR",
    challenge: "A challenge.",
    solution: "A solution.",
    leadInstitution: "City of Lyon",
    completion: "complete",
    ...extra,
  };
}

/** The paths of the practices a listing links to, in order. */
const listed = (page: string) => [...page.matchAll(/<a class="title" href="(\/practices\/[a-z0-9]{10})"/g)].map((m) => m[1]);

describe("hashtag pages", () => {
  let plaza: InProcessPlaza;
  let editor: Browser;
  const get = (pathname: string, accept = "text/html") => fetch(plaza.url(pathname), { headers: { Accept: accept } });
  const page = async (pathname: string) => {
    const response = await get(pathname);
    expect(response.status, pathname).toBe(200);
    return response.text();
  };

  /** Writes a practice through the form; publishes it unless told not to. Returns its path. */
  async function practice(title: string, extra: Fields = {}, publish = true): Promise<string> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(practiceForm(title, extra))) for (const v of typeof value === "string" ? [value] : value) body.append(name, v);
    const created = await editor.submitBody("/@lyon/practices", body);
    const location = created.headers.get("Location");
    if (created.status !== 303 || !location) throw new Error(`saving ${title} gave ${created.status}: ${await created.text()}`);
    if (publish) {
      const published = await editor.submit(`${location}/publish`, {});
      if (published.status !== 303) throw new Error(`publishing ${title} gave ${published.status}`);
    }
    return location;
  }

  let cities = "";
  let noGoal = "";
  let climate = "";
  let freeTag = "";

  beforeAll(async () => {
    plaza = await InProcessPlaza.start();
    await plaza.createActor("city", "lyon", "Lyon");
    await plaza.createMember({ email: "anne@lyon.test", password, username: "anne", name: "Anne", roles: { lyon: "editor" } });
    editor = await plaza.signIn("anne@lyon.test", password);
    cities = await practice("Neighbourhood plans", { sdgGoals: ["11"] });
    noGoal = await practice("Open council minutes", { sdgGoals: ["16"] });
    climate = await practice("Heat plan", { themes: ["climate_action"], sdgGoals: ["13"] });
    freeTag = await practice("Open data portal", { tags: "openData ÉcoleOuverte" });
  });

  afterAll(async () => {
    await plaza?.stop();
  });

  test("an SDG hashtag lists the practices with that goal, named by the goal's short title", async () => {
    const sdg11 = await page("/tags/SDG11");
    expect(sdg11).toContain("<title>#SDG11 · Plaza</title>");
    expect(sdg11).toContain('<h1 class="hashtag">#SDG11</h1>');
    expect(sdg11).toContain("Sustainable Development Goal 11: Sustainable cities and communities");
    expect(listed(sdg11)).toEqual([cities]);
    // Hashtags ignore case, as on Mastodon.
    expect(listed(await page("/tags/sdg11"))).toEqual([cities]);
    expect(listed(await page("/tags/SDG16"))).toEqual([noGoal]);
    // SDG1 is not SDG11.
    expect(listed(await page("/tags/SDG1"))).toEqual([]);
  });

  test("a theme is found by its CamelCase hashtag in any case", async () => {
    for (const name of ["ClimateAction", "climateaction", "CLIMATEACTION"]) {
      const found = await page(`/tags/${name}`);
      expect(listed(found), name).toEqual([climate]);
      expect(found).toContain('<h1 class="hashtag">#ClimateAction</h1>');
      expect(found).toContain("Theme: Climate action");
    }
    // The theme's stored value is not a hashtag of the card.
    expect(listed(await page("/tags/climate_action"))).toEqual([]);
  });

  test("a free tag is found in any case, letters beyond ASCII included", async () => {
    expect(listed(await page("/tags/openData"))).toEqual([freeTag]);
    expect(listed(await page("/tags/OPENDATA"))).toEqual([freeTag]);
    expect(listed(await page(`/tags/${encodeURIComponent("écoleouverte")}`))).toEqual([freeTag]);
    const nothing = await page("/tags/nobodyUsesThis");
    expect(listed(nothing)).toEqual([]);
    expect(nothing).toContain("No published practice carries #nobodyUsesThis yet.");
  });

  test("the card page links each hashtag to its page", async () => {
    const card = await page(freeTag);
    expect(card).toContain('<a href="/tags/openData">#openData</a>');
    expect(card).toContain(`<a href="/tags/${encodeURIComponent("ÉcoleOuverte")}">#ÉcoleOuverte</a>`);
    const sdg = await page(cities);
    expect(sdg).toContain('<a href="/tags/SDG11">#SDG11</a>');
  });

  test("a name that cannot be a hashtag is not found", async () => {
    for (const name of ["open-data", "open%20data", "%23openData", "a".repeat(51), "open.data", "%3Cscript%3E"]) {
      const response = await get(`/tags/${name}`);
      expect(response.status, name).toBe(404);
      expect(await response.text()).not.toContain("<script>");
    }
    expect((await get(`/tags/${"a".repeat(50)}`)).status).toBe(200);
  });

  test("hashtags are not served as ActivityPub collections yet", async () => {
    const json = await get("/tags/SDG11", "application/activity+json");
    expect(json.status).toBe(404);
    expect(json.headers.get("Vary")).toContain("Accept");
    expect(await json.json()).toEqual({ error: "Hashtags are not published as ActivityPub collections on this server." });
    expect((await get("/tags/SDG11")).headers.get("Vary")).toContain("Accept");
    expect((await get("/tags/SDG11", 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"')).status).toBe(404);
  });

  test("a draft never appears, a withdrawn practice disappears", async () => {
    const draft = await practice("Draft plan", { tags: "draftsOnly" }, false);
    expect(listed(await page("/tags/draftsOnly"))).toEqual([]);
    const signedIn = await (await editor.get("/tags/draftsOnly")).text();
    expect(signedIn).not.toContain(draft);

    const withdrawn = await practice("Short-lived plan", { tags: "shortLived" });
    expect(listed(await page("/tags/shortLived"))).toEqual([withdrawn]);
    expect((await editor.submit(`${withdrawn}/withdraw`, {})).status).toBe(303);
    expect(listed(await page("/tags/shortLived"))).toEqual([]);
  });

  test("practices received from other servers are listed with their owner", async () => {
    const owner = await upsertRemoteActor(plaza.db, {
      iri: "https://plaza.seoul.example/@seoul",
      type: "Organization",
      username: "seoul",
      host: "plaza.seoul.example",
      name: "Seoul",
      summary: "",
      url: "https://plaza.seoul.example/@seoul",
      inboxUrl: "https://plaza.seoul.example/@seoul/inbox",
      sharedInboxUrl: null,
      followersUrl: null,
      manuallyApprovesFollowers: false,
    });
    const validation = validateCard({
      title: "Seoul's open data plaza",
      summary: "Every dataset of the city in one place.",
      place: { city: "Seoul", country: "KR" },
      challenge: "Scattered data.",
      solution: "One portal.",
      leadInstitution: "Seoul Metropolitan Government",
      completion: "complete",
      sdgGoals: ["11"],
      tags: ["OpenData"],
    });
    if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
    await receivePractice(plaza.db, {
      iri: "https://plaza.seoul.example/practices/open-data",
      ownerId: owner.id,
      url: "https://plaza.seoul.example/practices/open-data",
      publishedAt: new Date(),
      updatedAt: null,
      card: validation.card,
    });
    const tagged = await page("/tags/opendata");
    expect(tagged).toContain("Seoul&#39;s open data plaza");
    expect(tagged).toContain("@seoul@plaza.seoul.example");
    // Newest first: Seoul's arrived after Lyon's.
    const [first, second] = listed(tagged);
    expect(second).toBe(freeTag);
    expect(first).not.toBe(freeTag);
    expect(listed(await page("/tags/SDG11"))).toEqual([first, cities]);
  });

  test("a long list is paged, newest first, with older ones a page away", async () => {
    const paths: string[] = [];
    for (let i = 1; i <= 21; i++) paths.push(await practice(`Paged practice ${i}`, { tags: "paged" }));
    const first = await page("/tags/PAGED");
    expect(listed(first)).toEqual(paths.slice(1).reverse());
    const older = /<a href="(\/tags\/PAGED\?before=\d+)" rel="next">Older<\/a>/.exec(first)?.[1];
    expect(older).toBeDefined();
    const second = await page(older ?? "");
    expect(listed(second)).toEqual([paths[0]]);
    expect(second).not.toContain('rel="next"');
    // A cursor that is not a number is ignored.
    expect(listed(await page("/tags/paged?before=abc"))).toEqual(paths.slice(1).reverse());
    // Nor is one beyond an SQL integer, here and on the city's page, which pages the same way.
    expect((await get("/tags/paged?before=99999999999")).status).toBe(200);
    expect((await get("/@lyon?before=99999999999")).status).toBe(200);
  });
});
