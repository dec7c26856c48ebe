// A database outage seen from outside: every page and endpoint answers 503 with Retry-After — a
// French page for a browser, `temporarily_unavailable` JSON for a program — never a 500. The admin
// API answers its own problem document (api/problem.ts); oidc-provider answers the DatabaseUnavailable
// thrown by its storage itself (db/unavailable.ts); this catches what escapes our own pages (sign-in,
// portal, password pages) and the OIDC unit of work's final write.
import type Koa from "koa";
import type { Logger } from "../lib/log.js";
import { isDatabaseUnavailable, RETRY_AFTER_S, UNAVAILABLE_MESSAGE } from "../db/unavailable.js";
import { unavailablePage } from "../web/indisponible.js";

/** Answers 503 for the request: the page, or the OAuth error for a program. */
export function respondUnavailable(ctx: Koa.Context, organisation?: string) {
  // Nothing of a half-done answer leaves: no redirect, no cookie naming state that was not stored.
  ctx.remove("Location");
  ctx.remove("Set-Cookie");
  ctx.status = 503;
  ctx.set("Retry-After", String(RETRY_AFTER_S));
  ctx.set("Cache-Control", "no-store");
  if (ctx.accepts("html", "json") === "html") {
    ctx.type = "html";
    ctx.body = unavailablePage(organisation);
  } else {
    ctx.type = "json";
    ctx.body = { error: "temporarily_unavailable", error_description: UNAVAILABLE_MESSAGE };
  }
}

export function unavailable(logger: Logger, organisation?: string): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
      logger.warn("base de données injoignable", {
        requestId: ctx.state.requestId,
        path: ctx.path,
        error: String((e as Error).cause ?? e),
      });
      return respondUnavailable(ctx, organisation);
    }
    // 503s answered further in (oidc-provider's temporarily_unavailable, readiness) say when to retry too.
    if (ctx.status === 503 && !ctx.response.get("Retry-After")) ctx.set("Retry-After", String(RETRY_AFTER_S));
  };
}
