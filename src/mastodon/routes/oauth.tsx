import { type Context, Hono } from "hono";
import { csrf } from "hono/csrf";
import { authenticate, loadPrincipal, signInProblem } from "../../accounts/accounts.ts";
import { findActorById } from "../../actors/store.ts";
import type { Database } from "../../db/client.ts";
import type { WebEnv } from "../../web/env.ts";
import { Layout } from "../../web/pages/layout.tsx";
import { CredentialFields } from "../../web/pages/sign-in.tsx";
import { type SignedIn, sessionMiddleware, signIn } from "../../web/session.ts";
import { ApiError, oauthErrors } from "../errors.ts";
import {
  type ApplicationRow,
  type IssuedToken,
  authenticateClient,
  checkCodeChallenge,
  findApplication,
  issueAccessToken,
  issueAuthorizationCode,
  outOfBand,
  redeemAuthorizationCode,
  requestedScopes,
  revokeAccessToken,
  tokenEntity,
} from "../oauth.ts";
import { Params } from "../params.ts";
import { describeScope, supportedScopes } from "../scopes.ts";

/** A checked authorization request (RFC 6749 §4.1.1), as the consent page carries it from GET to POST. */
interface AuthorizationRequest {
  readonly application: ApplicationRow;
  readonly redirectUri: string;
  readonly scopes: string[];
  readonly state: string | undefined;
  readonly pkce: { readonly challenge: string; readonly method: "S256" } | undefined;
}

type Checked =
  | { readonly kind: "ok"; readonly request: AuthorizationRequest }
  /** Nothing we can trust to redirect to: tell the person. */
  | { readonly kind: "page"; readonly message: string }
  | { readonly kind: "redirect"; readonly location: string };

/**
 * The OAuth endpoints: the consent page (the one place the API uses the web session), the token
 * and revocation endpoints, and the RFC 8414 metadata. Tokens and codes are never logged or shown
 * but to their owner.
 */
export function oauthRoutes(db: Database, origin: URL): Hono<WebEnv> {
  const authorizePaths = ["/oauth/authorize", "/oauth/authorize/"];
  const app = new Hono<WebEnv>();
  for (const path of authorizePaths) {
    app.use(path, sessionMiddleware(db));
    // The consent form posts to itself: only from our own pages (the API at large is exempt from this check).
    app.use(path, csrf({ origin: origin.origin }));
    app.use(path, async (c, next) => {
      await next();
      // Never framed (clickjacking), never cached, never leaking the code through a Referer.
      c.header("X-Frame-Options", "DENY");
      c.header("Content-Security-Policy", "frame-ancestors 'none'");
      c.header("Cache-Control", "no-store");
      c.header("Referrer-Policy", "no-referrer");
    });
    app.get(path, async (c) => {
      const checked = await checkAuthorization(db, await Params.of(c));
      if (checked.kind !== "ok") return answerProblem(c, checked);
      const signedIn = c.var.signedIn;
      if (!signedIn) return c.html(<AuthorizePage request={checked.request} origin={origin} signedIn={undefined} />);
      return consent(c, checked.request, signedIn);
    });
    app.post(path, async (c) => {
      const params = await Params.of(c);
      const checked = await checkAuthorization(db, params);
      if (checked.kind !== "ok") return answerProblem(c, checked);
      const request = checked.request;
      if (params.get("action") === "sign_in") {
        const email = params.get("email") ?? "";
        const result = await authenticate(db, email, params.get("password") ?? "");
        if (result.kind !== "signed_in") {
          const problem = signInProblem(result);
          if (problem.retryAfter !== undefined) c.header("Retry-After", String(problem.retryAfter));
          return c.html(
            <AuthorizePage request={request} origin={origin} signedIn={undefined} email={email} error={problem.message} />,
            result.kind === "locked" ? 429 : 401,
          );
        }
        const account = result.account;
        await signIn(c, db, account.id);
        return consent(c, request, { account, principal: await loadPrincipal(db, account) });
      }
      const signedIn = c.var.signedIn;
      if (!signedIn) return c.html(<AuthorizePage request={request} origin={origin} signedIn={undefined} />, 401);
      if (params.get("decision") !== "approve") {
        return answerProblem(c, { kind: "redirect", location: withParams(request.redirectUri, { error: "access_denied", error_description: "The person denied the request.", state: request.state }) });
      }
      const code = await issueAuthorizationCode(db, {
        application: request.application,
        accountId: signedIn.account.id,
        redirectUri: request.redirectUri,
        scopes: request.scopes,
        pkce: request.pkce,
      });
      if (request.redirectUri === outOfBand) {
        return c.html(
          <Layout title="Authorization code" signedIn={signedIn}>
            <h1>Copy this code into {request.application.name}</h1>
            <p>
              <code id="authorization-code">{code}</code>
            </p>
            <p class="hint">It works once, within ten minutes.</p>
          </Layout>,
        );
      }
      return c.redirect(withParams(request.redirectUri, { code, state: request.state }), 302);
    });
  }

  /** Shows the consent page for a signed-in member. */
  async function consent(c: Context<WebEnv>, request: AuthorizationRequest, signedIn: SignedIn) {
    const actor = await findActorById(db, signedIn.account.actorId);
    return c.html(<AuthorizePage request={request} origin={origin} signedIn={signedIn} handle={actor ? `@${actor.username}@${actor.host}` : signedIn.account.email} />);
  }

  function answerProblem(c: Context<WebEnv>, problem: Exclude<Checked, { kind: "ok" }>) {
    if (problem.kind === "redirect") return c.redirect(problem.location, 302);
    return c.html(
      <Layout title="Cannot authorize" signedIn={c.var.signedIn}>
        <h1>This app cannot be authorized</h1>
        <p>{problem.message}</p>
      </Layout>,
      400,
    );
  }

  app.post("/oauth/token", async (c) => {
    const params = await Params.of(c);
    const basic = basicCredentials(c.req.header("Authorization"));
    const application = await authenticateClient(db, basic?.id ?? params.get("client_id"), basic?.secret ?? params.get("client_secret"));
    let issued: IssuedToken;
    switch (params.get("grant_type")) {
      case "authorization_code":
        issued = await redeemAuthorizationCode(db, application, {
          code: params.get("code"),
          redirectUri: params.get("redirect_uri"),
          codeVerifier: params.get("code_verifier"),
        });
        break;
      case "password": {
        // For first-party command-line clients (toot login_cli): the username is the member's email.
        const scopes = requestedScopes(application, params.get("scope"));
        const result = await authenticate(db, params.get("username") ?? "", params.get("password") ?? "");
        if (result.kind === "locked") {
          const problem = signInProblem(result);
          c.header("Retry-After", String(problem.retryAfter));
          throw new ApiError(429, problem.message);
        }
        if (result.kind !== "signed_in") throw oauthErrors.invalidGrant();
        issued = await issueAccessToken(db, { applicationId: application.id, accountId: result.account.id, scopes });
        break;
      }
      case "client_credentials":
        issued = await issueAccessToken(db, { applicationId: application.id, accountId: null, scopes: requestedScopes(application, params.get("scope")) });
        break;
      case undefined:
      case "":
        throw oauthErrors.invalidRequest("The grant_type parameter is missing.");
      default:
        throw oauthErrors.unsupportedGrantType();
    }
    c.header("Cache-Control", "no-store");
    c.header("Pragma", "no-cache");
    return c.json(tokenEntity(issued));
  });

  app.post("/oauth/revoke", async (c) => {
    const params = await Params.of(c);
    const basic = basicCredentials(c.req.header("Authorization"));
    const application = await authenticateClient(db, basic?.id ?? params.get("client_id"), basic?.secret ?? params.get("client_secret"));
    const token = params.get("token");
    if (!token) throw oauthErrors.invalidRequest("The token parameter is missing.");
    await revokeAccessToken(db, application, token);
    return c.json({});
  });

  app.get("/.well-known/oauth-authorization-server", (c) =>
    c.json({
      issuer: origin.href,
      service_documentation: new URL("/", origin).href,
      authorization_endpoint: new URL("/oauth/authorize", origin).href,
      token_endpoint: new URL("/oauth/token", origin).href,
      revocation_endpoint: new URL("/oauth/revoke", origin).href,
      app_registration_endpoint: new URL("/api/v1/apps", origin).href,
      scopes_supported: supportedScopes,
      response_types_supported: ["code"],
      response_modes_supported: ["query"],
      code_challenge_methods_supported: ["S256"],
      grant_types_supported: ["authorization_code", "password", "client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    }),
  );

  return app;
}

/** Client authentication by HTTP Basic (RFC 6749 §2.3.1: both parts form-urlencoded). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")) };
  } catch {
    return undefined;
  }
}

/** Checks client, redirect URI, response type, scopes and PKCE; errors go back to the app once its redirect URI is trusted. */
async function checkAuthorization(db: Database, params: Params): Promise<Checked> {
  const application = await findApplication(db, params.get("client_id"));
  if (!application) return { kind: "page", message: "No app with this client_id is registered on this server. The app must register again." };
  const given = params.get("redirect_uri");
  const redirectUri = given ?? (application.redirectUris.length === 1 ? application.redirectUris[0] : undefined);
  if (redirectUri === undefined || !application.redirectUris.includes(redirectUri)) {
    return { kind: "page", message: `${application.name} asked to send you back to an address it did not register, so it was stopped here.` };
  }
  const state = params.get("state");
  const fail = (error: string, description: string): Checked =>
    redirectUri === outOfBand
      ? { kind: "page", message: description }
      : { kind: "redirect", location: withParams(redirectUri, { error, error_description: description, state }) };
  if (params.get("response_type") !== "code") return fail("unsupported_response_type", "Only response_type=code is supported.");
  try {
    const scopes = requestedScopes(application, params.get("scope"));
    const pkce = checkCodeChallenge(params.get("code_challenge"), params.get("code_challenge_method"));
    return { kind: "ok", request: { application, redirectUri, scopes, state, pkce } };
  } catch (error) {
    if (error instanceof ApiError) return fail(error.error, error.description ?? error.error);
    throw error;
  }
}

function withParams(uri: string, values: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(values)) if (value !== undefined) url.searchParams.set(key, value);
  return url.href;
}

function HiddenFields(props: { request: AuthorizationRequest }) {
  const { request } = props;
  const fields: Record<string, string | undefined> = {
    response_type: "code",
    client_id: request.application.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(" "),
    state: request.state,
    code_challenge: request.pkce?.challenge,
    code_challenge_method: request.pkce?.method,
  };
  return (
    <>
      {Object.entries(fields).map(([name, value]) => (value === undefined ? null : <input type="hidden" name={name} value={value} />))}
    </>
  );
}

function AuthorizePage(props: {
  request: AuthorizationRequest;
  origin: URL;
  signedIn: SignedIn | undefined;
  handle?: string;
  email?: string;
  error?: string;
}) {
  const { request, signedIn } = props;
  const app = request.application;
  return (
    <Layout title={`Authorize ${app.name}`} signedIn={signedIn}>
      <h1>Authorize {app.name}</h1>
      <p>
        <strong>{app.name}</strong>
        {app.website ? (
          <>
            {" "}
            (<a href={app.website} rel="noopener noreferrer">{app.website}</a>)
          </>
        ) : null}{" "}
        wants to use your Plaza account on {props.origin.host}. It asks to:
      </p>
      <ul class="scopes">
        {request.scopes.map((scope) => (
          <li>
            {describeScope(scope)} <span class="handle">({scope})</span>
          </li>
        ))}
      </ul>
      {signedIn ? (
        <form method="post" action="/oauth/authorize">
          <HiddenFields request={request} />
          <p>
            You are signed in as <strong>{props.handle}</strong>.
          </p>
          <p class="actions">
            <button type="submit" name="decision" value="approve">
              Authorize
            </button>{" "}
            <button type="submit" name="decision" value="deny">
              Deny
            </button>
          </p>
        </form>
      ) : (
        <form method="post" action="/oauth/authorize">
          <HiddenFields request={request} />
          <input type="hidden" name="action" value="sign_in" />
          <h2>Sign in to continue</h2>
          {props.error ? (
            <p class="field-error" role="alert">
              {props.error}
            </p>
          ) : null}
          <CredentialFields email={props.email} />
        </form>
      )}
    </Layout>
  );
}
