import type { SignedIn } from "./session.ts";

/** What every web handler can read from `c.var`. */
export interface WebEnv {
  Variables: {
    signedIn: SignedIn | undefined;
    origin: URL;
  };
}
