// Input through the contract's schemas only: unknown fields refused, French per-field errors.
import type Koa from "koa";
import type { z } from "zod";
import type Router from "@koa/router";
import type { FieldError } from "@convergences/contract";
import { ApiError, fieldErrors } from "./problem.js";
import { FORBIDDEN_CHARACTERS_MESSAGE, hasForbiddenCharacters } from "../lib/text.js";

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

/** Keys that would reach an object's prototype if a later step merged the input into an object. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const MAX_DEPTH = 32;

/**
 * Every string and key of a JSON body or query: NUL and lone surrogates refused (PostgreSQL would
 * fail on them), prototype keys refused, nesting bounded. Iterative, so that no input exhausts the stack.
 */
export function inputErrors(input: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length && errors.length < 20) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (hasForbiddenCharacters(value)) errors.push({ path: path.join("."), message: FORBIDDEN_CHARACTERS_MESSAGE });
    } else if (value && typeof value === "object") {
      if (path.length >= MAX_DEPTH) {
        errors.push({ path: path.join("."), message: `Données trop imbriquées (${MAX_DEPTH} niveaux au maximum).` });
        continue;
      }
      for (const key of Object.keys(value)) {
        const at = [...path, key];
        if (FORBIDDEN_KEYS.has(key)) errors.push({ path: at.join("."), message: `Champ non autorisé : ${key}` });
        else if (hasForbiddenCharacters(key)) errors.push({ path: path.join("."), message: FORBIDDEN_CHARACTERS_MESSAGE });
        else stack.push({ value: (value as Record<string, unknown>)[key], path: at });
      }
    }
  }
  return errors;
}

/** Before any route: the body and the query string of every API request pass inputErrors. */
export const inputGuard: Koa.Middleware = async (ctx, next) => {
  const errors = [...inputErrors(ctx.query), ...inputErrors((ctx.request as { body?: unknown }).body)];
  if (errors.length) throw new ApiError("VALIDATION_FAILED", undefined, errors);
  await next();
};

/**
 * 405 (with Allow) when the path is the API's but not for this method. A path without parameters
 * beats a parameterised one: GET /users/email-check is not GET /users/:id.
 */
export function methodGuard(routers: Router[]): Koa.Middleware {
  return async (ctx, next) => {
    const layers = routers.flatMap((r) => r.match(ctx.path, ctx.method).path).filter((l) => l.methods.length > 0);
    const literal = layers.filter((l) => l.paramNames.length === 0);
    const allowed = new Set((literal.length ? literal : layers).flatMap((l) => l.methods));
    if (allowed.size && !allowed.has(ctx.method)) {
      ctx.set("Allow", [...allowed].join(", "));
      throw new ApiError("METHOD_NOT_ALLOWED");
    }
    await next();
  };
}
