import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import { type AccountRow, findAccountById } from "../accounts/accounts.ts";
import type { ActorRow } from "../actors/model.ts";
import { findActorById } from "../actors/store.ts";
import type { Database } from "../db/client.ts";
import { oauthAccessTokens, oauthApplications, oauthAuthorizationCodes } from "../db/schema.ts";
import { oauthErrors, validationFailed } from "./errors.ts";
import { allowedFor, parseScopes } from "./scopes.ts";

/**
 * OAuth 2 as Mastodon does it (Doorkeeper): apps, authorization codes with PKCE, access tokens.
 * Secrets, codes and tokens are random 256-bit strings; only their SHA-256 is stored, so a copy of
 * the database gives nobody a working credential.
 */

export type ApplicationRow = typeof oauthApplications.$inferSelect;
export type AccessTokenRow = typeof oauthAccessTokens.$inferSelect;

/** Mastodon's "out of band" redirect: the code is shown to the person, who pastes it into the app. */
export const outOfBand = "urn:ietf:wg:oauth:2.0:oob";

const codeLifetimeMs = 10 * 60 * 1000;

export function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface NewApplication {
  readonly name: string | undefined;
  readonly website: string | undefined;
  /** One URI, several separated by white space (Mastodon's form), or a list. */
  readonly redirectUris: readonly string[];
  readonly scopes: string | undefined;
}

/** Registers an app; the secret comes back once and is never stored as it is. */
export async function registerApplication(db: Database, app: NewApplication): Promise<{ application: ApplicationRow; clientSecret: string }> {
  const name = app.name?.trim() ?? "";
  if (name === "") throw validationFailed("Application name can't be blank");
  if (name.length > 60) throw validationFailed("Application name is too long (maximum is 60 characters)");
  const website = app.website?.trim() || null;
  if (website !== null && !isWebUrl(website)) throw validationFailed("Application website must be an http or https URL");
  const redirectUris = [...new Set(app.redirectUris.flatMap((uri) => uri.split(/\s+/)).filter((uri) => uri !== ""))];
  if (redirectUris.length === 0) throw validationFailed("Redirect URI can't be blank");
  for (const uri of redirectUris) checkRedirectUri(uri);
  const scopes = parseScopes(app.scopes);
  if (!scopes.ok) throw validationFailed(`Scopes contain unknown scopes: ${scopes.unknown.join(", ")}`);
  const clientSecret = randomSecret();
  const [application] = await db
    .insert(oauthApplications)
    .values({ clientId: randomSecret(), clientSecretHash: digest(clientSecret), name, website, redirectUris, scopes: scopes.scopes })
    .returning();
  if (!application) throw new Error("insert returned no row");
  return { application, clientSecret };
}

function isWebUrl(value: string): boolean {
  return URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol);
}

/**
 * A redirect URI must be absolute and without a fragment (RFC 6749 §3.1.2); apps may use their
 * own schemes (`com.example.app:/callback`), as on Mastodon, but never a script.
 */
function checkRedirectUri(uri: string): void {
  if (uri === outOfBand) return;
  if (!URL.canParse(uri)) throw validationFailed("Redirect URI must be an absolute URI.");
  const url = new URL(uri);
  if (url.hash !== "") throw validationFailed("Redirect URI cannot contain a fragment.");
  if (["javascript:", "data:", "vbscript:", "file:"].includes(url.protocol)) throw validationFailed("Redirect URI has a forbidden scheme.");
}

export async function findApplication(db: Database, clientId: string | undefined): Promise<ApplicationRow | undefined> {
  if (!clientId) return undefined;
  const [row] = await db.select().from(oauthApplications).where(eq(oauthApplications.clientId, clientId));
  return row;
}

/** The app whose id and secret these are, or an `invalid_client` error (401). */
export async function authenticateClient(db: Database, clientId: string | undefined, clientSecret: string | undefined): Promise<ApplicationRow> {
  const application = await findApplication(db, clientId);
  if (!application || clientSecret === undefined || !sameDigest(application.clientSecretHash, digest(clientSecret))) throw oauthErrors.invalidClient();
  return application;
}

/** The scopes a request asks for, checked against what we support and what the app registered. */
export function requestedScopes(application: ApplicationRow, raw: string | undefined): string[] {
  const parsed = parseScopes(raw);
  if (!parsed.ok) throw oauthErrors.invalidScope(`Unknown scope: ${parsed.unknown.join(", ")}.`);
  if (!allowedFor(application.scopes, parsed.scopes)) {
    throw oauthErrors.invalidScope(`The app registered only the scopes ${application.scopes.join(" ")}.`);
  }
  return parsed.scopes;
}

/** PKCE code challenges: only S256, as Mastodon; a verifier is 43–128 unreserved characters (RFC 7636). */
const challengePattern = /^[A-Za-z0-9_-]{43}$/;
const verifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;

export function checkCodeChallenge(challenge: string | undefined, method: string | undefined): { challenge: string; method: "S256" } | undefined {
  if (challenge === undefined || challenge === "") {
    if (method) throw oauthErrors.invalidRequest("code_challenge_method was given without code_challenge.");
    return undefined;
  }
  if (method !== "S256") throw oauthErrors.invalidRequest("Only the S256 code_challenge_method is supported.");
  if (!challengePattern.test(challenge)) throw oauthErrors.invalidRequest("code_challenge must be a base64url SHA-256 digest (43 characters).");
  return { challenge, method };
}

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

export interface NewAuthorizationCode {
  readonly application: ApplicationRow;
  readonly accountId: number;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly pkce: { readonly challenge: string; readonly method: "S256" } | undefined;
}

export async function issueAuthorizationCode(db: Database, grant: NewAuthorizationCode): Promise<string> {
  const code = randomSecret();
  await db.insert(oauthAuthorizationCodes).values({
    codeHash: digest(code),
    applicationId: grant.application.id,
    accountId: grant.accountId,
    redirectUri: grant.redirectUri,
    scopes: [...grant.scopes],
    codeChallenge: grant.pkce?.challenge ?? null,
    codeChallengeMethod: grant.pkce?.method ?? null,
    expiresAt: new Date(Date.now() + codeLifetimeMs),
  });
  return code;
}

/**
 * Exchanges a code for a token, once: the code is marked used by the statement that finds it, and
 * stays used whatever happens next (a wrong verifier does not leave it open to more guesses). A code
 * presented again revokes the token it gave (RFC 6749 §4.1.2: it may have been stolen).
 */
export async function redeemAuthorizationCode(
  db: Database,
  application: ApplicationRow,
  request: { code: string | undefined; redirectUri: string | undefined; codeVerifier: string | undefined },
): Promise<IssuedToken> {
  if (!request.code) throw oauthErrors.invalidRequest("The code parameter is missing.");
  const codeHash = digest(request.code);
  const [claimed] = await db
    .update(oauthAuthorizationCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(oauthAuthorizationCodes.codeHash, codeHash),
        eq(oauthAuthorizationCodes.applicationId, application.id),
        isNull(oauthAuthorizationCodes.usedAt),
        gt(oauthAuthorizationCodes.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!claimed) {
    const [replayed] = await db.select().from(oauthAuthorizationCodes).where(eq(oauthAuthorizationCodes.codeHash, codeHash));
    if (replayed?.usedAt && replayed.accessTokenId !== null) {
      await db.update(oauthAccessTokens).set({ revokedAt: new Date() }).where(eq(oauthAccessTokens.id, replayed.accessTokenId));
    }
    throw oauthErrors.invalidGrant();
  }
  // Doorkeeper lets a client that registered one URI leave redirect_uri out; otherwise it must match.
  if ((request.redirectUri ?? (application.redirectUris.length === 1 ? claimed.redirectUri : undefined)) !== claimed.redirectUri) {
    throw oauthErrors.invalidGrant();
  }
  if (claimed.codeChallenge !== null) {
    if (!request.codeVerifier || !verifierPattern.test(request.codeVerifier)) {
      throw oauthErrors.invalidGrant("The code_verifier is missing or malformed.");
    }
    const expected = Buffer.from(claimed.codeChallenge);
    const actual = Buffer.from(s256(request.codeVerifier));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw oauthErrors.invalidGrant("The code_verifier does not match the code_challenge.");
    }
  }
  const issued = await issueAccessToken(db, { applicationId: application.id, accountId: claimed.accountId, scopes: claimed.scopes });
  await db.update(oauthAuthorizationCodes).set({ accessTokenId: issued.row.id }).where(eq(oauthAuthorizationCodes.codeHash, codeHash));
  return issued;
}

export interface IssuedToken {
  readonly token: string;
  readonly row: AccessTokenRow;
}

export async function issueAccessToken(db: Database, grant: { applicationId: number; accountId: number | null; scopes: readonly string[] }): Promise<IssuedToken> {
  const token = randomSecret();
  const [row] = await db
    .insert(oauthAccessTokens)
    .values({ tokenHash: digest(token), applicationId: grant.applicationId, accountId: grant.accountId, scopes: [...grant.scopes] })
    .returning();
  if (!row) throw new Error("insert returned no row");
  return { token, row };
}

/** Mastodon's Token entity. */
export function tokenEntity(issued: IssuedToken): { access_token: string; token_type: "Bearer"; scope: string; created_at: number } {
  return {
    access_token: issued.token,
    token_type: "Bearer",
    scope: issued.row.scopes.join(" "),
    created_at: Math.floor(issued.row.createdAt.getTime() / 1000),
  };
}

export interface ResolvedToken {
  readonly token: AccessTokenRow;
  readonly application: ApplicationRow;
  readonly user: { readonly account: AccountRow; readonly actor: ActorRow } | undefined;
}

/** A live token: known, not revoked, and (for a user token) its member still there. */
export async function resolveAccessToken(db: Database, token: string): Promise<ResolvedToken | undefined> {
  const [row] = await db
    .select({ token: oauthAccessTokens, application: oauthApplications })
    .from(oauthAccessTokens)
    .innerJoin(oauthApplications, eq(oauthApplications.id, oauthAccessTokens.applicationId))
    .where(and(eq(oauthAccessTokens.tokenHash, digest(token)), isNull(oauthAccessTokens.revokedAt)));
  if (!row) return undefined;
  if (row.token.accountId === null) return { ...row, user: undefined };
  const account = await findAccountById(db, row.token.accountId);
  const actor = account ? await findActorById(db, account.actorId) : undefined;
  return account && actor ? { ...row, user: { account, actor } } : undefined;
}

/** Revokes one of this app's tokens; someone else's token, or an unknown one, is left alone without saying so (RFC 7009 §2.2). */
export async function revokeAccessToken(db: Database, application: ApplicationRow, token: string): Promise<void> {
  await db
    .update(oauthAccessTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(oauthAccessTokens.tokenHash, digest(token)), eq(oauthAccessTokens.applicationId, application.id), isNull(oauthAccessTokens.revokedAt)));
}
