// People put straight into the database (as the seed would), for a test that needs someone nobody
// else touches.
import crypto from "node:crypto";
import { inject } from "vitest";
import type { Database } from "../../apps/idp/src/db/database.js";
import { applicationId, roleId, structureId } from "../../apps/idp/src/db/seed.js";
import { userSearchText } from "../../apps/idp/src/lib/text.js";
import { hashPassword } from "../../apps/idp/src/auth/password.js";
import { PASSWORD } from "./people.js";

interface Agent {
  email: string;
  firstName: string;
  lastName: string;
  /** The home (structure d'appartenance), by its seed code. */
  structureCode: string;
  /** Give him the tests' password (people inserted after the global setup have none). */
  password?: boolean;
  /** Roles, each held for a structure (seed codes). */
  roles?: { application: string; role: string; heldFor: string }[];
  /** Référent of a structure (and its sub-tree) for these applications; he gets the tests' TOTP application. */
  referentOf?: { structure: string; applications: string[] };
}

export async function insertAgent(db: Database, a: Agent) {
  const person = { email: a.email, identifiant: a.email, firstName: a.firstName, lastName: a.lastName };
  const user = await db.prisma.user.create({
    data: {
      id: crypto.randomUUID(),
      ...person,
      emailLower: a.email.toLowerCase(),
      structureId: structureId(a.structureCode),
      searchText: userSearchText(person),
      ...(a.password ? { passwordHash: await hashPassword(PASSWORD), passwordChangedAt: new Date() } : {}),
    },
  });
  for (const r of a.roles ?? []) {
    await db.prisma.roleAssignment.create({
      data: { userId: user.id, roleId: roleId(r.application, r.role), structureId: structureId(r.heldFor) },
    });
  }
  if (a.referentOf) {
    await db.prisma.mandate.create({
      data: {
        userId: user.id,
        kind: "REFERENT",
        structureId: structureId(a.referentOf.structure),
        applications: { create: a.referentOf.applications.map((code) => ({ applicationId: applicationId(code) })) },
      },
    });
    // A référent signs in with a second factor, as the seed's référents do (support/sign-in.ts answers it).
    await db.prisma.authFactor.create({
      data: {
        userId: user.id,
        kind: "TOTP",
        name: "Application d'authentification",
        totpSecretEncrypted: inject("sealedTotpSecret"),
        confirmedAt: new Date(),
      },
    });
  }
  return user;
}
