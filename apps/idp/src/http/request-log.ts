// A request id for every request (the caller's X-Request-Id when it is sane), echoed in the
// response, and one JSON log line per request.
import crypto from "node:crypto";
import type Koa from "koa";
import type { Logger } from "../lib/log.js";

declare module "koa" {
  interface DefaultState {
    requestId: string;
  }
}

export function requestLog(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const start = process.hrtime.bigint();
    const incoming = ctx.get("x-request-id");
    const requestId = /^[A-Za-z0-9._-]{8,128}$/.test(incoming) ? incoming : crypto.randomUUID();
    ctx.state.requestId = requestId;
    ctx.set("X-Request-Id", requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.info("requête", {
        requestId,
        method: ctx.method,
        // The path only: query strings can carry codes and one-time tokens.
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(ms * 10) / 10,
        ip: ctx.ip,
      });
    }
  };
}
