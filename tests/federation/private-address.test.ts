import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Browser, Instance } from "../support/instance.ts";
import { activityJson } from "../support/signing.ts";

const password = "correct horse battery";

async function totalItems(instance: Instance, pathname: string): Promise<number> {
  const response = await fetch(instance.url(pathname), { headers: { Accept: activityJson } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { totalItems: number }).totalItems;
}

/**
 * DESIGN.md §4: outside development and tests a server never fetches private or loopback addresses
 * (SSRF). `guarded` runs as in production (PLAZA_ALLOW_PRIVATE_ADDRESS=false); `seoul` is a real Plaza
 * server on a loopback address that the guarded server must refuse to reach.
 */
describe("a server that does not allow private addresses", () => {
  let guarded: Instance;
  let seoul: Instance;
  let admin: Browser;

  beforeAll(async () => {
    [guarded, seoul] = await Promise.all([
      Instance.create({
        env: { PLAZA_ALLOW_PRIVATE_ADDRESS: "false" },
        seed: {
          actors: [{ kind: "city", username: "paris", name: "Paris" }],
          members: [{ email: "anne@paris.test", password, username: "anne", name: "Anne", roles: { paris: "admin" } }],
        },
      }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "seoul", name: "Seoul" }] } }),
    ]);
    await Promise.all([guarded.start(), seoul.start()]);
    admin = await guarded.signIn("anne@paris.test", password);
  });

  afterAll(async () => {
    await Promise.all([guarded?.destroy(), seoul?.destroy()]);
  });

  test.each([
    { label: "a handle", target: () => seoul.handle("seoul") },
    { label: "an actor URL", target: () => seoul.url("/@seoul") },
  ])("refuses to follow $label on a loopback address, with a message for the admin and no follow recorded", async ({ target }) => {
    // The target is really there: this server is refused for where it is, not because it is missing.
    expect((await fetch(seoul.url("/@seoul"), { headers: { Accept: activityJson } })).status).toBe(200);

    const response = await admin.submit("/@paris/follow", { handle: target() });
    expect(response.status).toBe(303);
    const page = await (await admin.get(response.headers.get("Location")!)).text();
    expect(page).toMatch(/class="flash error"/);
    expect(page).toContain(target());
    expect(page).toContain("private network address");
    expect(page).not.toContain("Follow request sent");
    expect(page).not.toContain("Waiting for approval");
    // …and it was refused for its address (Fedify logs why), not because the lookup failed for another reason.
    expect(guarded.log).toMatch(/private (address|URL)[^\n]*127\./i);

    expect(await totalItems(guarded, "/@paris/following")).toBe(0);
    // Nothing reached the other side either.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await totalItems(seoul, "/@seoul/followers")).toBe(0);
    const seoulPage = await (await fetch(seoul.url("/@seoul"), { headers: { Accept: "text/html" } })).text();
    expect(seoulPage).toContain("0 followers");
  });
});
