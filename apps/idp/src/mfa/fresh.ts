// « A fresh second factor »: one given in the last 5 minutes (at sign-in or on /securite/verifier),
// remembered in a cookie signed with the provider's cookie keys and sent to /securite only.
import type Koa from "koa";

export const FRESH_COOKIE = "conv_mfa_frais";
export const FRESH_MS = 5 * 60_000;

export function markFresh(ctx: Koa.Context, sub: string): void {
  ctx.cookies.set(FRESH_COOKIE, `${sub}.${Date.now()}`, {
    signed: true,
    httpOnly: true,
    sameSite: "lax",
    secure: ctx.secure,
    path: "/securite",
    maxAge: FRESH_MS,
    overwrite: true,
  });
}

export function isFresh(ctx: Koa.Context, sub: string): boolean {
  const [who, at] = (ctx.cookies.get(FRESH_COOKIE, { signed: true }) ?? "").split(".");
  return who === sub && Date.now() - Number(at) < FRESH_MS;
}
