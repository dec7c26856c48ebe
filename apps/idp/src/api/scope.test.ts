// One definition of a référent's scope: its SQL (fast search paths, exports) and its Prisma filters
// select the same rows, for every mandate of the seeded directory plus a shared agent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/database.js";
import { seed, structureId } from "../db/seed.js";
import { createSecretBox } from "../lib/secretbox.js";
import type { Database } from "../db/database.js";
import {
  prismaAssignmentsInScope,
  prismaUsersInScope,
  scopeRoots,
  sqlAssignmentsInScope,
  sqlUsersInScope,
  type ScopeActor,
} from "./scope.js";
import { structureTree } from "./structure-tree.js";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
  await seed(db.prisma, {
    publicUrl: "http://127.0.0.1:3000",
    demoRpUrl: "http://127.0.0.1:3001",
    box: createSecretBox(Buffer.alloc(32, 7)),
  });
  // An agent of Montreuil also attached to L'Haÿ-les-Roses.
  const u = await db.prisma.user.findUniqueOrThrow({ where: { emailLower: "marc.lefebvre@montreuil.fr" } });
  await db.prisma.membership.create({ data: { userId: u.id, structureId: structureId("94-lhay-les-roses-dg-rh-paie") } });
});
afterAll(async () => {
  await db?.close();
});

async function actors(): Promise<ScopeActor[]> {
  const mandates = await db.prisma.mandate.findMany({ where: { kind: "REFERENT" }, include: { applications: true } });
  const byUser = new Map<string, ScopeActor>();
  for (const m of mandates) {
    const a = byUser.get(m.userId) ?? { cigAdmin: false, referent: [] };
    a.referent.push({ structureId: m.structureId!, applicationIds: m.applications.map((x) => x.applicationId) });
    byUser.set(m.userId, a);
  }
  return [...byUser.values(), { cigAdmin: false, referent: [] }, { cigAdmin: true, referent: [] }];
}

describe("le périmètre d'un référent, défini une fois", () => {
  it("le SQL des recherches et le filtre Prisma désignent les mêmes utilisateurs et les mêmes habilitations", async () => {
    const tree = await structureTree(db.sql);
    for (const actor of await actors()) {
      const params: unknown[] = [];
      const p = (v: unknown, cast: string) => (params.push(v), `$${params.length}::${cast}`);
      const cond = sqlUsersInScope(scopeRoots(actor), tree, p) ?? "TRUE";
      const bySql = (await db.pool.query(`SELECT u.id::text FROM "User" u WHERE ${cond} ORDER BY 1`, params)).rows.map((r) => r.id);
      const byPrisma = (
        await db.prisma.user.findMany({ where: prismaUsersInScope(scopeRoots(actor)) ?? {}, select: { id: true }, orderBy: { id: "asc" } })
      ).map((u) => u.id);
      expect(bySql).toEqual(byPrisma);
      if (actor.referent.length) expect(bySql.length).toBeGreaterThan(0);

      for (const applicationId of [...new Set(actor.referent.flatMap((m) => m.applicationIds))]) {
        const ps: unknown[] = [];
        const q = (v: unknown, cast: string) => (ps.push(v), `$${ps.length}::${cast}`);
        const held = sqlAssignmentsInScope(actor, tree, q) ?? "TRUE";
        const sql = (
          await db.pool.query(
            `SELECT ra.id::text FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" WHERE ${held} AND r."applicationId" = ${q(applicationId, "uuid")} ORDER BY 1`,
            ps,
          )
        ).rows.map((r) => r.id);
        const prisma = (
          await db.prisma.roleAssignment.findMany({
            where: { AND: [prismaAssignmentsInScope(scopeRoots(actor, applicationId)) ?? {}, { role: { applicationId } }] },
            select: { id: true },
            orderBy: { id: "asc" },
          })
        ).map((r) => r.id);
        expect(sql).toEqual(prisma);
      }
    }
  });
});
