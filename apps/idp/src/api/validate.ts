// Input through the contract's schemas only: unknown fields refused, French per-field errors.
import type Koa from "koa";
import type { z } from "zod";
import { ApiError, fieldErrors } from "./problem.js";

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const errors = fieldErrors(r.error);
    const tooShort = r.error.issues.find((i) => i.path[0] === "q" && i.code === "too_small");
    if (tooShort && r.error.issues.length === 1) throw new ApiError("SEARCH_TOO_SHORT", undefined, errors);
    throw new ApiError("VALIDATION_FAILED", undefined, errors);
  }
  return r.data;
}

export const body = <S extends z.ZodType>(ctx: Koa.Context, schema: S): z.infer<S> => {
  if (!ctx.is("application/json")) throw new ApiError("UNSUPPORTED_MEDIA_TYPE");
  return parse(schema, (ctx.request as { body?: unknown }).body ?? {});
};

/** Query strings: a repeated parameter is refused rather than silently taking one of its values. */
export function query<S extends z.ZodType>(ctx: Koa.Context, schema: S): z.infer<S> {
  const q: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx.query)) q[k] = Array.isArray(v) ? v : v;
  return parse(schema, q);
}

export function uuidParam(value: string | undefined, notFound: ConstructorParameters<typeof ApiError>[0]): string {
  if (!value || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new ApiError(notFound);
  return value.toLowerCase();
}
