import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, databaseKind } from "../support/database.js";
import { migrate, readMigrations } from "../../src/db/migrate.js";
import { seed, structureId, userId } from "../../src/db/seed.js";
import { structureTree } from "../../src/api/structure-tree.js";
import { createSecretBox } from "../../src/lib/secretbox.js";
import type { Database } from "../../src/db/database.js";
import { userSearchText } from "../../src/lib/text.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const box = createSecretBox(Buffer.alloc(32, 7));
const seedOptions = { publicUrl: "http://127.0.0.1:3000", demoRpUrl: "http://127.0.0.1:3001", box };

describe(`Fondations de la base de données (${databaseKind})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("applique une seule fois les migrations du dépôt à une base vide", async () => {
    const before = await db.pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(before.rows[0].n).toBe(0);
    const applied = await migrate(db.pool);
    expect(applied).toEqual(readMigrations().map((m) => m.name));
    const tables = await db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        "Structure",
        "User",
        "Membership",
        "Application",
        "Role",
        "RoleAssignment",
        "Mandate",
        "MandateApplication",
        "AuditEvent",
        "OneTimeToken",
        "MailOutbox",
        "OidcPayload",
        "SigningKey",
        "ServerSecret",
        "LoginThrottle",
        "AuthFactor",
        "RecoveryCode",
        "WebAuthnChallenge",
        "_prisma_migrations",
      ]),
    );
    const recorded = await db.pool.query(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"`);
    expect(recorded.rows.map((r) => r.migration_name)).toEqual(applied);
    expect(recorded.rows.every((r) => r.finished_at && r.checksum.length === 64)).toBe(true);
    // A second start applies nothing.
    expect(await migrate(db.pool)).toEqual([]);
  });

  it("refuse de démarrer sur une migration modifiée après son application", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conv-mig-"));
    for (const m of readMigrations()) {
      fs.mkdirSync(path.join(dir, m.name));
      fs.writeFileSync(path.join(dir, m.name, "migration.sql"), m.sql + "\n-- edited\n");
    }
    await expect(migrate(db.pool, dir)).rejects.toThrow(/modifiée après avoir été appliquée/);
    fs.rmSync(dir, { recursive: true });
  });

  it("insère l'arborescence du CIG, les cinq applications et leurs rôles ; une deuxième fois ne change rien", async () => {
    const first = await seed(db.prisma, seedOptions);
    expect(first.created).toBe(true);
    const snapshot = async () => {
      const tables = ["Structure", "Application", "Role", "User", "Mandate", "MandateApplication", "RoleAssignment"];
      const out: Record<string, unknown> = {};
      for (const t of tables) {
        out[t] = (await db.pool.query(`SELECT * FROM "${t}" ORDER BY 1, 2`)).rows;
      }
      return out;
    };
    const before = await snapshot();
    const second = await seed(db.prisma, seedOptions);
    expect(second.created).toBe(false);
    expect(await snapshot()).toEqual(before);

    const apps = await db.prisma.application.findMany({ include: { roles: true }, orderBy: { tileOrder: "asc" } });
    expect(apps.map((a) => a.name)).toEqual([
      "Annuaire des Identités et des Accès",
      "BIP",
      "Net-CAP",
      "Net-Cotisations",
      "Site internet (contenus restreints)",
    ]);
    expect(apps.find((a) => a.code === "netcap")!.roles.map((r) => r.label)).toContain("Gestionnaire CAP coll./EP");
    expect(apps.find((a) => a.code === "aia")!.requiresRole).toBe(false);
    expect(apps.find((a) => a.code === "aia")!.clientSecretEncrypted).toBeNull();
    expect(apps.filter((a) => a.code !== "aia").every((a) => a.roles.length > 0 && a.clientSecretEncrypted)).toBe(true);

    const admin = await db.prisma.mandate.findFirst({ where: { kind: "CIG_ADMIN" }, include: { user: true } });
    expect(admin?.user.email).toBe("correspondantcig@cig929394.fr");
    expect(await db.prisma.mandate.count({ where: { kind: "REFERENT" } })).toBeGreaterThanOrEqual(3);
    expect(await db.prisma.roleAssignment.count()).toBeGreaterThan(5);
    // Nobody is seeded with a password: the first sign-in goes through a one-time link.
    expect(await db.prisma.user.count({ where: { passwordHash: { not: null } } })).toBe(0);

    const agrh = await db.prisma.structure.findFirstOrThrow({ where: { code: "94-lhay-les-roses-dg-rh-agrh" } });
    const tree = await structureTree(db.sql);
    expect(agrh.name).toBe("DirG RH AGRH");
    expect(tree.ref(agrh.id)?.path).toBe("cig-pc / collectivites / L'Haÿ-les-Roses / Direction générale / DirG RH AGRH");
  });

  it("rend exactement la sous-arborescence d'une structure : elle et ses descendantes, rien d'autre", async () => {
    const all = await db.prisma.structure.findMany();
    const root = structureId("94-lhay-les-roses");
    // Expected by walking parent links, independently of ancestorIds.
    const expected = new Set([root]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of all)
        if (s.parentId && expected.has(s.parentId) && !expected.has(s.id)) {
          expected.add(s.id);
          grew = true;
        }
    }
    const tree = await structureTree(db.sql);
    const ids = tree.subtree([root]);
    expect(new Set(ids)).toEqual(expected);
    expect(ids.length).toBe(6); // the body, 2 directions, 3 services
    expect(new Set(tree.subtree([structureId("cig-pc")]))).toEqual(new Set(all.map((s) => s.id)));
    const leaf = structureId("94-lhay-les-roses-dg-rh-agrh");
    expect(tree.subtree([leaf])).toEqual([leaf]);
    // Users of a sub-tree through the same array containment (the GIN index).
    const users = await db.prisma.user.findMany({ where: { structure: { ancestorIds: { has: root } } }, select: { id: true } });
    expect(users.map((u) => u.id)).toEqual(
      expect.arrayContaining([userId("wonder.woman@yopmail.com"), userId("julien.petit@lhaylesroses.fr")]),
    );
    expect(users.map((u) => u.id)).not.toContain(userId("paul.durand@montreuil.fr"));
  });

  it("la requête de sous-arborescence passe par l'index GIN sur ancestorIds", async () => {
    const client = await db.pool.connect();
    try {
      await client.query("SET enable_seqscan = off");
      const plan = await client.query(`EXPLAIN SELECT id FROM "Structure" WHERE "ancestorIds" @> ARRAY[$1]::uuid[]`, [
        structureId("93-montreuil"),
      ]);
      expect(plan.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("Structure_ancestorIds_idx");
    } finally {
      await client.query("RESET enable_seqscan");
      client.release();
    }
  });

  it("refuse un second compte dont l'adresse mail ne diffère que par la casse", async () => {
    const base = { identifiant: "x", lastName: "DUPONT", firstName: "Jean", structureId: structureId("93-montreuil"), searchText: "" };
    await db.prisma.user.create({ data: { ...base, email: "Jean.Dupont@Montreuil.fr", emailLower: "jean.dupont@montreuil.fr" } });
    await expect(
      db.prisma.user.create({ data: { ...base, email: "JEAN.DUPONT@montreuil.FR", emailLower: "jean.dupont@montreuil.fr" } }),
    ).rejects.toThrow();
    // The database itself keeps emailLower = lower(email): a caller cannot bypass the rule.
    await expect(
      db.pool.query(
        `INSERT INTO "User" (id, email, "emailLower", identifiant, "lastName", "firstName", "structureId", "searchText", "updatedAt")
         VALUES (gen_random_uuid(), 'JEAN.DUPONT@MONTREUIL.FR', 'other@montreuil.fr', 'x', 'D', 'J', $1, '', now())`,
        [structureId("93-montreuil")],
      ),
    ).rejects.toThrow(/User_emailLower_check/);
    expect(await db.prisma.user.count({ where: { emailLower: "jean.dupont@montreuil.fr" } })).toBe(1);
  });

  it("trouve les utilisateurs par un fragment de leur nom, accents ignorés, par l'index trigramme", async () => {
    const u = await db.prisma.user.findUniqueOrThrow({ where: { id: userId("lea.moreau@nanterre.fr") } });
    expect(u.searchText).toBe(userSearchText(u));
    const r = await db.pool.query(`SELECT email FROM "User" WHERE "searchText" LIKE $1`, ["%moreau lea%"]);
    expect(r.rows.map((x) => x.email)).toEqual(["lea.moreau@nanterre.fr"]);
    const client = await db.pool.connect();
    try {
      // On this small directory, scanning the whole name index (it carries the search text too) costs
      // less than the trigram index: that one is left aside, inside a transaction rolled back.
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      await client.query(`DROP INDEX "User_lastName_firstName_idx"`);
      const plan = await client.query(`EXPLAIN SELECT id FROM "User" WHERE "searchText" LIKE '%moreau%'`);
      expect(plan.rows.map((x) => x["QUERY PLAN"]).join("\n")).toContain("User_searchText_idx");
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
