import type { AccountRow } from "../accounts/accounts.ts";
import type { ActorRow } from "../actors/model.ts";
import type { WebEnv } from "../web/env.ts";

/** Who a bearer token acts for. */
export interface TokenGrant {
  readonly tokenId: number;
  readonly scopes: readonly string[];
  readonly application: { readonly id: number; readonly name: string; readonly website: string | null };
  /** `undefined` for a client-credentials token, which acts for the app alone. */
  readonly user: { readonly account: AccountRow; readonly actor: ActorRow } | undefined;
}

/** What the Authorization header said: nothing, something we do not honour, or a live token. */
export type Bearer = { readonly kind: "none" } | { readonly kind: "invalid" } | { readonly kind: "valid"; readonly grant: TokenGrant };

export interface MastodonEnv {
  Variables: WebEnv["Variables"] & {
    bearer: Bearer;
  };
}
