// CSRF protection for the forms, without JavaScript or server state: a random value in a cookie and,
// in each form, its HMAC under a server key (a signed double-submit token). A forged form from another
// site cannot read the cookie, and a cookie planted by a sibling domain has no valid signature.
import crypto from "node:crypto";
import { html } from "@convergences/html";
import type Koa from "koa";

const CSRF_COOKIE = "conv_csrf";
export const CSRF_FIELD = "_csrf";

export interface Csrf {
  /** The form token for this browser, setting its cookie if it has none. */
  token(ctx: Koa.Context): string;
  /** true when the submitted form token matches this browser's cookie. */
  verify(ctx: Koa.Context, submitted: unknown): boolean;
}

export function createCsrf(secretKey: Buffer): Csrf {
  const key = Buffer.from(crypto.hkdfSync("sha256", secretKey, Buffer.alloc(0), "convergences csrf formulaires", 32));
  const sign = (value: string) => crypto.createHmac("sha256", key).update(value).digest("base64url");
  const cookieValue = (ctx: Koa.Context) => {
    const v = ctx.cookies.get(CSRF_COOKIE, { signed: false });
    return v && /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
  };
  return {
    token(ctx) {
      let value = cookieValue(ctx);
      if (!value) {
        value = crypto.randomBytes(32).toString("base64url");
        ctx.cookies.set(CSRF_COOKIE, value, {
          httpOnly: true,
          sameSite: "lax",
          secure: ctx.secure,
          signed: false,
          path: "/",
          overwrite: true,
        });
      }
      return sign(value);
    },
    verify(ctx, submitted) {
      const value = cookieValue(ctx);
      if (!value || typeof submitted !== "string") return false;
      const expected = Buffer.from(sign(value));
      const given = Buffer.from(submitted);
      return given.length === expected.length && crypto.timingSafeEqual(given, expected);
    },
  };
}

/** The anti-forgery field of a form (the portal's pages and the password pages; the interaction forms need none). */
export const csrfField = (csrf?: string) => (csrf ? html`<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">` : "");
/** The same token for the passkey script, which sends it as x-csrf-token. */
export const csrfData = (csrf?: string) => (csrf ? html` data-csrf="${csrf}"` : "");
