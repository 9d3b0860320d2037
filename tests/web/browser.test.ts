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
        actors: [{ kind: "city", username: "montevideo", name: "Montevideo" }],
        members: [{ email: "ines@montevideo.test", password, username: "ines", name: "Inés", roles: { montevideo: "editor" } }],
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

  test("an editor signs in, writes a practice, is told of a mistake next to its field, fixes it and publishes", async () => {
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
    const shot = path.join(await mkdtemp(path.join(tmpdir(), "plaza-shot-")), "practice.png");
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
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
