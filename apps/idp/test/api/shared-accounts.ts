// For the use cases' tests: a server, the seeded actors' API clients (L'Haÿ-les-Roses' référent
// Wonder Woman for BIP and Net-CAP, Montreuil's Paul Durand for BIP and Net-Cotisations, the CIG
// administrator), and people shared between the two bodies.
import { startTestServer, type TestServer } from "../support/server.js";
import { roleId, structureId } from "../../src/db/seed.js";
import { userSearchText } from "../../src/lib/text.js";
import { api, signer } from "./support.js";

export const S = structureId("94-lhay-les-roses");
export const S_PAIE = structureId("94-lhay-les-roses-dg-rh-paie");
export const S_AGRH = structureId("94-lhay-les-roses-dg-rh-agrh");
export const M = structureId("93-montreuil");
export const M_COMPTA = structureId("93-montreuil-finances-compta");
export const M_RH = structureId("93-montreuil-dg-rh-agrh");
export const BIP_CONSULT = roleId("bip", "consultation");
export const BIP_GEST = roleId("bip", "gestionnaire");

export async function sharedAccounts() {
  const server: TestServer = await startTestServer();
  const s = await signer(server);
  const client = async (email: string) => api(server, await s.forUser(email));
  const actors = {
    lhay: await client("wonder.woman@yopmail.com"),
    montreuil: await client("paul.durand@montreuil.fr"),
    cig: await client("correspondantcig@cig929394.fr"),
  };
  let n = 0;
  /** A person whose home is `home`, also a member of `also`, holding BIP « consultation » for S and for M. */
  async function person(home: string, also: string | null, extra: { mandateOn?: string } = {}) {
    const email = `partage${++n}@exemple.fr`;
    const u = await server.db.prisma.user.create({
      data: {
        email,
        emailLower: email,
        identifiant: email,
        lastName: "PARTAGE",
        firstName: `Agent${n}`,
        structureId: home,
        searchText: userSearchText({ email, identifiant: email, lastName: "PARTAGE", firstName: `Agent${n}` }),
      },
    });
    if (also) await server.db.prisma.membership.create({ data: { userId: u.id, structureId: also } });
    await server.db.prisma.roleAssignment.createMany({
      data: [
        { userId: u.id, roleId: BIP_CONSULT, structureId: S },
        { userId: u.id, roleId: BIP_CONSULT, structureId: M },
      ],
    });
    if (extra.mandateOn)
      await server.db.prisma.mandate.create({
        data: {
          userId: u.id,
          kind: "REFERENT",
          structureId: extra.mandateOn,
          applications: {
            create: [{ applicationId: (await server.db.prisma.role.findUniqueOrThrow({ where: { id: BIP_CONSULT } })).applicationId }],
          },
        },
      });
    return { id: u.id, email };
  }
  const parts = async (id: string) => ({
    user: await server.db.prisma.user.findUnique({ where: { id }, select: { structureId: true, lastName: true, locked: true } }),
    memberships: (await server.db.prisma.membership.findMany({ where: { userId: id } })).map((m) => m.structureId).sort(),
    roles: (await server.db.prisma.roleAssignment.findMany({ where: { userId: id } })).map((r) => `${r.roleId}@${r.structureId}`).sort(),
  });
  return { server, actors, person, parts };
}
