// DESIGN.md's "Who may do what", enumerated: every actor × every route of the table below, with the
// expected allow/deny generated from who the actor is — not hand-picked cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { applicationId, roleId, structureId, userId } from "../../src/db/seed.js";
import { userSearchText } from "../../src/lib/text.js";
import { api } from "./support.js";
import { providerTokens } from "./provider-tokens.js";

type ActorName = "cigAdmin" | "adminClient" | "referentOfS" | "referentElsewhere" | "agent" | "anonymous";
const ACTORS: ActorName[] = ["cigAdmin", "adminClient", "referentOfS", "referentElsewhere", "agent", "anonymous"];
// S = L'Haÿ-les-Roses, whose référent (Wonder Woman) administers {bip, netcap}; Paul Durand is référent
// of Montreuil for {bip, netcotisations}; Julien Petit is an agent of S.
const EMAIL: Record<Exclude<ActorName, "adminClient" | "anonymous">, string> = {
  cigAdmin: "correspondantcig@cig929394.fr",
  referentOfS: "wonder.woman@yopmail.com",
  referentElsewhere: "paul.durand@montreuil.fr",
  agent: "julien.petit@lhaylesroses.fr",
};
const S = structureId("94-lhay-les-roses");
const SERVICE = structureId("94-lhay-les-roses-dg-rh-paie");
const AMINA = userId("amina.diallo@lhaylesroses.fr");
const JULIEN = userId(EMAIL.agent);
const BIP = applicationId("bip");
const NETCAP = applicationId("netcap");
const NETCOT = applicationId("netcotisations");

const CIG: ActorName[] = ["cigAdmin", "adminClient"];
const ADMINS: ActorName[] = [...CIG, "referentOfS", "referentElsewhere"];
const OF_S: ActorName[] = [...CIG, "referentOfS"];

interface Row {
  name: string;
  allowed: ActorName[];
  request: (server: TestServer, n: number) => Promise<[method: string, path: string, body?: unknown, headers?: Record<string, string>]>;
  /** For bulk routes that answer 200 with a per-item refusal. */
  granted?: (data: any) => boolean;
}

let seq = 0;
async function freshUser(server: TestServer) {
  const email = `jetable${++seq}@lhaylesroses.fr`;
  const u = await server.db.prisma.user.create({
    data: { email, emailLower: email, identifiant: email, lastName: "JETABLE", firstName: "Compte", structureId: SERVICE, searchText: userSearchText({ email, identifiant: email, lastName: "JETABLE", firstName: "Compte" }) },
  });
  return u.id;
}

const ROWS: Row[] = [
  { name: "GET /me", allowed: ACTORS.filter((a) => a !== "anonymous"), request: async () => ["GET", "/me"] },
  { name: "GET /users", allowed: ADMINS, request: async () => ["GET", "/users"] },
  { name: "GET /users/:id (agent of S)", allowed: OF_S, request: async () => ["GET", `/users/${AMINA}`] },
  { name: "GET /users/:id (own profile)", allowed: [...OF_S, "agent"], request: async () => ["GET", `/users/${JULIEN}`] },
  { name: "PATCH /users/:id", allowed: OF_S, request: async () => ["PATCH", `/users/${AMINA}`, { fonction: "Gestionnaire paie" }] },
  { name: "PATCH /users/:id (own profile)", allowed: OF_S, request: async () => ["PATCH", `/users/${JULIEN}`, { fonction: "x" }] },
  { name: "POST /users/:id/lock", allowed: OF_S, request: async () => ["POST", `/users/${AMINA}/unlock`] },
  { name: "POST /users/:id/password-reset", allowed: OF_S, request: async () => ["POST", `/users/${AMINA}/password-reset`] },
  { name: "DELETE /users/:id", allowed: OF_S, request: async (s) => ["DELETE", `/users/${await freshUser(s)}`] },
  { name: "POST /users/bulk-delete", allowed: OF_S, request: async (s) => ["POST", "/users/bulk-delete", { userIds: [await freshUser(s)] }], granted: (d) => d.deleted?.length === 1 },
  { name: "PUT /users/:id/photo", allowed: OF_S, request: async () => ["PUT", `/users/${AMINA}/photo`, new Uint8Array([1, 2, 3]), { "content-type": "image/png" }] },
  { name: "PUT /users/:id/photo (own photo)", allowed: [...OF_S, "agent"], request: async () => ["PUT", `/users/${JULIEN}/photo`, new Uint8Array([1, 2, 3]), { "content-type": "image/png" }] },
  { name: "POST /users/email-check", allowed: ADMINS, request: async () => ["POST", "/users/email-check", { email: "nouveau@lhaylesroses.fr" }] },
  { name: "POST /users (in S)", allowed: OF_S, request: async (_s, n) => ["POST", "/users", { email: `cree${n}@lhaylesroses.fr`, lastName: "NOUVEAU", firstName: "Agent", structureId: SERVICE }] },
  { name: "POST /users/:id/structures (attach to S)", allowed: OF_S, request: async (s) => ["POST", `/users/${await freshElsewhere(s)}/structures`, { structureId: S }] },
  { name: "GET /structures", allowed: ADMINS, request: async () => ["GET", "/structures"] },
  { name: "GET /structures/:id/members", allowed: OF_S, request: async () => ["GET", `/structures/${S}/members?subtree=true`] },
  { name: "POST /structures (under S)", allowed: OF_S, request: async (_s, n) => ["POST", "/structures", { name: `Service créé ${n}`, kind: "SERVICE", parentId: S }] },
  { name: "DELETE /structures/:id (S itself)", allowed: CIG, request: async () => ["DELETE", `/structures/${S}`] },
  { name: "GET /applications", allowed: ADMINS, request: async () => ["GET", "/applications"] },
  { name: "GET /applications/:id (netcap)", allowed: OF_S, request: async () => ["GET", `/applications/${NETCAP}`] },
  { name: "GET /applications/:id (netcotisations)", allowed: [...CIG, "referentElsewhere"], request: async () => ["GET", `/applications/${NETCOT}`] },
  { name: "POST /applications", allowed: CIG, request: async () => ["POST", "/applications", {}] },
  { name: "PATCH /applications/:id", allowed: CIG, request: async () => ["PATCH", `/applications/${NETCAP}`, { tileOrder: 20 }] },
  { name: "POST /applications/:id/roles", allowed: CIG, request: async () => ["POST", `/applications/${NETCAP}/roles`, {}] },
  { name: "GET role members (bip)", allowed: ADMINS, request: async () => ["GET", `/applications/${BIP}/roles/${roleId("bip", "consultation")}/members`] },
  {
    name: "assign a netcap role to an agent of S", allowed: OF_S, granted: (d) => (d.assigned?.length ?? 0) + (d.alreadyAssigned?.length ?? 0) === 1,
    request: async () => ["POST", `/applications/${NETCAP}/roles/${roleId("netcap", "consultation")}/members`, { userIds: [AMINA] }],
  },
  {
    name: "assign a bip role to an agent of S", allowed: OF_S, granted: (d) => (d.assigned?.length ?? 0) + (d.alreadyAssigned?.length ?? 0) === 1,
    request: async () => ["POST", `/applications/${BIP}/roles/${roleId("bip", "consultation")}/members`, { userIds: [AMINA] }],
  },
  {
    name: "unassign a netcap role of an agent of S", allowed: OF_S,
    request: async (s) => {
      await s.db.prisma.roleAssignment.upsert({ where: { userId_roleId_structureId: { userId: JULIEN, roleId: roleId("netcap", "consultation"), structureId: S } }, create: { userId: JULIEN, roleId: roleId("netcap", "consultation"), structureId: S }, update: {} });
      return ["DELETE", `/applications/${NETCAP}/roles/${roleId("netcap", "consultation")}/members/${JULIEN}`];
    },
  },
  {
    name: "reassign a bip member of S to another bip role", allowed: OF_S,
    request: async (s) => {
      await s.db.prisma.roleAssignment.deleteMany({ where: { userId: JULIEN, roleId: roleId("bip", "gestionnaire") } });
      await s.db.prisma.roleAssignment.upsert({ where: { userId_roleId_structureId: { userId: JULIEN, roleId: roleId("bip", "consultation"), structureId: S } }, create: { userId: JULIEN, roleId: roleId("bip", "consultation"), structureId: S }, update: {} });
      return ["POST", `/applications/${BIP}/roles/${roleId("bip", "consultation")}/members/${JULIEN}/reassign`, { toRoleId: roleId("bip", "gestionnaire") }];
    },
  },
  { name: "GET /mandates", allowed: CIG, request: async () => ["GET", "/mandates"] },
  { name: "POST /mandates", allowed: CIG, request: async () => ["POST", "/mandates", { kind: "REFERENT", userId: userId("karim.benali@vitry.fr"), structureId: structureId("94-vitry"), applicationIds: [BIP] }] },
  { name: "GET /exports/users.csv", allowed: ADMINS, request: async () => ["GET", "/exports/users.csv"] },
  { name: "GET /exports/structures/:S/users.csv", allowed: OF_S, request: async () => ["GET", `/exports/structures/${S}/users.csv`] },
  { name: "GET /audit", allowed: ADMINS, request: async () => ["GET", "/audit"] },
];

async function freshElsewhere(server: TestServer) {
  const email = `ailleurs${++seq}@vitry.fr`;
  const u = await server.db.prisma.user.create({
    data: { email, emailLower: email, identifiant: email, lastName: "AILLEURS", firstName: "Agent", structureId: structureId("94-vitry"), searchText: email },
  });
  return u.id;
}

let server: TestServer;
const tokens = {} as Record<ActorName, string | null>;

beforeAll(async () => {
  server = await startTestServer();
  // Real tokens: each person signs in to the AIA console through our provider; the back-office
  // client uses client credentials.
  const s = await providerTokens(server);
  for (const [a, email] of Object.entries(EMAIL)) tokens[a as ActorName] = await s.forUser(email);
  tokens.adminClient = await s.forAdminClient();
  tokens.anonymous = null;
});
afterAll(async () => {
  await server?.stop();
});

describe("who may do what (DESIGN.md), every actor × every route", () => {
  for (const row of ROWS) {
    for (const actor of ACTORS) {
      const allowed = row.allowed.includes(actor);
      it(`${row.name} — ${actor} is ${allowed ? "allowed" : "refused"}`, async () => {
        const [method, path, body, headers] = await row.request(server, ++seq);
        const before = await server.db.prisma.auditEvent.count({ where: { outcome: "denied" } });
        const res = await api(server, tokens[actor])(method, path, body, headers);
        const refused = [401, 403, 404].includes(res.status) || (row.granted ? res.status === 200 && !row.granted(res.data) : false);
        expect({ status: res.status, refused }).toMatchObject({ refused: !allowed });
        if (actor === "anonymous") expect(res.status).toBe(401);
        else if (!allowed) {
          // Every refusal of an authenticated caller is written to the audit log.
          expect(await server.db.prisma.auditEvent.count({ where: { outcome: "denied" } })).toBeGreaterThan(before);
        }
        if (res.status >= 400) expect(res.headers.get("content-type")).toContain("application/problem+json");
      });
    }
  }
});
