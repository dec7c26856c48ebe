// Small HTTP helpers shared by the routes: the app context, ETags and optimistic concurrency.
import type Koa from "koa";
import type { AppContext } from "../server.js";
import { ApiError } from "./problem.js";

export function appOf(ctx: Koa.Context): AppContext {
  return ctx.state.app!;
}

export const etag = (version: number) => `"${version}"`;

/**
 * The version the client edited: If-Match (→ 412 when stale) or the body's `version` (→ 409).
 * Neither: 428, so that nobody overwrites a record he has not read.
 */
export function expectedVersion(ctx: Koa.Context, bodyVersion: number | undefined): number {
  const ifMatch = ctx.get("if-match");
  if (ifMatch) {
    const m = /^(?:W\/)?"(\d{1,9})"$/.exec(ifMatch.trim());
    if (!m) throw new ApiError("PRECONDITION_FAILED");
    return Number(m[1]);
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new ApiError("PRECONDITION_REQUIRED");
}
