// An agent put straight into the database (as the seed would), for a test that needs someone nobody
// else touches.
import crypto from "node:crypto";
import type { Database } from "../../apps/idp/src/db/database.js";
import { structureId } from "../../apps/idp/src/db/seed.js";
import { userSearchText } from "../../apps/idp/src/lib/text.js";

export async function insertAgent(db: Database, a: { email: string; firstName: string; lastName: string; structureCode: string }) {
  const person = { email: a.email, identifiant: a.email, firstName: a.firstName, lastName: a.lastName };
  return db.prisma.user.create({
    data: { id: crypto.randomUUID(), ...person, emailLower: a.email.toLowerCase(), structureId: structureId(a.structureCode), searchText: userSearchText(person) },
  });
}
