import type { Context as FedifyContext } from "@fedify/fedify";
import type { Context } from "hono";
import type { Database } from "../db/client.ts";
import type { PlazaFederation } from "../federation/federation.ts";

/** What every part of the Mastodon API needs. */
export interface ApiDeps {
  readonly db: Database;
  readonly federation: PlazaFederation;
  /** The public origin (PLAZA_ORIGIN): every URL we hand out is built on it. */
  readonly origin: URL;
}

/** A Fedify context for a request, to send activities and look actors up. */
export function fedifyContext(deps: ApiDeps, c: Context): FedifyContext<void> {
  return deps.federation.createContext(c.req.raw, undefined);
}
