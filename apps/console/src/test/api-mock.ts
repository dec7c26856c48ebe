// The network boundary of the console, mocked: `fetch` answers from a table of routes, and every
// request is recorded (method, path, query, headers, body) for the test to assert on.
import { vi } from "vitest";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: Recorded) => Reply | Promise<Reply>;

export function mockApi(routes: Record<string, Handler | Reply>) {
  const calls: Recorded[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://console.test");
    const method = (init.method ?? "GET").toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, "");
    const body = typeof init.body === "string" ? JSON.parse(init.body) : init.body;
    const request: Recorded = { method, path, query: url.searchParams, headers: { ...(init.headers as Record<string, string>) }, body };
    calls.push(request);
    const route = routes[`${method} ${path}`];
    if (!route)
      return new Response(JSON.stringify({ title: "Not mocked", status: 404, detail: `${method} ${path} non simulé` }), { status: 404 });
    const reply = typeof route === "function" ? await route(request) : route;
    const status = reply.status ?? 200;
    const problem = status >= 400;
    return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
      status,
      headers: { "Content-Type": problem ? "application/problem+json" : "application/json", ...reply.headers },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    calls,
    /** The requests made to one route. */
    to: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}
