import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Browser, Instance, eventually } from "../support/instance.ts";

const password = "correct horse battery";

describe("notifications and the home feed", () => {
  let lisbon: Instance;
  let porto: Instance;
  let lisbonAdmin: Browser;
  let portoAdmin: Browser;

  beforeAll(async () => {
    [lisbon, porto] = await Promise.all([
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "lisbon", name: "Lisbon" }, { kind: "city", username: "sintra", name: "Sintra", approveFollowers: true }],
          members: [{ email: "a@lisbon.test", password, username: "ana", name: "Ana", roles: { lisbon: "admin", sintra: "admin" } }],
        },
      }),
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "porto", name: "Porto" }],
          members: [{ email: "a@porto.test", password, username: "rui", name: "Rui", roles: { porto: "admin" } }],
        },
      }),
    ]);
    await Promise.all([lisbon.start(), porto.start()]);
    lisbonAdmin = await lisbon.signIn("a@lisbon.test", password);
    portoAdmin = await porto.signIn("a@porto.test", password);
  });

  afterAll(async () => {
    await Promise.all([lisbon?.destroy(), porto?.destroy()]);
  });

  const page = async (browser: Browser, path: string) => (await browser.get(path)).text();

  test("a city's admins are told of a new follower and of a follow request", async () => {
    await portoAdmin.submitAndFollow("/@porto/follow", { handle: lisbon.handle("lisbon") });
    await portoAdmin.submitAndFollow("/@porto/follow", { handle: lisbon.handle("sintra") });
    const notifications = await eventually(async () => {
      const html = await page(lisbonAdmin, "/notifications");
      return html.includes("now follows") && html.includes("asks to follow") ? html : false;
    });
    expect(notifications).toContain(porto.handle("porto"));
    expect(notifications).toContain("(new)");
    await lisbonAdmin.submit("/notifications/read", {});
    expect(await page(lisbonAdmin, "/notifications")).not.toContain("(new)");
  });

  test("the feed shows what the cities one belongs to follow, not others", async () => {
    const draft = await lisbonAdmin.submitBody(
      "/@lisbon/practices",
      new URLSearchParams({
        title: "Open council minutes",
        summary: "Every council decision is published within a day.",
        "place.city": "Lisbon",
        "place.country": "PT",
        challenge: "Decisions were hard to find.",
        solution: "Publish minutes online within a day.",
        completion: "complete",
        leadInstitution: "Lisbon City Council",
      }),
    );
    expect(draft.status).toBe(303);
    const practicePath = new URL(draft.headers.get("Location") ?? "", lisbon.origin).pathname;
    expect((await lisbonAdmin.submit(`${practicePath}/publish`, {})).status).toBe(303);
    const feed = await eventually(async () => {
      const html = await page(portoAdmin, "/feed");
      return html.includes("Open council minutes") ? html : false;
    });
    expect(feed).toContain(lisbon.handle("lisbon"));
    // Lisbon follows nobody: its feed is empty.
    expect(await page(lisbonAdmin, "/feed")).toContain("Nothing yet");
  });

  test("signed out, notifications and the feed ask to sign in", async () => {
    const response = await fetch(lisbon.url("/notifications"), { headers: { Accept: "text/html" } });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Sign in");
  });
});
