import "./polyfills.ts";
import { parseArgs } from "node:util";
import { changePassword, createMember, findAccountByEmail, grantRole, revokeRole } from "./accounts/accounts.ts";
import type { Role } from "./accounts/permissions.ts";
import { handleOf } from "./actors/model.ts";
import { createLocalActor, listLocalActors } from "./actors/store.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { PlazaError } from "./errors.ts";
import { localActorUris } from "./federation/actors.ts";
import { loadDemo } from "./demo/load.ts";
import { configureLogging } from "./logging.ts";
import { type Plaza, openPlaza } from "./server.ts";

const help = `Plaza administration.   npm run plaza -- <command> [options]

  city create <username> --name "Name" [--summary "…"] [--approve-followers]
      A city (ActivityPub Organization), e.g. city create buenos_aires --name "Buenos Aires"
  network create <username> --name "Name" [--summary "…"] [--approve-followers]
      A network of cities (ActivityPub Group)
  member create --email E --username U --name "Name" [--password P] [--operator]
      A person who signs in; a password is generated and printed when none is given
  member password --email E [--password P]
      Sets a new password (generated and printed when none is given)
  role grant --email E --in ORGANIZATION --role editor|admin|coordinator
  role revoke --email E --in ORGANIZATION
  list
      Cities, networks and members on this server
  demo
      Loads the six cities of the U20 white paper with their published practice cards

With the embedded database (no DATABASE_URL), stop the server before running a command:
the embedded database serves one process at a time.`;

const options = {
  name: { type: "string" },
  summary: { type: "string" },
  "approve-followers": { type: "boolean" },
  email: { type: "string" },
  username: { type: "string" },
  password: { type: "string" },
  operator: { type: "boolean" },
  in: { type: "string" },
  role: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>["values"];

function required(values: Values, name: "name" | "email" | "username" | "in" | "role"): string {
  const value = values[name];
  if (value === undefined || value.trim() === "") throw new PlazaError("invalid", `--${name} is required for this command (see --help).`);
  return value;
}

function parseRole(value: string): Role {
  if (value === "editor" || value === "admin" || value === "coordinator") return value;
  throw new PlazaError("invalid", `--role must be editor, admin or coordinator, not "${value}".`);
}

async function run(plaza: Plaza, [noun, verb, ...rest]: string[], values: Values): Promise<string> {
  const { db } = plaza.database;
  const uris = localActorUris(plaza.context());
  const command = `${noun ?? ""} ${verb ?? ""}`.trim();
  switch (command) {
    case "city create":
    case "network create": {
      const username = rest[0];
      if (!username) throw new PlazaError("invalid", `Give the ${noun}'s username, e.g. ${noun} create madrid --name "Madrid".`);
      const actor = await db.transaction((tx) =>
        createLocalActor(tx, uris, {
          kind: noun === "city" ? "city" : "network",
          username,
          name: required(values, "name"),
          summary: values.summary ?? "",
          manuallyApprovesFollowers: values["approve-followers"] ?? false,
        }),
      );
      return `Created ${noun} ${actor.name} ${handleOf(actor)} (${actor.iri})`;
    }
    case "member create": {
      const password = values.password ?? generatePassword();
      const { actor } = await createMember(db, uris, {
        email: required(values, "email"),
        username: required(values, "username"),
        name: required(values, "name"),
        password,
        isOperator: values.operator ?? false,
      });
      return `Created member ${actor.name} ${handleOf(actor)}${values.operator ? " (operator)" : ""}` + (values.password ? "" : `\nPassword: ${password}`);
    }
    case "member password": {
      const email = required(values, "email");
      const account = await findAccountByEmail(db, email);
      if (!account) throw new PlazaError("not_found", `No member has the email ${email}.`);
      const password = values.password ?? generatePassword();
      await changePassword(db, account.id, password);
      return `Password changed for ${account.email}; their sessions and app tokens were ended` + (values.password ? "" : `\nPassword: ${password}`);
    }
    case "role grant": {
      const role = parseRole(required(values, "role"));
      await grantRole(db, required(values, "email"), required(values, "in"), role);
      return `${values.email} is now ${role} of ${values.in}`;
    }
    case "role revoke": {
      const removed = await revokeRole(db, required(values, "email"), required(values, "in"));
      return removed ? `${values.email} no longer has a role in ${values.in}` : `${values.email} had no role in ${values.in}`;
    }
    case "list": {
      const lines: string[] = [];
      for (const [title, type] of [["Cities", "Organization"], ["Networks", "Group"], ["Members", "Person"]] as const) {
        const rows = await listLocalActors(db, type);
        lines.push(`${title}:`, ...(rows.length ? rows.map((r) => `  ${handleOf(r)}  ${r.name}`) : ["  (none)"]));
      }
      return lines.join("\n");
    }
    case "demo":
      return (await loadDemo(plaza)).join("\n");
    default:
      throw new PlazaError("invalid", `Unknown command "${command}".\n\n${help}`);
  }
}

const knownCommands = new Set([
  "city create",
  "network create",
  "member create",
  "member password",
  "role grant",
  "role revoke",
  "list",
  "demo",
]);

function generatePassword(): string {
  return crypto.randomUUID();
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    console.log(help);
    return 0;
  }
  const command = parsed.positionals.slice(0, parsed.positionals[0] === "list" || parsed.positionals[0] === "demo" ? 1 : 2).join(" ");
  if (!knownCommands.has(command)) {
    console.error(`Unknown command "${command}".\n\n${help}`);
    return 2;
  }
  const config = loadConfig();
  await configureLogging("warning");
  const plaza = await openPlaza(config);
  try {
    console.log(await run(plaza, parsed.positionals, parsed.values));
    return 0;
  } finally {
    await plaza.database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof PlazaError || error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error("Unexpected error:", error);
    process.exit(1);
  },
);
