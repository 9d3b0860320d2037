/**
 * An error a person can act on: bad input, a missing thing, a conflict, or a lack of permission.
 * Domain code throws it; the web, API and CLI layers turn `kind` into a status code or exit code
 * and show `message` as it is.
 */
export class PlazaError extends Error {
  constructor(
    readonly kind: "invalid" | "not_found" | "conflict" | "forbidden" | "unreachable",
    message: string,
    /** For `invalid`: the form field the message is about. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "PlazaError";
  }
}
