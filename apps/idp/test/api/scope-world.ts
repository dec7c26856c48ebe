// Building the people of a delegation test straight in the database (as a CIG script would), and
// tokens for them: signed by the server's own key in the provider's shape, with a second factor
// (référents and CIG administrators need one), or real client-credentials tokens for back-office clients.
import crypto from "node:crypto";
import * as oidc from "openid-client";
import type { TestServer } from "../support/server.js";
import { userSearchText } from "../../src/lib/text.js";
import { registerClient, relyingParty } from "../oidc/support.js";
import { signer } from "./support.js";

export interface PersonSpec {
  home: string;
  memberships?: string[];
  /** [roleId, held for structureId] */
  roles?: [string, string][];
  referentOf?: { structureId: string; applicationIds: string[] }[];
  cigAdmin?: boolean;
}

export interface Person {
  id: string;
  email: string;
  lastName: string;
  firstName: string;
}

export async function createPerson(server: TestServer, tag: string, spec: PersonSpec): Promise<Person> {
  return (await createPeople(server, [[tag, spec]]))[0]!;
}

/** Several people in one transaction (few statements: the tests make hundreds). */
export async function createPeople(server: TestServer, specs: [tag: string, spec: PersonSpec][]): Promise<Person[]> {
  const people = specs.map(([tag, spec]) => {
    const email = `${tag}@exemple-convergences.fr`;
    return {
      spec,
      person: {
        id: crypto.randomUUID(),
        email,
        lastName: `NOM${tag.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
        firstName: `Prenom${tag.replace(/[^A-Za-z0-9]/g, "")}`,
      },
    };
  });
  await server.db.prisma.$transaction(async (tx) => {
    await tx.user.createMany({
      data: people.map(({ person: { id, email, lastName, firstName }, spec }) => ({
        id,
        email,
        emailLower: email.toLowerCase(),
        identifiant: email,
        lastName,
        firstName,
        structureId: spec.home,
        searchText: userSearchText({ email, identifiant: email, lastName, firstName }),
      })),
    });
    const memberships = people.flatMap(({ person, spec }) =>
      (spec.memberships ?? []).map((structureId) => ({ userId: person.id, structureId })),
    );
    if (memberships.length) await tx.membership.createMany({ data: memberships });
    const roles = people.flatMap(({ person, spec }) =>
      (spec.roles ?? []).map(([roleId, structureId]) => ({ userId: person.id, roleId, structureId })),
    );
    if (roles.length) await tx.roleAssignment.createMany({ data: roles });
    const mandates = people.flatMap(({ person, spec }) => [
      ...(spec.cigAdmin
        ? [{ id: crypto.randomUUID(), userId: person.id, kind: "CIG_ADMIN" as const, structureId: null, apps: [] as string[] }]
        : []),
      ...(spec.referentOf ?? []).map((r) => ({
        id: crypto.randomUUID(),
        userId: person.id,
        kind: "REFERENT" as const,
        structureId: r.structureId,
        apps: r.applicationIds,
      })),
    ]);
    if (mandates.length) {
      await tx.mandate.createMany({ data: mandates.map(({ apps: _a, ...m }) => m) });
      const apps = mandates.flatMap((m) => m.apps.map((applicationId) => ({ mandateId: m.id, applicationId })));
      if (apps.length) await tx.mandateApplication.createMany({ data: apps });
    }
  });
  return people.map((p) => p.person);
}

export async function tokens(server: TestServer) {
  const s = await signer(server);
  const issuer = server.config.PUBLIC_URL;
  return {
    /** A person signed in to the AIA console with a password and a second factor. */
    // Two hours: a long matrix on a loaded machine must not outlive its tokens.
    forPerson: (id: string) =>
      s.sign({ sub: id, client_id: "aia-console", scope: "openid aia", amr: ["pwd", "otp", "mfa"] }, { exp: "2h" }),
    /** A registered back-office client (client credentials, aia:admin) and its real token. */
    async backOffice(code: string) {
      const client = await registerClient(server.db.prisma, server.box, {
        code: `${code}-${crypto.randomBytes(3).toString("hex")}`,
        scopes: ["aia:admin"],
        grantTypes: ["client_credentials"],
      });
      const rp = await relyingParty(issuer, { clientId: client.clientId, secret: client.secret });
      const grant = async () => (await oidc.clientCredentialsGrant(rp, { scope: "aia:admin", resource: `${issuer}/api/v1` })).access_token;
      return { ...client, token: await grant(), grant };
    },
  };
}
