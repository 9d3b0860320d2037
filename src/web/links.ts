/**
 * An address from another server as a link target, if it is a web address. The `url` of a remote
 * actor or post is whatever that server sent and is stored as sent: `javascript:` or `data:` must
 * never become an `href`.
 */
export function webHref(url: string | null | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const { protocol } = new URL(url);
  return protocol === "https:" || protocol === "http:" ? url : undefined;
}
