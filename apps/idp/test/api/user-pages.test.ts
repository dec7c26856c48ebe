// « Utilisateurs » on a directory larger than the counting cap (10,500 generated agents): whatever
// plan the API picks for a page (name-index walk, name-range probe, sorted matches, capped count), the
// rows are those of a plain ORDER BY … LIMIT, and the total is exact up to 10,000 (1,000 for a search). The CSV
// export streams every row of a sub-tree from one cursor, and a download closed midway frees its
// connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { generateDirectory } from "../../src/db/generate.js";
import { seed, structureId, userId } from "../../src/db/seed.js";
import { createSecretBox } from "../../src/lib/secretbox.js";
import type { Database } from "../../src/db/database.js";
import { createTestDatabase } from "../support/database.js";

const TEST_SECRET_KEY = "0123456789abcdef".repeat(4);
import { api, signer } from "./support.js";
import { tuning } from "../../src/api/user-search.js";

let server: TestServer;
let admin: ReturnType<typeof api>;
let generatedBody: string;

/** The ids PostgreSQL returns for a plain ORDER BY … LIMIT, the reference every plan must match. */
async function reference(where: string, params: unknown[], order: string, skip: number, take: number) {
  const n = params.length;
  const rows = await server.db.pool.query(
    `SELECT u.id::text FROM "User" u WHERE ${where} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, take, skip],
  );
  const count = await server.db.pool.query(`SELECT count(*)::int AS n FROM "User" u WHERE ${where}`, params);
  return { ids: rows.rows.map((r) => r.id as string), count: count.rows[0].n as number };
}
const NAME = `u."lastName", u."firstName", u.id`;

let db: Database;
beforeAll(async () => {
  // Seeded and generated before the server starts (its mail worker would share the embedded database).
  db = await createTestDatabase();
  await seed(db.prisma, {
    publicUrl: "http://127.0.0.1:3000",
    demoRpUrl: "http://127.0.0.1:3001",
    box: createSecretBox(Buffer.from(TEST_SECRET_KEY, "hex")),
  });
  // The dense names (36 × 30 in turn): a common surname matches hundreds of people spread over the name order.
  const generated = await generateDirectory(db.pool, { users: 10_500, bodies: 10, scenario: "dense" });
  expect(generated.users).toBe(10_500);
  generatedBody = (
    await db.pool.query(`SELECT id::text FROM "Structure" WHERE code LIKE 'gen-%' AND kind = 'COLLECTIVITE' ORDER BY code LIMIT 1`)
  ).rows[0].id;
  await db.pool.query("ANALYZE");
  server = await startTestServer({ SECRET_KEY: TEST_SECRET_KEY }, { db });
  admin = api(server, await (await signer(server)).forAdminClient());
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe("Utilisateurs, sur plus d'utilisateurs que l'API n'en compte", () => {
  it("la liste complète de l'administrateur CIG : première page dans l'ordre des noms, « plus de 10 000 »", async () => {
    const r = await admin("GET", "/users?pageSize=20");
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ total: 10_000, totalIsLowerBound: true, page: 1, pageSize: 20 });
    expect(r.data.items.map((u: { id: string }) => u.id)).toEqual((await reference("TRUE", [], NAME, 0, 20)).ids);
  });

  it("une recherche qui couvre la plus grande part de l'annuaire (parcours de l'index des noms) : mêmes lignes, total donné comme minimum", async () => {
    for (const page of [1, 7]) {
      const r = await admin("GET", `/users?q=agents.exam&page=${page}&pageSize=50`);
      expect(r.data.totalIsLowerBound).toBe(true);
      expect(r.data.total).toBe(1_000); // a search is counted up to 1,000 ("plus de 1 000": refine it)
      expect(r.data.items.map((u: { id: string }) => u.id)).toEqual(
        (await reference(`u."searchText" LIKE '%agents.exam%'`, [], NAME, (page - 1) * 50, 50)).ids,
      );
    }
  });

  it("un nom dont les lignes sont au milieu de l'ordre des noms (correspondances triées) : mêmes lignes, total exact", async () => {
    const ref = await reference(`u."searchText" LIKE '%martin%'`, [], NAME, 40, 20);
    expect(ref.count).toBeGreaterThan(250);
    const r = await admin("GET", "/users?q=martin&page=3&pageSize=20");
    expect(r.data.total).toBe(ref.count);
    expect(r.data.totalIsLowerBound).toBeUndefined();
    expect(r.data.items.map((u: { id: string }) => u.id)).toEqual(ref.ids);
    const beyond = await admin("GET", "/users?q=martin&page=500&pageSize=20");
    expect(beyond.data).toMatchObject({ items: [], total: ref.count });
  });

  it("des filtres sans recherche sur plus de 10 000 utilisateurs, triés par adresse mail (hors de l'ordre d'un index) : mêmes lignes", async () => {
    const r = await admin("GET", "/users?locked=false&sort=email&order=desc&page=2&pageSize=20");
    expect(r.data).toMatchObject({ total: 10_000, totalIsLowerBound: true });
    expect(r.data.items.map((u: { id: string }) => u.id)).toEqual(
      (await reference("u.locked = false", [], `u.email DESC, u.id`, 20, 20)).ids,
    );
  });

  it("la sous-arborescence d'une structure (quelques milliers d'agents) : total exact et ordre des noms", async () => {
    const where = `u."structureId" IN (SELECT id FROM "Structure" WHERE "ancestorIds" @> ARRAY[$1]::uuid[])`;
    const ref = await reference(where, [generatedBody], NAME, 100, 25);
    const r = await admin("GET", `/structures/${generatedBody}/members?subtree=true&page=5&pageSize=25`);
    expect(r.data.total).toBe(ref.count);
    expect(r.data.items.map((u: { id: string }) => u.id)).toEqual(ref.ids);
    expect(r.data.items[0].structure.path).toMatch(
      /^cig-pc \/ collectivites \/ Collectivité générée .* \/ Direction .* \/ Service \d\.\d$/,
    );
  });

  it("un référent qui cherche dans sa sous-arborescence ne voit que ses utilisateurs, y compris par le nom de la structure", async () => {
    const ref = await api(server, await (await signer(server)).forUser("wonder.woman@yopmail.com"))("GET", "/users?q=agents.exam");
    expect(ref.status).toBe(200);
    expect(ref.data.total).toBe(0);
    const own = await api(server, await (await signer(server)).forUser("wonder.woman@yopmail.com"))("GET", "/users?pageSize=200");
    expect(own.data.totalIsLowerBound).toBeUndefined();
    expect(own.data.items.some((u: { id: string }) => u.id === userId("wonder.woman@yopmail.com"))).toBe(true);
  });
});

describe("chaque plan de page, avec des seuils réduits à la taille de cet annuaire", () => {
  it("le parcours, la sonde par plage de noms et les correspondances triées donnent les lignes et les totaux d'une requête simple, dans les deux ordres", async () => {
    const saved = { ...tuning };
    Object.assign(tuning, { countCap: 2_000, searchCountCap: 300, walkRows: 200, walkMaxRows: 600, probeRows: 1_500, boundaryTtlMs: 0 });
    try {
      const referent = api(server, await (await signer(server)).forUser("wonder.woman@yopmail.com"));
      for (const term of ["agents.exam", "camille", "sophie", "elodie", "martin", "garc", "bernard lu", "nguyen thomas", "zzzz"]) {
        for (const [page, order] of [
          [1, "asc"],
          [4, "asc"],
          [2, "desc"],
        ] as const) {
          const dir = order === "desc" ? "DESC" : "ASC";
          const ref = await reference(
            `u."searchText" LIKE $1`,
            [`%${term}%`],
            `u."lastName" ${dir}, u."firstName" ${dir}, u.id`,
            (page - 1) * 20,
            20,
          );
          const r = await admin("GET", `/users?q=${encodeURIComponent(term)}&page=${page}&pageSize=20&order=${order}`);
          expect(r.status, term).toBe(200);
          expect(
            r.data.items.map((u: { id: string }) => u.id),
            `${term} page ${page} ${order}`,
          ).toEqual(ref.ids);
          if (r.data.totalIsLowerBound) {
            expect(r.data.total).toBe(300);
            expect(ref.count).toBeGreaterThan(300);
          } else expect(r.data.total, `${term} total`).toBe(ref.count);
        }
      }
      // A filter with more matches than the list's cap, and a référent's scope with a search.
      const unlocked = await admin("GET", "/users?locked=false&page=3&pageSize=20");
      expect(unlocked.data).toMatchObject({ total: 2_000, totalIsLowerBound: true });
      expect(unlocked.data.items.map((u: { id: string }) => u.id)).toEqual((await reference("u.locked = false", [], NAME, 40, 20)).ids);
      const mine = await referent("GET", "/users?q=yopmail");
      expect(mine.data.items.map((u: { id: string }) => u.id)).toContain(userId("wonder.woman@yopmail.com"));
    } finally {
      Object.assign(tuning, saved);
    }
  }, 120_000);
});

describe("Je réalise une extraction d'une grande sous-arborescence", () => {
  it("chaque utilisateur de la sous-arborescence, trié par nom, sort d'un seul curseur", async () => {
    const res = await fetch(`${server.url}/api/v1/exports/structures/${structureId("collectivites")}/users.csv`, {
      headers: { authorization: `Bearer ${await (await signer(server)).forAdminClient()}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.split("\r\n").filter(Boolean);
    const expected = (
      await server.db.pool.query(
        `SELECT count(*)::int AS n FROM "User" u WHERE u."structureId" IN (SELECT id FROM "Structure" WHERE "ancestorIds" @> ARRAY[$1]::uuid[])
          OR u.id IN (SELECT m."userId" FROM "Membership" m JOIN "Structure" s ON s.id = m."structureId" WHERE s."ancestorIds" @> ARRAY[$1]::uuid[])`,
        [structureId("collectivites")],
      )
    ).rows[0].n;
    expect(lines.length - 1).toBe(expected);
    expect(expected).toBeGreaterThan(10_500);
    const names = lines.slice(1).map((l) => l.split(";")[0]!.replace(/^"|"$/g, ""));
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(text).toContain("BIP : Consultation BIP");
  });

  it("un téléchargement interrompu met fin à sa transaction : l'API continue de répondre", async () => {
    const token = await (await signer(server)).forAdminClient();
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const res = await fetch(`${server.url}/api/v1/exports/users.csv`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      const reader = res.body!.getReader();
      await reader.read();
      controller.abort();
      await reader.cancel().catch(() => {});
    }
    const r = await admin("GET", "/users?q=martin");
    expect(r.status).toBe(200);
    expect(r.data.total).toBeGreaterThan(250);
  }, 60_000);
});
