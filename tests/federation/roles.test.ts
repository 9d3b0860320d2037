import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testBackend } from "../support/database.ts";
import { type Browser, Instance, eventually } from "../support/instance.ts";

const password = "correct horse battery";

async function followingCount(instance: Instance, username: string): Promise<number> {
  const response = await fetch(instance.url(`/@${username}/following`), { headers: { Accept: "application/activity+json" } });
  return ((await response.json()) as { totalItems: number }).totalItems;
}

// Separate web and worker processes share one PostgreSQL server; the embedded database serves one process.
describe.runIf(testBackend === "postgres")("a web process and a worker process on one PostgreSQL", () => {
  let split: Instance;
  let peer: Instance;
  let admin: Browser;

  beforeAll(async () => {
    [split, peer] = await Promise.all([
      Instance.create({
        env: { PLAZA_ROLE: "web" },
        seed: {
          actors: [{ kind: "city", username: "quito", name: "Quito" }],
          members: [{ email: "a@quito.test", password, username: "ana", name: "Ana", roles: { quito: "admin" } }],
        },
      }),
      Instance.create({ seed: { actors: [{ kind: "city", username: "lima", name: "Lima" }] } }),
    ]);
    await Promise.all([split.start(), peer.start()]);
    admin = await split.signIn("a@quito.test", password);
  });

  afterAll(async () => {
    await Promise.all([split?.destroy(), peer?.destroy()]);
  });

  test("the web process only queues; a worker started later delivers what waited, and the follow completes", async () => {
    await admin.submitAndFollow("/@quito/follow", { handle: peer.handle("lima") });
    // No worker yet: the Follow waits in the queue, in the database.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const followers = await fetch(peer.url("/@lima/followers"), { headers: { Accept: "application/activity+json" } });
    expect(((await followers.json()) as { totalItems: number }).totalItems).toBe(0);

    const stopWorker = split.startWorker();
    try {
      // The worker delivers the Follow; Lima's Accept arrives at the web process, which queues it for the worker.
      await eventually(async () => (await followingCount(split, "quito")) === 1, 30_000);
    } finally {
      await stopWorker();
    }
  });
});
