import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Instance } from "../support/instance.ts";

const password = "correct horse battery";
const anne = { email: "anne@paris.test", password, username: "anne", name: "Anne Martin", roles: { paris: "editor" as const } };

/** Debian's `toot` (a Mastodon command-line client); .ci/run installs it, a developer may not have it. */
const hasToot = spawnSync("toot", ["--help"], { stdio: "ignore" }).status === 0;

describe.skipIf(!hasToot)("toot, Debian's Mastodon command-line client", () => {
  let plaza: Instance;
  let configHome: string;

  /** Runs toot with its own configuration folder, trusting the test CA; `input` goes to its standard input. */
  function toot(args: string[], input = ""): Promise<{ code: number; output: string }> {
    return new Promise((resolve) => {
      const child = execFile(
        "toot",
        args,
        {
          env: { ...process.env, XDG_CONFIG_HOME: configHome, REQUESTS_CA_BUNDLE: plaza.env.NODE_EXTRA_CA_CERTS ?? "", COLUMNS: "120" },
          timeout: 30_000,
        },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: `${stdout}${stderr}` }),
      );
      child.stdin?.end(input);
    });
  }

  beforeAll(async () => {
    configHome = await mkdtemp(path.join(tmpdir(), "plaza-toot-"));
    plaza = await Instance.create({ seed: { actors: [{ kind: "city", username: "paris", name: "Paris" }], members: [anne] } });
    await plaza.start();
    // A published practice of Paris, written on the web as an editor does.
    const editor = await plaza.signIn(anne.email, password);
    const draft = await editor.submit("/@paris/practices", {
      title: "Participatory budgeting",
      summary: "Residents decide how 5% of the investment budget is spent.",
      "place.city": "Paris",
      "place.country": "FR",
      challenge: "Low trust in local decisions.",
      solution: "A yearly public vote on projects.",
      leadInstitution: "City of Paris",
      completion: "complete",
      language: "en",
    });
    const practicePath = draft.headers.get("Location");
    if (draft.status !== 303 || !practicePath) throw new Error(`the draft was not saved: ${draft.status} ${await draft.text()}`);
    const published = await editor.submit(`${practicePath}/publish`, {});
    if (published.status !== 303) throw new Error(`the practice was not published: ${published.status}`);
  });

  afterAll(async () => {
    await plaza?.destroy();
    if (configHome) await rm(configHome, { recursive: true, force: true });
  });

  test("logs in with the password grant, follows a city and reads the home timeline", async () => {
    const login = await toot(["login_cli", "--instance", plaza.ip, "--email", anne.email], password);
    expect(login.output).toContain("Successfully logged in");
    expect(login.output).toContain("running Mastodon version");
    expect(login.code).toBe(0);

    const whoami = await toot(["whoami"]);
    expect(whoami.code).toBe(0);
    expect(whoami.output).toContain("@anne Anne Martin");

    const follow = await toot(["follow", "paris"]);
    expect(follow.output).toContain("You are now following paris");

    const timeline = await toot(["timeline", "--once"]);
    expect(timeline.code).toBe(0);
    expect(timeline.output).toContain("@paris");
    expect(timeline.output).toContain("Participatory budgeting");
    expect(timeline.output).toContain("Residents decide how 5% of the investment budget is spent.");

    // A status without a reply is the member's own short note, shown in their home timeline and on their page.
    const posted = await toot(["post", "Notes from the **open budget** workshop are online."]);
    expect(posted.code).toBe(0);
    expect(posted.output).toMatch(/Toot posted: https:\/\/[^/]+\/notes\//);
    const after = await toot(["timeline", "--once"]);
    expect(after.output).toContain("Notes from the open budget workshop are online.");
    expect(after.output).toContain("Participatory budgeting");
    const page = await (await fetch(plaza.url("/@anne"), { headers: { Accept: "text/html" } })).text();
    expect(page).toContain("<strong>open budget</strong>");

    const instance = await toot(["instance", plaza.ip]);
    expect(instance.output).toContain("running Mastodon 4.3.0 (compatible; Plaza");
  });
});
