import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Instance } from "../support/instance.ts";

const chromiumPath = "/usr/bin/chromium";
const password = "correct horse battery";

/** A city official's first practice, typed into the real form of a real browser (Debian's Chromium). */
describe("in a real browser", () => {
  let instance: Instance;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Debian's chromium (.ci/run does).`);
    instance = await Instance.create({
      seed: {
        actors: [
          { kind: "city", username: "montevideo", name: "Montevideo" },
          { kind: "city", username: "canelones", name: "Canelones" },
          { kind: "network", username: "mercociudades", name: "Mercociudades" },
        ],
        members: [
          {
            email: "ines@montevideo.test",
            password,
            username: "ines",
            name: "Inés",
            roles: { montevideo: "editor", canelones: "editor", mercociudades: "coordinator" },
          },
        ],
      },
    });
    await instance.start();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      // As root in a sandbox-less container, and with no network beyond loopback.
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await instance?.destroy();
  });

  let practiceUrl = "";

  /** Inés, signed in, in a fresh browser context; `errors` collects the page's script errors. */
  async function signedInPage() {
    // The test CA is not in Chromium's store; everything else about TLS is real.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(instance.url("/sign-in"));
    await page.getByLabel("Email").fill("ines@montevideo.test");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("You are signed in.")).toBeVisibleSoon();
    return { context, page, errors };
  }

  test("an editor signs in, writes a practice, is told of a mistake next to its field, fixes it and publishes", async () => {
    const { context, page, errors } = await signedInPage();

    await page.goto(instance.url("/@montevideo/practices/new"));
    await page.getByLabel("Title (required)", { exact: true }).fill("Open budget for every neighbourhood");
    await page.getByLabel("Summary (required)", { exact: true }).fill("Each neighbourhood decides how a part of the budget is spent, and sees the results.");
    await page.getByLabel("City (required)", { exact: true }).fill("Montevideo");
    await page.getByLabel("Country (required)", { exact: true }).fill("XX");
    await page.getByLabel("Challenge (required)", { exact: true }).fill("Residents did not see where the money went.");
    await page.getByLabel("Solution (required)", { exact: true }).fill("A yearly vote per neighbourhood, with **public results**.");
    await page.getByLabel("Lead institution (required)", { exact: true }).fill("Intendencia de Montevideo");
    await page.getByLabel(/^Completion/).selectOption("substantial");
    await page.locator("form button[type=submit]").last().click();
    // The server marks the mistake next to its field and keeps everything that was typed.
    await expect(page.getByText(/"XX" is not an ISO 3166-1 country code/).first()).toBeVisibleSoon();
    expect(await page.getByLabel("Title (required)", { exact: true }).inputValue()).toBe("Open budget for every neighbourhood");

    await page.getByLabel("Country (required)", { exact: true }).fill("UY");
    await page.locator("form button[type=submit]").last().click();
    await page.waitForURL(/\/practices\/[a-z0-9]+$/);
    expect(await page.content()).toContain("<strong>public results</strong>");
    expect(await page.content()).toContain("Uruguay");

    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText(/published/i).first()).toBeVisibleSoon();
    practiceUrl = page.url();
    const shot = path.join(await mkdtemp(path.join(tmpdir(), "plaza-shot-")), "practice.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("a neighbouring city adapts the practice, and a network adds it to a collection", async () => {
    const { context, page, errors } = await signedInPage();
    await page.goto(practiceUrl);
    await page.getByRole("link", { name: "Adapt it for Canelones" }).click();
    // The form starts from Montevideo's card, made Canelones's.
    expect(await page.getByLabel("Title (required)", { exact: true }).inputValue()).toBe("Open budget for every neighbourhood");
    expect(await page.getByLabel("City (required)", { exact: true }).inputValue()).toBe("Canelones");
    expect(await page.getByLabel("Summary (required)", { exact: true }).inputValue()).toMatch(/^Adapted from Montevideo's “Open budget for every neighbourhood”\./);
    await page.getByLabel("Country (required)", { exact: true }).fill("UY");
    await page.getByLabel("Lead institution (required)", { exact: true }).fill("Intendencia de Canelones");
    await page.getByLabel(/^What your city changed/).fill("One vote for the whole department, not per neighbourhood.");
    await page.locator("form.practice-form button[type=submit]").last().click();
    await page.waitForURL(/\/practices\/[a-z0-9]+$/);
    expect(await page.content()).toContain("One vote for the whole department");
    await page.getByRole("button", { name: "Publish" }).click();
    await expect(page.getByText(/published/i).first()).toBeVisibleSoon();

    await page.goto(practiceUrl);
    await expect(page.getByRole("heading", { name: "Adapted by" })).toBeVisibleSoon();

    await page.goto(instance.url("/@mercociudades/collections"));
    await page.getByLabel("Name").fill("Participatory budgets");
    await page.getByLabel(/^What it gathers/).fill("How our cities let residents decide.");
    await page.getByRole("button", { name: "Create the collection" }).click();
    await expect(page.getByText(/is ready/)).toBeVisibleSoon();
    await page.goto(practiceUrl);
    await page.getByLabel("Collection").selectOption({ label: "Participatory budgets (Mercociudades)" });
    await page.getByLabel(/^Why it belongs there/).fill("The first in the region.");
    await page.getByRole("button", { name: "Add it" }).click();
    await expect(page.getByText(/Added to “Participatory budgets”/)).toBeVisibleSoon();
    await page.getByRole("link", { name: "Participatory budgets" }).click();
    await expect(page.getByText("The first in the region.")).toBeVisibleSoon();
    expect(errors).toEqual([]);
    await context.close();
  });
});

declare module "vitest" {
  interface Assertion {
    toBeVisibleSoon(): Promise<void>;
  }
}

expect.extend({
  async toBeVisibleSoon(locator: { waitFor(options: { state: "visible"; timeout: number }): Promise<void> }) {
    try {
      await locator.waitFor({ state: "visible", timeout: 10_000 });
      return { pass: true, message: () => "visible" };
    } catch (error) {
      return { pass: false, message: () => `not visible within 10 s: ${String(error)}` };
    }
  },
});
