// The endpoint table is the API: every route the server mounts is an entry of it and an operation of
// the OpenAPI document, the document is valid OpenAPI 3.1, and who may call an entry is what the
// server enforces (no token → 401; a plain agent is refused every référent's or administrator's entry).
import crypto from "node:crypto";
import SwaggerParser from "@apidevtools/swagger-parser";
import { ACCESS, API_PREFIX, ENDPOINTS, type Endpoint, errorsOf, openApiPath, pathOf } from "@convergences/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRouters } from "../../src/api/index.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { providerTokens } from "./provider-tokens.js";

let server: TestServer;
let agentToken: string;
const entries = Object.entries(ENDPOINTS) as [string, Endpoint][];
const key = (method: string, path: string) => `${method} ${path}`;
const someParams = (e: Endpoint) => Object.fromEntries(Object.keys(e.params ?? {}).map((p) => [p, crypto.randomUUID()]));

beforeAll(async () => {
  server = await startTestServer();
  agentToken = await (await providerTokens(server)).forUser("julien.petit@lhaylesroses.fr");
});
afterAll(async () => {
  await server?.stop();
});

describe("Une seule table des points d'entrée de l'API", () => {
  it("chaque route montée par le serveur est une entrée de la table, et chaque entrée est montée une fois", () => {
    const { open, api } = apiRouters(server);
    const mounted = [...open.stack, ...api.stack]
      .filter((layer) => layer.methods.length > 0)
      .flatMap((layer) => layer.methods.filter((m) => m !== "HEAD").map((m) => key(m, String(layer.path).slice(API_PREFIX.length))));
    const declared = entries.map(([, e]) => key(e.method, e.path));
    expect(new Set(mounted).size).toBe(mounted.length);
    expect([...mounted].sort()).toEqual([...declared].sort());
    // Public entries only before authentication.
    for (const layer of open.stack.filter((l) => l.methods.length)) {
      const e = entries.find(([, e]) => API_PREFIX + e.path === layer.path)![1];
      expect(e.access).toBe("public");
    }
  });

  it("le document OpenAPI servi décrit chaque entrée (une opération par entrée, rien d'autre) et il est valide", async () => {
    const res = await fetch(`${server.url}${API_PREFIX}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => key(m.toUpperCase(), path)));
    expect(operations.sort()).toEqual(entries.map(([, e]) => key(e.method, openApiPath(e.path))).sort());
    for (const [name, e] of entries) {
      const op = doc.paths[openApiPath(e.path)]![e.method.toLowerCase()]!;
      expect(op.operationId).toBe(name);
      expect(Object.keys(op.responses)).toContain(String(e.status ?? 200));
      for (const code of errorsOf(e)) expect(JSON.stringify(op.responses)).toContain(code);
    }
    // Throws with the first error found; structuredClone because the validator dereferences in place.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it("« Je réaffecte une habilitation » est une entrée de la table, nommée d'après le guide", () => {
    const [name, e] = entries.find(([, e]) => e.guide === "Je réaffecte une habilitation")!;
    expect(name).toBe("reaffecterUneHabilitation");
    expect(e.method).toBe("POST");
    expect(e.path).toBe("/applications/:id/roles/:roleId/members/:userId/reassign");
    expect(ACCESS[e.access]).toBe("Administrateur CIG ; référent (périmètre)");
  });

  it("sans jeton, chaque entrée non publique répond 401 « Vous devez vous connecter »", async () => {
    for (const [name, e] of entries.filter(([, e]) => e.access !== "public")) {
      const res = await fetch(`${server.url}${API_PREFIX}${pathOf(e, someParams(e))}`, { method: e.method });
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(((await res.json()) as { code: string }).code).toBe("UNAUTHENTICATED");
    }
  });

  it("un agent sans mandat n'obtient rien des entrées réservées aux référents et aux administrateurs", async () => {
    const reserved = entries.filter(([, e]) => e.access === "referent" || e.access === "cig");
    expect(reserved.length).toBeGreaterThan(30);
    for (const [name, e] of reserved) {
      const res = await fetch(`${server.url}${API_PREFIX}${pathOf(e, someParams(e))}`, {
        method: e.method,
        headers: { authorization: `Bearer ${agentToken}`, ...(e.body ? { "content-type": "application/json" } : {}) },
        body: e.body ? "{}" : undefined,
      });
      expect({ name, refused: [400, 403, 404].includes(res.status) }).toEqual({ name, refused: true });
    }
  });
});
