import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";

describe(`Serveur (${databaseKind})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("répond à /healthz tant que le processus tourne", async () => {
    const r = await fetch(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ok" });
  });

  it("répond 200 à /readyz quand la base répond", async () => {
    const r = await fetch(`${server.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ database: "ok" });
  });

  it("donne à chaque réponse un identifiant de requête, en gardant celui de l'appelant s'il est sain", async () => {
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "lb-1234567890" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-1234567890");
    const replaced = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "<script>" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("<script>");
  });

  it("a peuplé la base vide au premier démarrage", async () => {
    expect(await server.db.prisma.application.count()).toBe(5);
    expect(await server.db.prisma.structure.count({ where: { parentId: null } })).toBe(1);
  });
});
