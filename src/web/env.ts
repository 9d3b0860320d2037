import type { SignedIn } from "./session.ts";

/** What every web handler can read from `c.var`. */
export interface WebEnv {
  Variables: {
    signedIn: SignedIn | undefined;
    origin: URL;
    /** Set when no page route matched the URL (the 404 is Hono's own). */
    unrouted: boolean | undefined;
  };
}
