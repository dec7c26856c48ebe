// What an endpoint of the admin API is: its method and path (relative to /api/v1), the schemas of
// what it reads (path parameters, query string, body) and answers, its error codes, and who may
// call it. Each endpoint is declared once, in endpoints.ts; the server's binding (parsing and typed
// handler), the OpenAPI document, the console's client and the tests' client are derived from it.
import type { z } from "zod";
import { ERRORS, type ErrorCode } from "./errors.js";

export const API_PREFIX = "/api/v1";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call an endpoint, as the documentation says it (the policy module decides each case). */
export const ACCESS = {
  public: "Sans authentification",
  "signed-in": "Toute personne connectée",
  referent: "Administrateur CIG ; référent (périmètre)",
  "referent-or-self": "Référent (périmètre) ; l'agent lui-même",
  home: "Référent de la structure d'appartenance ; administrateur CIG (seul, pour un référent ou un administrateur)",
  cig: "Administrateur CIG",
} as const;
export type Access = keyof typeof ACCESS;

/** `"/users/:id/structures/:structureId"` → `"id" | "structureId"`. */
export type ParamNames<P extends string> = P extends `${string}:${infer N}/${infer Rest}`
  ? N | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer N}`
    ? N
    : never;

/** A body that is not JSON: the raw image of « Ajouter une photo ». */
export type RawBody = "image";
/** What a client sends as such a body: a browser's File or Blob, or bytes. */
export type RawImage = Uint8Array | { readonly size: number; readonly type: string; arrayBuffer(): Promise<ArrayBuffer> };
/** An answer that is not JSON. */
export type RawResponse = "csv" | "image" | "html";

export interface EndpointSpec {
  /** What it does, in French (the guide's words where it has them). */
  summary: string;
  /** The guide's sentence, when the endpoint is one of its procedures (« Je réaffecte une habilitation »). */
  guide?: string;
  access: Access;
  query?: z.ZodType;
  body?: z.ZodType | RawBody;
  response: z.ZodType | RawResponse;
  /** Success status; 200 unless said. */
  status?: 200 | 201;
  /** The codes this endpoint answers besides those of every endpoint (see errorsOf). */
  errors?: readonly ErrorCode[];
}

/** Path parameters are UUIDs: each names the error answered when it is malformed (its « introuvable »). */
type ParamSpec<P extends string> = [ParamNames<P>] extends [never]
  ? { params?: undefined }
  : { params: { [K in ParamNames<P>]: ErrorCode } };

export type Endpoint<M extends Method = Method, P extends string = string> = EndpointSpec & {
  method: M;
  path: P;
  params?: Partial<Record<string, ErrorCode>>;
};

export function endpoint<const M extends Method, const P extends string, const S extends EndpointSpec & ParamSpec<P>>(
  method: M,
  path: P,
  spec: S,
): S & { method: M; path: P } {
  return { ...spec, method, path };
}

// ——— Types derived from an entry

type Schema<T, K extends string> = T extends { [k in K]: infer S extends z.ZodType } ? S : never;
export type ParamsOf<E extends Endpoint> = Record<ParamNames<E["path"]>, string>;
/** What a client sends / what the server's handler receives, for the query and the body. */
export type QueryInput<E extends Endpoint> = z.input<Schema<E, "query">>;
export type QueryOutput<E extends Endpoint> = z.output<Schema<E, "query">>;
export type BodyInput<E extends Endpoint> = E extends { body: "image" } ? RawImage : z.input<Schema<E, "body">>;
export type BodyOutput<E extends Endpoint> = z.output<Schema<E, "body">>;
/** The answer's JSON (the handler returns it; the clients receive it). */
export type ResponseOf<E extends Endpoint> = E extends { response: infer R extends z.ZodType } ? z.output<R> : never;

/** A client's call: only the parts the endpoint has, the query optional when all its fields are. */
export type RequestOf<E extends Endpoint> = ([ParamNames<E["path"]>] extends [never] ? unknown : { params: ParamsOf<E> }) &
  (E extends { query: z.ZodType } ? { query?: QueryInput<E> } : unknown) &
  (E extends { body: z.ZodType | RawBody } ? { body: BodyInput<E> } : unknown);

/** True when a call needs no argument at all. */
export type NoInput<E extends Endpoint> = [ParamNames<E["path"]>] extends [never]
  ? E extends { body: z.ZodType | RawBody }
    ? false
    : true
  : false;

// ——— Values derived from an entry

const e = encodeURIComponent;

/** The path with its parameters filled in (encoded), relative to /api/v1. */
export function pathOf(endpoint: Pick<Endpoint, "path">, params: Record<string, string> = {}): string {
  return endpoint.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`paramètre ${name} manquant pour ${endpoint.path}`);
    return e(value);
  });
}

/** The path in OpenAPI's notation: `/users/{id}`. */
export const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

export const paramNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** Every code an endpoint may answer: its own, its parameters', and those that come with authentication and input. */
export function errorsOf(endpoint: Endpoint): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (endpoint.access !== "public") for (const c of ["UNAUTHENTICATED", "TOKEN_INVALID", "MFA_REQUIRED"] as const) codes.add(c);
  if (endpoint.access !== "public" && endpoint.access !== "signed-in") codes.add("FORBIDDEN");
  for (const c of Object.values(endpoint.params ?? {})) if (c) codes.add(c);
  if (endpoint.query) codes.add("VALIDATION_FAILED");
  if (endpoint.body && endpoint.body !== "image")
    for (const c of ["VALIDATION_FAILED", "MALFORMED_JSON", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"] as const) codes.add(c);
  for (const c of endpoint.errors ?? []) codes.add(c);
  codes.add("METHOD_NOT_ALLOWED");
  codes.add("SERVICE_UNAVAILABLE");
  codes.add("INTERNAL");
  return [...codes].sort((a, b) => ERRORS[a].status - ERRORS[b].status || a.localeCompare(b));
}
