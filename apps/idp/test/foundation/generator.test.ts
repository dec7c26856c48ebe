import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseKind } from "../support/database.js";
import { seed } from "../../src/db/seed.js";
import { generateDirectory } from "../../src/db/generate.js";
import { subtreeIds } from "../../src/db/subtree.js";
import { createSecretBox } from "../../src/lib/secretbox.js";
import type { Database } from "../../src/db/database.js";

describe(`Large directory generator on ${databaseKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seed(db.prisma, { publicUrl: "http://x", demoRpUrl: "http://y", box: createSecretBox(Buffer.alloc(32)) });
  });
  afterAll(async () => db?.close());

  it("adds the requested number of users under generated collectivités, directions and services", async () => {
    const before = await db.prisma.user.count();
    const r = await generateDirectory(db.pool, { users: 5_000, bodies: 5 });
    expect(r.users).toBe(5_000);
    expect(await db.prisma.user.count()).toBe(before + 5_000);
    const body = await db.prisma.structure.findFirstOrThrow({ where: { code: `gen-${r.run}-0` } });
    const ids = await subtreeIds(db.prisma, body.id);
    expect(ids).toHaveLength(1 + 2 + 4);
    // Spread evenly over the 5 × 4 services: 250 per service, this body has 4 of them.
    expect(await db.prisma.user.count({ where: { structureId: { in: ids } } })).toBe(1_000);
    // Emails unique case-insensitively and searchable.
    expect(await db.prisma.user.count({ where: { emailLower: { endsWith: "@agents.example.fr" } } })).toBe(5_000);
    expect(await db.prisma.roleAssignment.count({ where: { structureId: { in: ids } } })).toBeGreaterThan(300);
  });

  it("a second run adds a new set without clashing with the first", async () => {
    const r = await generateDirectory(db.pool, { users: 100, bodies: 1 });
    expect(r.users).toBe(100);
  });
});
