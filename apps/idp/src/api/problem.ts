// Errors of the API: thrown as ApiError(code), answered as RFC 9457 application/problem+json with
// the French message of the contract's table and, for invalid input, one message per field.
import type Koa from "koa";
import { z } from "zod";
import { ERRORS, VALIDITY_ORDER_MESSAGE, problemType, type ErrorCode, type FieldError, type Problem } from "@convergences/contract";
import type { Logger } from "../lib/log.js";
import { isDatabaseUnavailable, RETRY_AFTER_S } from "../db/unavailable.js";

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string = ERRORS[code].message,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = "ApiError";
  }
  get status() {
    return ERRORS[this.code].status;
  }
}

/** Input naming something that does not exist: the field, with the contract's « … est introuvable. ». */
export const notFoundField = (path: string, code: ErrorCode) =>
  new ApiError("VALIDATION_FAILED", undefined, [{ path, message: ERRORS[code].message }]);

/**
 * The issues' messages are French: the schemas' own, or the contract's error map (zod-setup.ts). One
 * message per field, the first (page=1e20 is "too big" for an integer and for a page: one is enough).
 */
export function fieldErrors(error: z.ZodError): FieldError[] {
  const byPath = new Map<string, string>();
  for (const i of error.issues) {
    const path = i.path.map(String).join(".");
    if (!byPath.has(path)) byPath.set(path, i.message);
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

export function sendProblem(ctx: Koa.Context, code: ErrorCode, detail?: string, errors?: FieldError[]) {
  const body: Problem = {
    type: problemType(code),
    title: ERRORS[code].message,
    status: ERRORS[code].status,
    detail: detail ?? ERRORS[code].message,
    code,
    instance: ctx.path,
    requestId: ctx.state.requestId,
    ...(errors?.length ? { errors } : {}),
  };
  ctx.status = body.status;
  ctx.type = "application/problem+json";
  ctx.body = body;
  if (code === "UNAUTHENTICATED" || code === "TOKEN_INVALID") {
    ctx.set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`);
  }
}

/** Outermost middleware of the API: every error becomes a problem document. */
export function problems(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) sendProblem(ctx, "NOT_FOUND");
    } catch (e) {
      if (e instanceof ApiError) return sendProblem(ctx, e.code, e.detail, e.errors);
      if (e instanceof z.ZodError) return sendProblem(ctx, "VALIDATION_FAILED", undefined, fieldErrors(e));
      // The database's own rule on validity dates (a change of one date checked against the stored other).
      if (violates(e, "User_validity_order"))
        return sendProblem(ctx, "VALIDATION_FAILED", undefined, [{ path: "validUntil", message: VALIDITY_ORDER_MESSAGE }]);
      // The JSON parser (co-body → @hapi/bourne) refuses a "__proto__" key outright, without a status.
      if (e instanceof SyntaxError && /forbidden prototype property/.test(e.message)) {
        return sendProblem(ctx, "VALIDATION_FAILED", undefined, [{ path: "__proto__", message: "Champ non autorisé : __proto__" }]);
      }
      const err = e as { status?: number; type?: string; expose?: boolean };
      if (err.status === 413) return sendProblem(ctx, "PAYLOAD_TOO_LARGE");
      if (err.status === 415) return sendProblem(ctx, "UNSUPPORTED_MEDIA_TYPE");
      if (err.status === 400 && (err.type === "entity.parse.failed" || /JSON/i.test(String((e as Error).message)))) {
        return sendProblem(ctx, "MALFORMED_JSON");
      }
      if (isDatabaseUnavailable(e)) {
        logger.warn("base de données injoignable", {
          requestId: ctx.state.requestId,
          path: ctx.path,
          error: String((e as Error)?.message ?? e).slice(0, 300),
        });
        ctx.set("Retry-After", String(RETRY_AFTER_S));
        return sendProblem(ctx, "SERVICE_UNAVAILABLE");
      }
      logger.error("erreur de l'API", { requestId: ctx.state.requestId, path: ctx.path, error: String((e as Error)?.stack ?? e) });
      sendProblem(ctx, "INTERNAL");
    }
  };
}

/** A PostgreSQL check constraint refused the write (from pg directly, or wrapped by Prisma's adapter). */
function violates(e: unknown, constraint: string): boolean {
  for (
    let c = e as { code?: string; originalCode?: string; constraint?: string; message?: string; cause?: unknown } | undefined, i = 0;
    c && i < 4;
    c = c.cause as typeof c, i++
  ) {
    if (
      (c.code === "23514" || c.originalCode === "23514") &&
      (c.constraint === constraint || String(c.message).includes(`"${constraint}"`))
    )
      return true;
  }
  return false;
}
