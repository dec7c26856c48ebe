// The server's side of an entry of the endpoint table (@convergences/contract ENDPOINTS): a binding
// mounts the entry's method and path, checks its path parameters (a malformed id is the entry's
// « introuvable »), gives the handler the query and the body parsed by the entry's schemas, and
// answers what the handler returns — typed as the entry's response — with the entry's status.
// Query and body are parsed when the handler asks for them, so that each handler keeps its order:
// who may act is decided (and a refusal audited) before his input is looked at.
import type Koa from "koa";
import type { z } from "zod";
import { type BodyOutput, type Endpoint, isId, type ParamsOf, type QueryOutput, type ResponseOf } from "@convergences/contract";
import { ApiError } from "./problem.js";
import { body as parseBody, query as parseQuery } from "./validate.js";

export type Input<E extends Endpoint> = { params: ParamsOf<E> } & (E extends { query: z.ZodType } ? { query(): QueryOutput<E> } : unknown) &
  (E extends { body: z.ZodType } ? { body(): BodyOutput<E> } : unknown);

/** A JSON endpoint's handler returns its answer; a CSV, image or HTML one sets ctx.body itself. */
export type Handler<E extends Endpoint> = (
  ctx: Koa.Context,
  input: Input<E>,
) => Promise<E extends { response: z.ZodType } ? ResponseOf<E> : undefined>;

export interface Binding {
  readonly endpoint: Endpoint;
  readonly middleware: Koa.Middleware;
}

/** A path parameter: a UUID (lower-cased), or the entry's not-found error. */
function param(ctx: Koa.Context, name: string, notFound: NonNullable<Endpoint["params"]>[string]): string {
  const value = (ctx.params as Record<string, string | undefined>)[name];
  if (!value || !isId(value)) throw new ApiError(notFound ?? "NOT_FOUND");
  return value.toLowerCase();
}

export function bind<const E extends Endpoint>(endpoint: E, handler: Handler<E>): Binding {
  const once = <T>(f: () => T) => {
    let done = false;
    let value: T;
    return () => {
      if (!done) {
        value = f();
        done = true;
      }
      return value;
    };
  };
  const middleware: Koa.Middleware = async (ctx) => {
    const params: Record<string, string> = {};
    for (const [name, notFound] of Object.entries(endpoint.params ?? {})) params[name] = param(ctx, name, notFound);
    const input = {
      params,
      ...(endpoint.query ? { query: once(() => parseQuery(ctx, endpoint.query as z.ZodType)) } : {}),
      ...(endpoint.body && endpoint.body !== "image" ? { body: once(() => parseBody(ctx, endpoint.body as z.ZodType)) } : {}),
    } as Input<E>;
    const answer = await handler(ctx, input);
    if (answer !== undefined) {
      if (endpoint.status) ctx.status = endpoint.status;
      ctx.body = answer;
    }
  };
  return { endpoint, middleware };
}
