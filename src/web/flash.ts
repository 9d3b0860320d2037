import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** A one-time message shown on the next page after a form redirects (post/redirect/get). */
export interface Flash {
  readonly kind: "notice" | "error";
  readonly message: string;
}

const cookieName = "plaza_flash";

export function setFlash(c: Context, flash: Flash): void {
  setCookie(c, cookieName, encodeURIComponent(JSON.stringify(flash)), { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 60 });
}

export function takeFlash(c: Context): Flash | undefined {
  const raw = getCookie(c, cookieName);
  if (!raw) return undefined;
  deleteCookie(c, cookieName, { path: "/" });
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(raw));
    if (typeof parsed === "object" && parsed !== null && "kind" in parsed && "message" in parsed) {
      const { kind, message } = parsed;
      if ((kind === "notice" || kind === "error") && typeof message === "string") return { kind, message };
    }
  } catch {
    // A cookie we cannot read is simply not shown.
  }
  return undefined;
}
