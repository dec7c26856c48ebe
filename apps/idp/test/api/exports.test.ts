// « Je réalise une extraction sous format Excel »: what Excel in French expects — days « jj/mm/aaaa »,
// the last login « jj/mm/aaaa hh:mm » in Europe/Paris, one cell per fact, a role named once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { EXPORT_COLUMNS } from "@convergences/contract";
import { startTestServer, type TestServer } from "../support/server.js";
import { roleId, structureId, userId } from "../../src/db/seed.js";
import { providerTokens } from "./provider-tokens.js";

const JULIEN = userId("julien.petit@lhaylesroses.fr");
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  token = await (await providerTokens(server)).forUser("wonder.woman@yopmail.com");
  const { prisma } = server.db;
  await prisma.user.update({
    where: { id: JULIEN },
    data: {
      validFrom: new Date("2026-03-05T00:00:00.000Z"),
      validUntil: new Date("2027-01-31T00:00:00.000Z"),
      // 22:30 UTC on 1 July is 00:30 on 2 July in Paris (summer time).
      lastLoginAt: new Date("2026-07-01T22:30:00.000Z"),
    },
  });
  // The same role held for a second structure of the référente's body.
  await prisma.roleAssignment.create({
    data: { userId: JULIEN, roleId: roleId("bip", "consultation"), structureId: structureId("94-lhay-les-roses-dg-rh-paie") },
  });
});
afterAll(async () => {
  await server?.stop();
});

const column = (key: (typeof EXPORT_COLUMNS)[number][0]) => EXPORT_COLUMNS.findIndex(([k]) => k === key);

describe("Je réalise une extraction sous format Excel", () => {
  it("De la liste de tous les utilisateurs : dates en jj/mm/aaaa, dernière connexion en jj/mm/aaaa hh:mm (Europe/Paris), un rôle nommé une fois", async () => {
    const response = await fetch(`${server.url}/api/v1/exports/users.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const rows = Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, ""), { delimiter: ";" }).data.filter((r) => r.length > 1);
    expect(rows[0]).toEqual(EXPORT_COLUMNS.map(([, label]) => label));
    const julien = rows.find((r) => r[column("email")] === "julien.petit@lhaylesroses.fr")!;
    expect(julien[column("validFrom")]).toBe("05/03/2026");
    expect(julien[column("validUntil")]).toBe("31/01/2027");
    expect(julien[column("lastLoginAt")]).toBe("02/07/2026 00:30");
    expect(julien[column("roles")]).toBe("BIP : Consultation BIP | Net-CAP : Consultation CAP");
    for (const row of rows.slice(1)) {
      for (const key of ["validFrom", "validUntil"] as const) expect(row[column(key)]).toMatch(/^(\d{2}\/\d{2}\/\d{4})?$/);
      expect(row[column("lastLoginAt")]).toMatch(/^(\d{2}\/\d{2}\/\d{4} \d{2}:\d{2})?$/);
      const roles = row[column("roles")]!.split(" | ").filter(Boolean);
      expect(new Set(roles).size).toBe(roles.length);
    }
  });
});
