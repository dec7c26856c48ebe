import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseKind } from "../support/database.js";
import { seed } from "../../src/db/seed.js";
import { generateDirectory } from "../../src/db/generate.js";
import { realisticNames } from "../../src/db/names.js";
import { structureTree } from "../../src/api/structure-tree.js";
import { createSecretBox } from "../../src/lib/secretbox.js";
import type { Database } from "../../src/db/database.js";

describe(`Générateur d'un grand annuaire (${databaseKind})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seed(db.prisma, { publicUrl: "http://x", demoRpUrl: "http://y", box: createSecretBox(Buffer.alloc(32)) });
  });
  afterAll(async () => db?.close());

  it("ajoute le nombre d'utilisateurs demandé sous des collectivités, directions et services générés", async () => {
    const before = await db.prisma.user.count();
    const r = await generateDirectory(db.pool, { users: 5_000, bodies: 5 });
    expect(r.users).toBe(5_000);
    expect(await db.prisma.user.count()).toBe(before + 5_000);
    const body = await db.prisma.structure.findFirstOrThrow({ where: { code: `gen-${r.run}-0` } });
    const ids = (await structureTree(db.sql)).subtree([body.id]);
    expect(ids).toHaveLength(1 + 2 + 4);
    // Spread evenly over the 5 × 4 services: 250 per service, this body has 4 of them.
    expect(await db.prisma.user.count({ where: { structureId: { in: ids } } })).toBe(1_000);
    // Emails unique case-insensitively and searchable.
    expect(await db.prisma.user.count({ where: { emailLower: { endsWith: "@agents.example.fr" } } })).toBe(5_000);
    expect(await db.prisma.roleAssignment.count({ where: { structureId: { in: ids } } })).toBeGreaterThan(300);
  });

  it("une deuxième exécution ajoute un nouveau lot sans conflit avec le premier", async () => {
    const r = await generateDirectory(db.pool, { users: 100, bodies: 1 });
    expect(r.users).toBe(100);
  });

  it("le scénario « dense » garde le pire cas : 36 noms × 30 prénoms, tour à tour", async () => {
    const r = await generateDirectory(db.pool, { users: 2_160, bodies: 1, scenario: "dense" });
    const rows = await db.pool.query<{ last: number; first: number }>(
      `SELECT count(DISTINCT "lastName")::int AS last, count(DISTINCT "firstName")::int AS first FROM "User" WHERE email LIKE $1`,
      [`%.${r.run}%@agents.example.fr`],
    );
    expect(rows.rows[0]).toEqual({ last: 36, first: 30 });
  });
});

describe("Noms réalistes du générateur", () => {
  it("des milliers de noms et de prénoms, de fréquence décroissante (Zipf), composés et accentués, les mêmes à chaque tirage", () => {
    const source = realisticNames();
    expect(source.surnames).toBeGreaterThan(3_000);
    expect(source.firstNames).toBeGreaterThan(3_000);
    const people = Array.from({ length: 100_000 }, () => source.next());
    const count = (xs: string[]) =>
      [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>()).values()].sort((a, b) => b - a);
    const surnames = count(people.map((p) => p.lastName));
    // A long tail: thousands of distinct surnames, the commonest about half a percent (MARTIN is ~0.3% in France).
    expect(surnames.length).toBeGreaterThan(5_000);
    expect(surnames[0]! / people.length).toBeLessThan(0.01);
    // Zipf-like: the 10th surname is several times more frequent than the 1,000th, which still occurs.
    expect(surnames[9]!).toBeGreaterThan(5 * surnames[999]!);
    expect(people.filter((p) => /-/.test(p.lastName)).length / people.length).toBeGreaterThan(0.02);
    expect(people.some((p) => /^(Jean|Marie)-/.test(p.firstName))).toBe(true);
    expect(people.filter((p) => /[À-ÿĀ-ž]/.test(p.lastName + p.firstName)).length / people.length).toBeGreaterThan(0.05);
    expect(people.every((p) => p.lastName === p.lastName.toLocaleUpperCase("fr-FR"))).toBe(true);
    expect(realisticNames().next()).toEqual(realisticNames().next());
  });
});
