import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { databaseKind } from "../support/database.js";

describe(`Server on ${databaseKind}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers /healthz while the process is up", async () => {
    const r = await fetch(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz 200 when the database answers", async () => {
    const r = await fetch(`${server.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ database: "ok" });
  });

  it("gives every response a request id, keeping a sane one from the caller", async () => {
    const generated = await fetch(`${server.url}/healthz`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "lb-1234567890" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-1234567890");
    const replaced = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "<script>" } });
    expect(replaced.headers.get("x-request-id")).not.toBe("<script>");
  });

  it("seeded the empty database at first start", async () => {
    expect(await server.db.prisma.application.count()).toBe(5);
    expect(await server.db.prisma.structure.count({ where: { parentId: null } })).toBe(1);
  });
});
