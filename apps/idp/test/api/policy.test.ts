// DESIGN.md's "Who may do what", enumerated: every actor × every route of the table below, with the
// expected allow/deny generated from who the actor is — not hand-picked cases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { applicationId, roleId, structureId, userId } from "../../src/db/seed.js";
import { userSearchText } from "../../src/lib/text.js";
import { api, signer } from "./support.js";
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
    data: {
      email,
      emailLower: email,
      identifiant: email,
      lastName: "JETABLE",
      firstName: "Compte",
      structureId: SERVICE,
      searchText: userSearchText({ email, identifiant: email, lastName: "JETABLE", firstName: "Compte" }),
    },
  });
  return u.id;
}

const ROWS: Row[] = [
  { name: "GET /me", allowed: ACTORS.filter((a) => a !== "anonymous"), request: async () => ["GET", "/me"] },
  { name: "GET /users", allowed: ADMINS, request: async () => ["GET", "/users"] },
  { name: "GET /users/:id (agent de S)", allowed: OF_S, request: async () => ["GET", `/users/${AMINA}`] },
  { name: "GET /users/:id (son propre profil)", allowed: [...OF_S, "agent"], request: async () => ["GET", `/users/${JULIEN}`] },
  { name: "PATCH /users/:id", allowed: OF_S, request: async () => ["PATCH", `/users/${AMINA}`, { fonction: "Gestionnaire paie" }] },
  { name: "PATCH /users/:id (son propre profil)", allowed: OF_S, request: async () => ["PATCH", `/users/${JULIEN}`, { fonction: "x" }] },
  { name: "POST /users/:id/lock", allowed: OF_S, request: async () => ["POST", `/users/${AMINA}/unlock`] },
  { name: "POST /users/:id/password-reset", allowed: OF_S, request: async () => ["POST", `/users/${AMINA}/password-reset`] },
  { name: "DELETE /users/:id", allowed: OF_S, request: async (s) => ["DELETE", `/users/${await freshUser(s)}`] },
  {
    name: "POST /users/bulk-delete",
    allowed: OF_S,
    request: async (s) => ["POST", "/users/bulk-delete", { userIds: [await freshUser(s)] }],
    granted: (d) => d.deleted?.length === 1,
  },
  {
    name: "PUT /users/:id/photo",
    allowed: OF_S,
    request: async () => ["PUT", `/users/${AMINA}/photo`, new Uint8Array([1, 2, 3]), { "content-type": "image/png" }],
  },
  {
    name: "PUT /users/:id/photo (sa propre photo)",
    allowed: [...OF_S, "agent"],
    request: async () => ["PUT", `/users/${JULIEN}/photo`, new Uint8Array([1, 2, 3]), { "content-type": "image/png" }],
  },
  {
    name: "POST /users/email-check",
    allowed: ADMINS,
    request: async () => ["POST", "/users/email-check", { email: "nouveau@lhaylesroses.fr" }],
  },
  {
    name: "POST /users (dans S)",
    allowed: OF_S,
    request: async (_s, n) => [
      "POST",
      "/users",
      { email: `cree${n}@lhaylesroses.fr`, lastName: "NOUVEAU", firstName: "Agent", structureId: SERVICE },
    ],
  },
  {
    name: "POST /users/attach (rattacher à S par l'adresse mail)",
    allowed: OF_S,
    request: async (s) => ["POST", "/users/attach", { email: await freshElsewhere(s, true), structureId: S }],
  },
  { name: "GET /structures", allowed: ADMINS, request: async () => ["GET", "/structures"] },
  { name: "GET /structures/:id/members", allowed: OF_S, request: async () => ["GET", `/structures/${S}/members?subtree=true`] },
  {
    name: "POST /structures (sous S)",
    allowed: OF_S,
    request: async (_s, n) => ["POST", "/structures", { name: `Service créé ${n}`, kind: "SERVICE", parentId: S }],
  },
  { name: "DELETE /structures/:id (S elle-même)", allowed: CIG, request: async () => ["DELETE", `/structures/${S}`] },
  { name: "GET /applications", allowed: ADMINS, request: async () => ["GET", "/applications"] },
  { name: "GET /applications/:id (netcap)", allowed: OF_S, request: async () => ["GET", `/applications/${NETCAP}`] },
  {
    name: "GET /applications/:id (netcotisations)",
    allowed: [...CIG, "referentElsewhere"],
    request: async () => ["GET", `/applications/${NETCOT}`],
  },
  { name: "POST /applications", allowed: CIG, request: async () => ["POST", "/applications", {}] },
  { name: "PATCH /applications/:id", allowed: CIG, request: async () => ["PATCH", `/applications/${NETCAP}`, { tileOrder: 20 }] },
  { name: "POST /applications/:id/roles", allowed: CIG, request: async () => ["POST", `/applications/${NETCAP}/roles`, {}] },
  {
    name: "GET membres d'un rôle (bip)",
    allowed: ADMINS,
    request: async () => ["GET", `/applications/${BIP}/roles/${roleId("bip", "consultation")}/members`],
  },
  {
    name: "affecter un rôle netcap à un agent de S",
    allowed: OF_S,
    granted: (d) => (d.assigned?.length ?? 0) + (d.alreadyAssigned?.length ?? 0) === 1,
    request: async () => ["POST", `/applications/${NETCAP}/roles/${roleId("netcap", "consultation")}/members`, { userIds: [AMINA] }],
  },
  {
    name: "affecter un rôle bip à un agent de S",
    allowed: OF_S,
    granted: (d) => (d.assigned?.length ?? 0) + (d.alreadyAssigned?.length ?? 0) === 1,
    request: async () => ["POST", `/applications/${BIP}/roles/${roleId("bip", "consultation")}/members`, { userIds: [AMINA] }],
  },
  {
    name: "désaffecter un rôle netcap d'un agent de S",
    allowed: OF_S,
    request: async (s) => {
      await s.db.prisma.roleAssignment.upsert({
        where: { userId_roleId_structureId: { userId: JULIEN, roleId: roleId("netcap", "consultation"), structureId: S } },
        create: { userId: JULIEN, roleId: roleId("netcap", "consultation"), structureId: S },
        update: {},
      });
      return ["DELETE", `/applications/${NETCAP}/roles/${roleId("netcap", "consultation")}/members/${JULIEN}`];
    },
  },
  {
    name: "réaffecter un membre bip de S à un autre rôle bip",
    allowed: OF_S,
    request: async (s) => {
      await s.db.prisma.roleAssignment.deleteMany({ where: { userId: JULIEN, roleId: roleId("bip", "gestionnaire") } });
      await s.db.prisma.roleAssignment.upsert({
        where: { userId_roleId_structureId: { userId: JULIEN, roleId: roleId("bip", "consultation"), structureId: S } },
        create: { userId: JULIEN, roleId: roleId("bip", "consultation"), structureId: S },
        update: {},
      });
      return [
        "POST",
        `/applications/${BIP}/roles/${roleId("bip", "consultation")}/members/${JULIEN}/reassign`,
        { toRoleId: roleId("bip", "gestionnaire") },
      ];
    },
  },
  { name: "GET /mandates", allowed: CIG, request: async () => ["GET", "/mandates"] },
  {
    name: "POST /mandates",
    allowed: CIG,
    request: async () => [
      "POST",
      "/mandates",
      { kind: "REFERENT", userId: userId("karim.benali@vitry.fr"), structureId: structureId("94-vitry"), applicationIds: [BIP] },
    ],
  },
  { name: "GET /exports/users.csv", allowed: ADMINS, request: async () => ["GET", "/exports/users.csv"] },
  { name: "GET /exports/structures/:S/users.csv", allowed: OF_S, request: async () => ["GET", `/exports/structures/${S}/users.csv`] },
  { name: "GET /audit", allowed: ADMINS, request: async () => ["GET", "/audit"] },
];

async function freshElsewhere(server: TestServer, byEmail = false): Promise<string> {
  const email = `ailleurs${++seq}@vitry.fr`;
  const u = await server.db.prisma.user.create({
    data: {
      email,
      emailLower: email,
      identifiant: email,
      lastName: "AILLEURS",
      firstName: "Agent",
      structureId: structureId("94-vitry"),
      searchText: email,
    },
  });
  return byEmail ? email : u.id;
}

let server: TestServer;
const tokens = {} as Record<ActorName, string | null>;
let sign: Awaited<ReturnType<typeof signer>>;
/**
 * For the later tests: a token of the same shape signed now (the sign-ins' tokens live 15 minutes,
 * and the matrix above can take longer than that on a loaded machine).
 */
const fresh = async (a: ActorName): Promise<string | null> =>
  a === "anonymous" ? null : a === "adminClient" ? sign.forAdminClient() : sign.forUser(EMAIL[a]);

beforeAll(async () => {
  server = await startTestServer();
  // Real tokens: each person signs in to the AIA console through our provider; the back-office
  // client uses client credentials.
  const s = await providerTokens(server);
  for (const [a, email] of Object.entries(EMAIL)) tokens[a as ActorName] = await s.forUser(email);
  tokens.adminClient = await s.forAdminClient();
  tokens.anonymous = null;
  sign = await signer(server);
  // Four real sign-ins, three of them with a TOTP enrolment that may wait for the next time step.
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

describe("qui peut faire quoi (DESIGN.md) : chaque acteur × chaque route", () => {
  for (const row of ROWS) {
    for (const actor of ACTORS) {
      const allowed = row.allowed.includes(actor);
      it(`${row.name} — ${actor} : ${allowed ? "autorisé" : "refusé"}`, async () => {
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

// ——— One account, several bodies (DESIGN.md « One account, several bodies ») ———
// Targets shared between L'Haÿ-les-Roses (S, Wonder Woman's) and Montreuil (M, Paul Durand's), a
// référent of Montreuil and a CIG administrator attached to S: every action, every actor. Besides
// allow/deny, after each call nothing outside the actor's scope has changed (memberships, role
// assignments, account fields), and the answer names nothing outside it.
const M = structureId("93-montreuil");
const M_COMPTA = structureId("93-montreuil-finances-compta");
const M_RH = structureId("93-montreuil-dg-rh-agrh");
const S_AGRH = structureId("94-lhay-les-roses-dg-rh-agrh");
const BIP_CONSULT = roleId("bip", "consultation");
const BIP_GEST = roleId("bip", "gestionnaire");
const CAP_CONSULT = roleId("netcap", "consultation");

type TargetKind = "sharedHomeS" | "sharedHomeM" | "referentOfM" | "cigAdmin";
/** Structures (ancestorIds) of each actor's scope: S's sub-tree for referentOfS, M's (and the CCAS's) for referentElsewhere. */
const ROOTS: Partial<Record<ActorName, string[]>> = { referentOfS: [S], referentElsewhere: [M, structureId("93-ccas-montreuil")] };

async function target(server: TestServer, kind: TargetKind): Promise<{ id: string; email: string }> {
  const email = `partage${++seq}-${kind.toLowerCase()}@exemple.fr`;
  const home = kind === "sharedHomeS" ? SERVICE : kind === "cigAdmin" ? structureId("cig-dsi-correspondants") : M_COMPTA;
  const u = await server.db.prisma.user.create({
    data: {
      email,
      emailLower: email,
      identifiant: email,
      lastName: "PARTAGÉ",
      firstName: kind,
      structureId: home,
      searchText: userSearchText({ email, identifiant: email, lastName: "PARTAGE", firstName: kind }),
    },
  });
  const further = kind === "sharedHomeS" ? M_COMPTA : SERVICE;
  await server.db.prisma.membership.create({ data: { userId: u.id, structureId: further } });
  // The same BIP role, granted by each body for itself.
  await server.db.prisma.roleAssignment.createMany({
    data: [
      { userId: u.id, roleId: BIP_CONSULT, structureId: S },
      { userId: u.id, roleId: BIP_CONSULT, structureId: M },
    ],
  });
  if (kind === "referentOfM")
    await server.db.prisma.mandate.create({
      data: { userId: u.id, kind: "REFERENT", structureId: M, applications: { create: [{ applicationId: BIP }] } },
    });
  if (kind === "cigAdmin") await server.db.prisma.mandate.create({ data: { userId: u.id, kind: "CIG_ADMIN" } });
  return { id: u.id, email };
}

interface Snapshot {
  user: Record<string, unknown> | null;
  parts: { key: string; ancestors: string[] }[];
}
async function snapshot(server: TestServer, id: string): Promise<Snapshot> {
  const { prisma } = server.db;
  const user = await prisma.user.findUnique({
    where: { id },
    select: { lastName: true, firstName: true, structureId: true, fonction: true, locked: true, photoType: true, validUntil: true },
  });
  const anc = async (sid: string) =>
    (await prisma.structure.findUniqueOrThrow({ where: { id: sid }, select: { ancestorIds: true } })).ancestorIds;
  const parts: Snapshot["parts"] = [];
  if (user) parts.push({ key: `home:${user.structureId}`, ancestors: await anc(user.structureId) });
  for (const m of await prisma.membership.findMany({ where: { userId: id } }))
    parts.push({ key: `membership:${m.structureId}`, ancestors: await anc(m.structureId) });
  for (const r of await prisma.roleAssignment.findMany({ where: { userId: id } }))
    parts.push({ key: `role:${r.roleId}:${r.structureId}`, ancestors: await anc(r.structureId) });
  return { user, parts };
}
/** Home and memberships are placements: the home may become a membership's structure when it goes. */
const placementsOf = (s: Snapshot) => new Set(s.parts.filter((p) => !p.key.startsWith("role:")).map((p) => p.key.split(":")[1]!));

type SharedRow = {
  name: string;
  target: TargetKind;
  allowed: ActorName[];
  request: (t: { id: string; email: string }) => [method: string, path: string, body?: unknown, headers?: Record<string, string>];
  granted?: (data: any) => boolean;
};

const ALL_ADMINS: ActorName[] = [...CIG, "referentOfS", "referentElsewhere"];
const TARGETS: { kind: TargetKind; home: ActorName[]; sees: ActorName[] }[] = [
  { kind: "sharedHomeS", home: [...CIG, "referentOfS"], sees: ALL_ADMINS },
  { kind: "sharedHomeM", home: [...CIG, "referentElsewhere"], sees: ALL_ADMINS },
  // Holding authority: account-level actions are the CIG's only, whoever covers the home.
  { kind: "referentOfM", home: CIG, sees: ALL_ADMINS },
  { kind: "cigAdmin", home: CIG, sees: [...CIG, "referentOfS"] },
];

const SHARED_ROWS: SharedRow[] = TARGETS.flatMap(({ kind, home, sees }): SharedRow[] => [
  { name: "GET /users/:id", target: kind, allowed: sees, request: (t) => ["GET", `/users/${t.id}`] },
  {
    name: "PATCH /users/:id (Éditer l'utilisateur)",
    target: kind,
    allowed: home,
    request: (t) => ["PATCH", `/users/${t.id}`, { lastName: "RENOMMÉ" }, { "if-match": '"1"' }],
  },
  {
    name: "PATCH /users/:id sans version (le droit avant la version)",
    target: kind,
    allowed: home,
    request: (t) => ["PATCH", `/users/${t.id}`, { lastName: "RENOMMÉ" }],
  },
  { name: "POST /users/:id/lock", target: kind, allowed: home, request: (t) => ["POST", `/users/${t.id}/lock`, { reason: "test" }] },
  { name: "POST /users/:id/password-reset", target: kind, allowed: home, request: (t) => ["POST", `/users/${t.id}/password-reset`] },
  { name: "DELETE /users/:id/photo", target: kind, allowed: home, request: (t) => ["DELETE", `/users/${t.id}/photo`] },
  // « Supprimer l'utilisateur »: everyone who sees him removes his own part (the CIG erases the account).
  { name: "DELETE /users/:id (Supprimer l'utilisateur)", target: kind, allowed: sees, request: (t) => ["DELETE", `/users/${t.id}`] },
  {
    name: "POST /users/bulk-delete",
    target: kind,
    allowed: sees,
    request: (t) => ["POST", "/users/bulk-delete", { userIds: [t.id] }],
    granted: (d) => d.deleted?.length === 1,
  },
  {
    name: "affecter un rôle BIP (tenu par défaut pour la structure de l'acteur)",
    target: kind,
    allowed: sees,
    granted: (d) => (d.assigned?.length ?? 0) + (d.alreadyAssigned?.length ?? 0) === 1,
    request: (t) => ["POST", `/applications/${BIP}/roles/${BIP_GEST}/members`, { userIds: [t.id] }],
  },
  {
    name: "affecter un rôle BIP tenu pour Montreuil",
    target: kind,
    allowed: kind === "cigAdmin" ? CIG : [...CIG, "referentElsewhere"],
    granted: (d) => (d.assigned?.length ?? 0) === 1,
    request: (t) => ["POST", `/applications/${BIP}/roles/${BIP_GEST}/members`, { userIds: [t.id], structureId: M }],
  },
  {
    name: "affecter un rôle Net-CAP",
    target: kind,
    allowed: [...CIG, ...(sees.includes("referentOfS") ? (["referentOfS"] as ActorName[]) : [])],
    granted: (d) => (d.assigned?.length ?? 0) === 1,
    request: (t) => ["POST", `/applications/${NETCAP}/roles/${CAP_CONSULT}/members`, { userIds: [t.id] }],
  },
  // Désaffecter / réaffecter: each body's own assignment of the same role (the other one stays).
  {
    name: "désaffecter le rôle BIP (Désaffecter)",
    target: kind,
    allowed: kind === "cigAdmin" ? ALL_ADMINS : ALL_ADMINS,
    request: (t) => ["DELETE", `/applications/${BIP}/roles/${BIP_CONSULT}/members/${t.id}`],
  },
  {
    name: "réaffecter le rôle BIP (Réaffecter)",
    target: kind,
    allowed: ALL_ADMINS,
    request: (t) => ["POST", `/applications/${BIP}/roles/${BIP_CONSULT}/members/${t.id}/reassign`, { toRoleId: BIP_GEST }],
  },
  {
    name: "déplacer le rattachement à Montreuil vers un autre service de Montreuil",
    target: kind,
    allowed: kind === "sharedHomeS" ? [...CIG, "referentElsewhere"] : kind === "cigAdmin" ? CIG : home,
    request: (t) => [
      "POST",
      `/users/${t.id}/structures/${kind === "sharedHomeS" ? M_COMPTA : kind === "cigAdmin" ? structureId("cig-dsi-correspondants") : M_COMPTA}/move`,
      { toStructureId: M_RH },
    ],
  },
  {
    name: "déplacer le rattachement à S vers un autre service de S",
    target: kind,
    allowed: kind === "sharedHomeS" ? home : ([...CIG, "referentOfS"].filter((a) => sees.includes(a as ActorName)) as ActorName[]),
    request: (t) => ["POST", `/users/${t.id}/structures/${SERVICE}/move`, { toStructureId: S_AGRH }],
  },
  {
    name: "move the membership in S into Montreuil (rights on both)",
    target: kind,
    allowed: kind === "sharedHomeS" ? CIG : CIG,
    request: (t) => ["POST", `/users/${t.id}/structures/${SERVICE}/move`, { toStructureId: M_RH }],
  },
]);

describe("un compte, plusieurs structures : chaque action sur des cibles partagées, un référent et un administrateur CIG pris pour cibles", () => {
  for (const row of SHARED_ROWS) {
    for (const actor of ACTORS) {
      const allowed = row.allowed.includes(actor);
      it(`${row.target} : ${row.name} — ${actor} : ${allowed ? "autorisé" : "refusé"}`, async () => {
        const t = await target(server, row.target);
        const before = await snapshot(server, t.id);
        const denied = await server.db.prisma.auditEvent.count({ where: { outcome: "denied" } });
        const [method, path, body, headers] = row.request(t);
        const res = await api(server, await fresh(actor))(method, path, body, headers);
        const refused = [401, 403, 404].includes(res.status) || (row.granted ? res.status === 200 && !row.granted(res.data) : false);
        expect({ status: res.status, refused, body: res.status >= 400 ? res.data?.code : undefined }).toMatchObject({ refused: !allowed });
        if (actor === "anonymous") return expect(res.status).toBe(401);
        if (!allowed) expect(await server.db.prisma.auditEvent.count({ where: { outcome: "denied" } })).toBeGreaterThan(denied);
        const after = await snapshot(server, t.id);
        const roots = ROOTS[actor];
        if (!roots) {
          if (!allowed) expect(after).toEqual(before);
          return;
        }
        // Nothing outside the référent's scope changed: its parts are all still there, nothing new lies outside.
        const inScope = (p: { ancestors: string[] }) => p.ancestors.some((a) => roots.includes(a));
        const keys = (s: Snapshot) => new Set(s.parts.map((p) => p.key));
        for (const p of before.parts.filter((p) => !inScope(p))) {
          if (p.key.startsWith("home:")) expect(placementsOf(after)).toContain(p.key.split(":")[1]);
          else if (p.key.startsWith("membership:") && after.user?.structureId === p.key.split(":")[1])
            continue; // became the home
          else expect(keys(after)).toContain(p.key);
        }
        for (const p of after.parts.filter((p) => !inScope(p)))
          expect([...keys(before), ...[...placementsOf(before)].map((s) => `home:${s}`)]).toContain(p.key);
        // The account survives whenever a part of it lies outside his scope.
        if (before.parts.some((p) => !inScope(p))) expect(after.user).not.toBeNull();
        // Account fields change only for the référent of the home, on a person without authority.
        if (!TARGETS.find((x) => x.kind === row.target)!.home.includes(actor)) {
          const { structureId: _a, ...b } = before.user!;
          const { structureId: _b, ...a } = after.user!;
          expect(a).toEqual(b);
        }
        // The answer names nothing outside his scope (no structure or role of the other body).
        const outside = [...new Set(before.parts.filter((p) => !inScope(p)).map((p) => p.key.split(":").at(-1)!))];
        if (res.status < 300 && res.data && typeof res.data === "object") {
          const text = JSON.stringify(res.data);
          for (const sid of outside) expect(text).not.toContain(sid);
        }
      });
    }
  }

  it("Vérifier l'adresse mail d'un administrateur CIG ou du référent d'une autre structure : le statut et le chemin seulement, et le rattachement ne donne aucun droit sur le compte", async () => {
    const t = await target(server, "cigAdmin");
    await server.db.prisma.membership.deleteMany({ where: { userId: t.id } });
    const wonder = api(server, await fresh("referentOfS"));
    const check = await wonder("POST", "/users/email-check", { email: t.email });
    expect(Object.keys(check.data).sort()).toEqual(["message", "status", "structure"]);
    expect(check.data.status).toBe("exists");
    expect(JSON.stringify(check.data)).not.toContain(t.id);
    expect(JSON.stringify(check.data)).not.toContain("cigAdmin");
    const attached = await wonder("POST", "/users/attach", { email: t.email, structureId: SERVICE });
    expect(attached.status).toBe(201);
    expect(attached.data.permissions).toEqual({
      editIdentity: false,
      lock: false,
      resetPassword: false,
      photo: false,
      manageRoles: true,
      attach: true,
      remove: "detach",
      moveMembership: true,
    });
    expect(attached.data.alsoElsewhere).toBe(true);
    for (const [m, p, b] of [
      ["PATCH", `/users/${t.id}`, { lastName: "X", version: 1 }],
      ["POST", `/users/${t.id}/lock`, {}],
      ["POST", `/users/${t.id}/password-reset`, undefined],
    ] as const) {
      expect((await wonder(m, p, b)).status).toBe(403);
    }
  });

  it("je référence un utilisateur avec un rôle pour une structure hors de mon périmètre : refusé, rien n'est enregistré", async () => {
    const wonder = api(server, await fresh("referentOfS"));
    const email = `role-hors-perimetre${++seq}@lhaylesroses.fr`;
    const res = await wonder("POST", "/users", {
      email,
      lastName: "HORS",
      firstName: "Périmètre",
      structureId: SERVICE,
      roles: [{ roleId: BIP_CONSULT, structureId: M }],
    });
    expect(res.status).toBe(403);
    expect(await server.db.prisma.user.count({ where: { emailLower: email } })).toBe(0);
    const ok = await wonder("POST", "/users", {
      email,
      lastName: "DANS",
      firstName: "Périmètre",
      structureId: SERVICE,
      roles: [{ roleId: BIP_CONSULT }],
    });
    expect(ok.status).toBe(201);
    expect(ok.data.roles.map((r: any) => r.structure.id)).toEqual([S]);
  });

  it("les listes, les membres d'un rôle et les extractions ne montrent que la part de l'acteur, avec « également rattaché » pour le reste", async () => {
    const t = await target(server, "sharedHomeM");
    const wonder = api(server, await fresh("referentOfS"));
    const list = await wonder("GET", `/users?q=${encodeURIComponent(t.email.slice(0, 12))}`);
    const row = list.data.items.find((u: any) => u.id === t.id);
    expect(row).toMatchObject({ structure: { id: SERVICE }, alsoElsewhere: true });
    const members = await wonder(
      "GET",
      `/applications/${BIP}/roles/${BIP_CONSULT}/members?pageSize=200&q=${encodeURIComponent(t.email.split("@")[0]!)}`,
    );
    const mine = members.data.items.filter((m: any) => m.user.id === t.id);
    expect(mine.map((m: any) => m.structure.id)).toEqual([S]);
    expect(mine[0]).toMatchObject({ alsoElsewhere: true, user: { structure: { id: SERVICE } } });
    const csv = await fetch(`${server.url}/api/v1/exports/applications/${BIP}/roles/${BIP_CONSULT}/users.csv`, {
      headers: { authorization: `Bearer ${await fresh("referentOfS")}` },
    });
    const text = (await csv.text()).slice(1);
    const line = text.split("\r\n").find((l) => l.includes(t.email))!;
    expect(line).toContain("L'Haÿ-les-Roses");
    expect(line).not.toContain("Montreuil");
    expect(line.endsWith(";Oui")).toBe(true);
    // Filtering or searching on Montreuil's structures tells him nothing of who also belongs there.
    expect((await wonder("GET", `/users?structureId=${M_COMPTA}&pageSize=200`)).data.items.map((u: any) => u.id)).not.toContain(t.id);
    expect(
      (await wonder("GET", `/users?structureId=${M_COMPTA}&subtree=false&pageSize=200`)).data.items.map((u: any) => u.id),
    ).not.toContain(t.id);
    expect((await wonder("GET", `/users?q=comptabilit&pageSize=200`)).data.items.map((u: any) => u.id)).not.toContain(t.id);
    // Montreuil's référent sees Montreuil's part of the same person.
    const paul = await api(server, await fresh("referentElsewhere"))("GET", `/users/${t.id}`);
    expect(paul.data).toMatchObject({ structure: { id: M_COMPTA }, isHome: true, alsoElsewhere: true, otherStructures: [] });
    expect(paul.data.roles.map((r: any) => r.structure.id)).toEqual([M]);
  });
});
