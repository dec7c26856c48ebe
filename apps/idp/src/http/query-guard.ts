import type Koa from "koa";
import { hasForbiddenCharacters } from "../lib/text.js";

/**
 * Outside the API (which checks its own input, api/validate.ts): a query string with a NUL or a lone
 * surrogate (`/auth?client_id=%00`) is a 400 page before any page or the OIDC provider reads it.
 */
export const queryGuard: Koa.Middleware = async (ctx, next) => {
  if (!ctx.path.startsWith("/api/") && ctx.querystring) {
    for (const value of Object.values(ctx.query)) {
      if ((Array.isArray(value) ? value : [value]).some((v) => typeof v === "string" && hasForbiddenCharacters(v))) ctx.throw(400);
    }
    if (Object.keys(ctx.query).some(hasForbiddenCharacters)) ctx.throw(400);
  }
  await next();
};
