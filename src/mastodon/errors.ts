import type { ContentfulStatusCode } from "hono/utils/http-status";

/** An answer in Mastodon's error shape, `{"error": "…"}` (and OAuth's `error_description` where it applies). */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly error: string,
    readonly description?: string,
  ) {
    super(description ?? error);
    this.name = "ApiError";
  }

  get body(): { error: string; error_description?: string } {
    return this.description === undefined ? { error: this.error } : { error: this.error, error_description: this.description };
  }
}

/** The messages Mastodon's clients know (app/controllers/api/base_controller.rb). */
export const invalidToken = () => new ApiError(401, "The access token is invalid");
export const outsideScopes = () => new ApiError(403, "This action is outside the authorized scopes");
export const notFound = () => new ApiError(404, "Record not found");
export const userRequired = () => new ApiError(422, "This method requires an authenticated user");
export const validationFailed = (message: string) => new ApiError(422, `Validation failed: ${message}`);

/** OAuth 2 errors (RFC 6749 §5.2), with Doorkeeper's descriptions. */
export const oauthErrors = {
  invalidClient: () =>
    new ApiError(401, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."),
  invalidGrant: (why = "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.") =>
    new ApiError(400, "invalid_grant", why),
  invalidScope: (why = "The requested scope is invalid, unknown, or malformed.") => new ApiError(400, "invalid_scope", why),
  invalidRequest: (why: string) => new ApiError(400, "invalid_request", why),
  unsupportedGrantType: () => new ApiError(400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server."),
};
