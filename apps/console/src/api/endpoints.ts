// The console's typed client, generated from the contract's endpoint table: `api.<entry>(input)`
// sends the entry's method to its path (parameters encoded, query string from the entry's query
// type, body checked against the entry's body type) and resolves to the entry's response type.
// « Je réaffecte une habilitation » is `api.reaffecterUneHabilitation({ params, body })`.
import {
  ENDPOINTS,
  type Endpoint,
  type EndpointName,
  type Endpoints,
  type NoInput,
  type RequestOf,
  type ResponseOf,
  pathOf,
} from "@convergences/contract";
import { saveDownload, send } from "./client";

export interface CallOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}
export type CallInput<E extends Endpoint> = RequestOf<E> & CallOptions;
/** A JSON entry resolves to its response; a CSV export is saved by the browser; a photo is a Blob, a page its text. */
export type Answer<E extends Endpoint> = E extends { response: "csv" }
  ? undefined
  : E extends { response: "image" }
    ? Blob
    : E extends { response: "html" }
      ? string
      : ResponseOf<E>;

type Call<E extends Endpoint> =
  NoInput<E> extends true ? (input?: CallInput<E>) => Promise<Answer<E>> : (input: CallInput<E>) => Promise<Answer<E>>;
export type Method<E extends Endpoint> = Call<E> & {
  /** The same call, with the ETag of the answer (for an If-Match when saving). */
  withEtag: (...input: Parameters<Call<E>>) => Promise<{ data: Answer<E>; etag: string | null }>;
};
export type Client = { [N in EndpointName]: Method<Endpoints[N]> };
/** What an entry's call takes (for the console's own query builders). */
export type InputOf<N extends EndpointName> = RequestOf<Endpoints[N]>;

type Loose = { params?: Record<string, string>; query?: object; body?: unknown } & CallOptions;

const queryString = (query: object | undefined) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") search.set(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : "";
};

async function request(endpoint: Endpoint, input: Loose = {}): Promise<Response> {
  const headers: Record<string, string> = { ...input.headers };
  if (endpoint.body === "image") headers["Content-Type"] = (input.body as Blob).type || "application/octet-stream";
  if (endpoint.response === "csv") headers.Accept = "text/csv";
  return send(`${pathOf(endpoint, input.params)}${queryString(input.query)}`, {
    method: endpoint.method,
    body: input.body,
    headers,
    signal: input.signal,
  });
}

async function decode(endpoint: Endpoint, response: Response): Promise<unknown> {
  if (endpoint.response === "csv") return saveDownload(response, endpoint.path.split("/").pop() ?? "export.csv");
  if (endpoint.response === "image") return response.blob();
  if (endpoint.response === "html") return response.text();
  if (response.status === 204) return undefined;
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

function method(endpoint: Endpoint) {
  const call = async (input?: Loose) => decode(endpoint, await request(endpoint, input));
  call.withEtag = async (input?: Loose) => {
    const response = await request(endpoint, input);
    return { data: await decode(endpoint, response), etag: response.headers.get("ETag") };
  };
  return call;
}

// The one place where the answer's type is asserted: each method's type is derived from the same
// entry that types the server's handler (apps/idp/src/api/endpoint.ts).
export const api = Object.fromEntries(Object.entries(ENDPOINTS).map(([name, e]) => [name, method(e)])) as unknown as Client;
