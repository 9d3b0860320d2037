import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Browser, Instance, eventually } from "../support/instance.ts";

const password = "correct horse battery";
const activityJson = "application/activity+json";

async function collection(instance: Instance, pathname: string): Promise<{ totalItems: number; items: string[] }> {
  const response = await fetch(instance.url(pathname), { headers: { Accept: activityJson } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { totalItems: number; first?: string | { orderedItems?: string[] } };
  let first = body.first;
  if (typeof first === "string") {
    first = (await (await fetch(first, { headers: { Accept: activityJson } })).json()) as { orderedItems?: string[] };
  }
  const items = first?.orderedItems ?? [];
  return { totalItems: body.totalItems, items: Array.isArray(items) ? items : [items] };
}

describe("following across servers", () => {
  let paris: Instance;
  let seoul: Instance;
  let madrid: Instance;
  let parisAdmin: Browser;
  let madridAdmin: Browser;

  beforeAll(async () => {
    [paris, seoul, madrid] = await Promise.all([
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "paris", name: "Paris" }],
          members: [{ email: "anne@paris.test", password, username: "anne", name: "Anne", roles: { paris: "admin" } }],
        },
      }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "seoul", name: "Seoul" }] } }),
      Instance.create({
        seed: {
          actors: [{ kind: "city", username: "madrid", name: "Madrid", approveFollowers: true }],
          members: [{ email: "marta@madrid.test", password, username: "marta", name: "Marta", roles: { madrid: "admin" } }],
        },
      }),
    ]);
    await Promise.all([paris.start(), seoul.start(), madrid.start()]);
    parisAdmin = await paris.signIn("anne@paris.test", password);
    madridAdmin = await madrid.signIn("marta@madrid.test", password);
  });

  afterAll(async () => {
    await Promise.all([paris?.destroy(), seoul?.destroy(), madrid?.destroy()]);
  });

  test("a city follows another by handle; the followed side accepts automatically", async () => {
    const page = await parisAdmin.submitAndFollow("/@paris/follow", { handle: seoul.handle("seoul") });
    expect(page).toContain(`Follow request sent to ${seoul.handle("seoul")}`);

    await eventually(async () => (await collection(seoul, "/@seoul/followers")).items.includes(paris.url("/@paris")));
    await eventually(async () => (await collection(paris, "/@paris/following")).items.includes(seoul.url("/@seoul")));
    expect((await collection(paris, "/@paris/following")).totalItems).toBe(1);

    const seoulPage = await (await fetch(seoul.url("/@seoul"), { headers: { Accept: "text/html" } })).text();
    expect(seoulPage).toContain("1 followers");
    expect(seoulPage).toContain(paris.handle("paris"));
  });

  test("a city that approves followers by hand keeps the request pending until its admin approves", async () => {
    await parisAdmin.submitAndFollow("/@paris/follow", { handle: madrid.handle("madrid") });
    await eventually(async () => (await madridAdmin.get("/@madrid").then((r) => r.text())).includes("Approve"));
    expect((await collection(madrid, "/@madrid/followers")).totalItems).toBe(0);
    expect(await parisAdmin.get("/@paris").then((r) => r.text())).toContain("Waiting for approval");

    const approved = await madridAdmin.submitAndFollow("/@madrid/followers/approve", { actor: paris.url("/@paris") });
    expect(approved).toContain("Follow request approved.");
    expect((await collection(madrid, "/@madrid/followers")).items).toEqual([paris.url("/@paris")]);
    await eventually(async () => (await collection(paris, "/@paris/following")).items.includes(madrid.url("/@madrid")));
  });

  test("a rejected follow request disappears on both sides", async () => {
    const requester = await Instance.create({ seed: {
      actors: [{ kind: "network", username: "uclg", name: "UCLG" }],
      members: [{ email: "coord@uclg.test", password, username: "coord", name: "Coordinator", roles: { uclg: "admin" } }],
    } });
    try {
      await requester.start();
      const coordinator = await requester.signIn("coord@uclg.test", password);
      await coordinator.submitAndFollow("/@uclg/follow", { handle: madrid.handle("madrid") });
      await eventually(async () => (await madridAdmin.get("/@madrid").then((r) => r.text())).includes(requester.handle("uclg")));
      await madridAdmin.submitAndFollow("/@madrid/followers/reject", { actor: requester.url("/@uclg") });
      await eventually(async () => !(await coordinator.get("/@uclg").then((r) => r.text())).includes("Waiting for approval"));
      expect((await collection(requester, "/@uclg/following")).totalItems).toBe(0);
    } finally {
      await requester.destroy();
    }
  });

  test("unfollowing sends Undo and the follower disappears from the other side", async () => {
    await eventually(async () => (await collection(seoul, "/@seoul/followers")).totalItems === 1);
    const page = await parisAdmin.submitAndFollow("/@paris/unfollow", { actor: seoul.url("/@seoul") });
    expect(page).toContain("Unfollowed.");
    await eventually(async () => (await collection(seoul, "/@seoul/followers")).totalItems === 0);
    expect((await collection(paris, "/@paris/following")).items).not.toContain(seoul.url("/@seoul"));
  });

  test("a handle that leads nowhere gets a message a person can act on", async () => {
    const page = await parisAdmin.submitAndFollow("/@paris/follow", { handle: `@nobody@${seoul.ip}` });
    expect(page).toContain(`No account was found at @nobody@${seoul.ip}`);
    const typo = await parisAdmin.submitAndFollow("/@paris/follow", { handle: "seoul" });
    expect(typo).toContain("is not a handle");
  });

  test("only an admin of the city may change whom it follows", async () => {
    const stranger = new Browser(paris.origin);
    const response = await stranger.submit("/@paris/follow", { handle: seoul.handle("seoul") });
    expect(response.status).toBe(403);
    expect((await collection(paris, "/@paris/following")).items).not.toContain(seoul.url("/@seoul"));
  });

  test("a restart keeps every follow", async () => {
    const before = await collection(madrid, "/@madrid/followers");
    await madrid.stop();
    await madrid.start();
    expect(await collection(madrid, "/@madrid/followers")).toEqual(before);
    expect(before.items).toEqual([paris.url("/@paris")]);
  });
});
