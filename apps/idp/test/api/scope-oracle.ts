// The rule of DESIGN.md « One account, several bodies », written again from the text and NOT from
// src/api/policy.ts, so that the tests built on it can catch the server's own mistakes:
// - an account is shared; each membership (the home, User.structureId, and each Membership row)
//   places it in one structure; each role assignment is held for one structure;
// - a référent of S for {A} covers S's sub-tree; he sees a person when he covers one of his
//   memberships, and then only the memberships and the role assignments (of {A}) that he covers;
// - memberships and role assignments are touched only by who covers them;
// - account-level fields (identity, lock, validity, password, the home) belong to the home's
//   référent or a CIG administrator, and to CIG administrators alone when the account holds a mandate;
// - mandates are the CIG's.
// `snapshot` reads the rows; `changesOutsideScope` diffs two snapshots around one call; `leaks` reads
// a response body (JSON or CSV) for anything of another body.
import Papa from "papaparse";
import type { PrismaClient } from "../../src/generated/prisma/client.js";

export interface StructureRow {
  id: string;
  parentId: string | null;
  name: string;
  code: string;
  kind: string;
  version: number;
}
export interface UserRow {
  id: string;
  email: string;
  lastName: string;
  firstName: string;
  home: string;
  fields: Record<string, unknown>;
  version: number;
}
export interface AssignmentRow {
  id: string;
  userId: string;
  roleId: string;
  structureId: string;
}
export interface MandateRow {
  id: string;
  userId: string;
  kind: string;
  structureId: string | null;
  apps: string[];
}

export interface World {
  structures: Map<string, StructureRow>;
  users: Map<string, UserRow>;
  /** Membership rows (the further structures); the home is UserRow.home. */
  memberships: { userId: string; structureId: string }[];
  assignments: AssignmentRow[];
  mandates: MandateRow[];
  roles: Map<string, { applicationId: string; label: string; appName: string }>;
}

/** Columns compared as "the account" (everything but the home, the bookkeeping and derived search text). */
const BOOKKEEPING = new Set(["id", "structureId", "version", "updatedAt", "searchText"]);

const agg = (select: string, from: string, order: string) => `(SELECT coalesce(json_agg(${select} ORDER BY ${order}), '[]'::json) ${from})`;

/**
 * All the rows of the rule in ONE statement. `only`: the accounts, memberships, role assignments and
 * mandates of these people alone (ids, or an email pattern), the structures and roles always whole,
 * plus `rest`, a fingerprint (count and row versions) of all the other rows, so that a change
 * anywhere else is seen too.
 */
export async function snapshot(prisma: PrismaClient, only?: { ids: string[]; emailLike: string }): Promise<World & { rest: string }> {
  const sel = only
    ? `SELECT id FROM "User" WHERE id = ANY($1::uuid[]) OR "emailLower" LIKE $2`
    : `SELECT id FROM "User" WHERE $1::uuid[] IS NULL OR $2::text IS NULL OR TRUE`;
  const mine = (col: string) => `WHERE ${col} IN (SELECT id FROM sel)`;
  const others = (table: string, col: string) =>
    `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM "${table}" WHERE ${only ? `${col} NOT IN (SELECT id FROM sel)` : "FALSE"})`;
  const [row] = await prisma.$queryRawUnsafe<any[]>(
    `WITH sel AS (${sel}) SELECT
       ${agg(`json_build_object('id', s.id, 'parentId', s."parentId", 'name', s.name, 'code', s.code, 'kind', s.kind, 'version', s.version)`, `FROM "Structure" s`, "s.id")} AS structures,
       ${agg(`to_jsonb(u) - 'photo'`, `FROM "User" u ${mine("u.id")}`, "u.id")} AS users,
       ${agg(`json_build_object('userId', m."userId", 'structureId', m."structureId")`, `FROM "Membership" m ${mine(`m."userId"`)}`, `m."userId", m."structureId"`)} AS memberships,
       ${agg(`json_build_object('id', a.id, 'userId', a."userId", 'roleId', a."roleId", 'structureId', a."structureId")`, `FROM "RoleAssignment" a ${mine(`a."userId"`)}`, "a.id")} AS assignments,
       ${agg(
         `json_build_object('id', d.id, 'userId', d."userId", 'kind', d.kind, 'structureId', d."structureId",
              'apps', (SELECT coalesce(json_agg(ma."applicationId" ORDER BY ma."applicationId"), '[]'::json) FROM "MandateApplication" ma WHERE ma."mandateId" = d.id))`,
         `FROM "Mandate" d ${mine(`d."userId"`)}`,
         "d.id",
       )} AS mandates,
       ${agg(`json_build_object('id', r.id, 'applicationId', r."applicationId", 'label', r.label, 'appName', ap.name)`, `FROM "Role" r JOIN "Application" ap ON ap.id = r."applicationId"`, "r.id")} AS roles,
       ${others("User", "id")} || ' ' || ${others("Membership", `"userId"`)} || ' ' || ${others("RoleAssignment", `"userId"`)} || ' ' || ${others("Mandate", `"userId"`)}
         || ' ' || (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM "MandateApplication" WHERE ${only ? `"mandateId" IN (SELECT id FROM "Mandate" WHERE "userId" NOT IN (SELECT id FROM sel))` : "FALSE"}) AS rest`,
    only?.ids ?? null,
    only?.emailLike ?? null,
  );
  return {
    structures: new Map((row.structures as StructureRow[]).map((s) => [s.id, s])),
    users: new Map(
      (row.users as Record<string, any>[]).map((u) => {
        const fields: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(u)) if (!BOOKKEEPING.has(k)) fields[k] = v;
        return [
          u.id,
          { id: u.id, email: u.email, lastName: u.lastName, firstName: u.firstName, home: u.structureId, fields, version: u.version },
        ];
      }),
    ),
    memberships: row.memberships,
    assignments: row.assignments,
    mandates: row.mandates,
    roles: new Map((row.roles as any[]).map((r) => [r.id, { applicationId: r.applicationId, label: r.label, appName: r.appName }])),
    rest: row.rest,
  };
}

/** Root → node ids, from the parent links (not from the stored ancestorIds, which the server maintains). */
export function chain(w: World, id: string): string[] {
  const out: string[] = [];
  for (let cur: string | null | undefined = id, guard = 0; cur && guard < 100; guard++) {
    out.unshift(cur);
    cur = w.structures.get(cur)?.parentId;
  }
  return out;
}

export const pathOf = (w: World, id: string) =>
  chain(w, id)
    .map((s) => w.structures.get(s)?.name ?? "?")
    .join(" / ");

/** The people behind a request: a person (his mandates are read from the world) or a back-office client. */
export type Who = { userId: string } | { client: true };

export class Scope {
  readonly cig: boolean;
  readonly userId: string | null;
  private readonly referent: { structureId: string; apps: string[] }[];
  constructor(
    readonly w: World,
    who: Who,
  ) {
    this.userId = "userId" in who ? who.userId : null;
    const mine = this.userId ? w.mandates.filter((m) => m.userId === this.userId) : [];
    this.cig = "client" in who || mine.some((m) => m.kind === "CIG_ADMIN");
    this.referent = mine.filter((m) => m.kind === "REFERENT" && m.structureId).map((m) => ({ structureId: m.structureId!, apps: m.apps }));
  }
  get isAdmin() {
    return this.cig || this.referent.length > 0;
  }
  /** S is in the sub-tree of one of my mandates (for application `app` when given). */
  covers(structureId: string, app?: string): boolean {
    if (this.cig) return true;
    const up = chain(this.w, structureId);
    return this.referent.some((m) => (!app || m.apps.includes(app)) && up.includes(m.structureId));
  }
  places(userId: string): string[] {
    const u = this.w.users.get(userId);
    if (!u) return [];
    return [u.home, ...this.w.memberships.filter((m) => m.userId === userId).map((m) => m.structureId)];
  }
  sees(userId: string): boolean {
    if (!this.w.users.has(userId)) return false;
    return this.cig || this.places(userId).some((p) => this.covers(p));
  }
  /** Identity, lock, validity, password, home: the home's référent or the CIG; the CIG alone for an account that holds a mandate. */
  ownsAccount(userId: string): boolean {
    const u = this.w.users.get(userId);
    if (!u) return false;
    if (this.cig) return true;
    if (this.w.mandates.some((m) => m.userId === userId)) return false;
    return this.covers(u.home);
  }
  appOf(roleId: string) {
    return this.w.roles.get(roleId)?.applicationId;
  }
  coversAssignment(a: { roleId: string; structureId: string }): boolean {
    return this.covers(a.structureId, this.appOf(a.roleId));
  }
  /** Memberships and role assignments of the person that lie in my scope, and whether there are others. */
  part(userId: string) {
    const places = this.places(userId);
    const roles = this.w.assignments.filter((a) => a.userId === userId);
    const mine = { places: places.filter((p) => this.covers(p)), roles: roles.filter((a) => this.coversAssignment(a)) };
    return { ...mine, elsewhere: mine.places.length < places.length || mine.roles.length < roles.length };
  }
}

const key = (a: { userId: string; roleId: string; structureId: string }) => `${a.userId}|${a.roleId}|${a.structureId}`;
const eq = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Every row that changed between `before` and `after` and that the actor does not cover, as
 * readable lines (empty: the call stayed in its scope). `removal`: the call was « Supprimer
 * l'utilisateur », which may also take the roles (of any application) held for the structures
 * that the actor leaves the person in.
 */
export function changesOutsideScope(before: World, after: World, who: Who, o: { removal?: boolean } = {}): string[] {
  const b = new Scope(before, who);
  const a = new Scope(after, who);
  // The request ran with the mandates of `before`; `a` covers with them, on the tree of `after`.
  const coversAfter = (sid: string, app?: string) => {
    if (b.cig) return true;
    const up = chain(after, sid);
    return before.mandates.some(
      (m) =>
        m.userId === b.userId && m.kind === "REFERENT" && m.structureId && up.includes(m.structureId) && (!app || m.apps.includes(app)),
    );
  };
  const out: string[] = [];
  const label = (w: World, id: string) => {
    const u = w.users.get(id);
    return u ? `${u.firstName} ${u.lastName} <${u.email}>` : id;
  };

  // Mandates: the CIG's alone.
  const mb = new Map(before.mandates.map((m) => [m.id, m]));
  const ma = new Map(after.mandates.map((m) => [m.id, m]));
  if (!b.cig) {
    for (const [id, m] of mb) if (!eq(m, ma.get(id))) out.push(`mandat ${m.kind} de ${label(before, m.userId)} modifié ou supprimé`);
    for (const [id, m] of ma) if (!mb.has(id)) out.push(`mandat ${m.kind} créé pour ${label(after, m.userId)}`);
  }

  // Structures.
  for (const [id, s] of before.structures) {
    const t = after.structures.get(id);
    if (!t) {
      if (!b.covers(id)) out.push(`structure « ${s.name} » supprimée hors périmètre`);
    } else if (!eq(s, t)) {
      if (!b.covers(id)) out.push(`structure « ${s.name} » modifiée hors périmètre`);
      else if (t.parentId !== s.parentId && !coversAfter(id)) out.push(`structure « ${s.name} » déplacée hors périmètre`);
    }
  }
  for (const [id, t] of after.structures)
    if (!before.structures.has(id) && !(t.parentId && coversAfter(t.parentId))) out.push(`structure « ${t.name} » créée hors périmètre`);

  // Accounts and their memberships.
  const erasedOk = new Set<string>();
  for (const [id, u] of before.users) {
    const v = after.users.get(id);
    const placesBefore = b.places(id);
    if (!v) {
      if (b.cig) erasedOk.add(id);
      else if (placesBefore.every((p) => b.covers(p)) && !before.mandates.some((m) => m.userId === id)) erasedOk.add(id);
      else out.push(`compte ${label(before, id)} effacé alors qu'il a des rattachements ou un mandat hors périmètre`);
      continue;
    }
    const changed = Object.keys({ ...u.fields, ...v.fields }).filter((k) => !eq(u.fields[k], v.fields[k]));
    if (changed.length && !b.ownsAccount(id))
      out.push(`compte ${label(before, id)} : ${changed.join(", ")} modifié(s) sans droit sur le compte`);
    const placesAfter = a.places(id);
    for (const p of placesBefore)
      if (!placesAfter.includes(p) && !b.covers(p))
        out.push(`rattachement de ${label(before, id)} à « ${pathOf(before, p)} » retiré hors périmètre`);
    for (const p of placesAfter)
      if (!placesBefore.includes(p) && !coversAfter(p))
        out.push(`rattachement de ${label(after, id)} à « ${pathOf(after, p)} » ajouté hors périmètre`);
    if (u.home !== v.home) {
      // The home changes with a right on the account, or because the actor took the old home away
      // (removal, move); never towards, or away from, a structure outside his scope.
      const forced = !placesAfter.includes(u.home) && b.covers(u.home) && (placesBefore.includes(v.home) || coversAfter(v.home));
      if (!b.ownsAccount(id) && !forced) out.push(`structure d'appartenance de ${label(before, id)} changée sans droit`);
    }
    if (!changed.length && u.version !== v.version && !b.sees(id) && !a.sees(id))
      out.push(`compte ${label(before, id)} touché (version) hors périmètre`);
  }
  for (const [id, _v] of after.users) {
    if (before.users.has(id)) continue;
    for (const p of a.places(id))
      if (!coversAfter(p)) out.push(`compte ${label(after, id)} créé dans « ${pathOf(after, p)} » hors périmètre`);
  }

  // Role assignments (by user × role × structure: a reassignment may renumber them).
  const rb = new Map(before.assignments.map((x) => [key(x), x]));
  const ra = new Map(after.assignments.map((x) => [key(x), x]));
  const roleLabel = (w: World, x: AssignmentRow) =>
    `${w.roles.get(x.roleId)?.appName} : ${w.roles.get(x.roleId)?.label} pour « ${pathOf(w, x.structureId)} »`;
  for (const [k, x] of rb) {
    if (ra.has(k) || erasedOk.has(x.userId)) continue;
    if (b.coversAssignment(x) || (o.removal && b.covers(x.structureId))) continue;
    out.push(`rôle ${roleLabel(before, x)} de ${label(before, x.userId)} retiré hors périmètre`);
  }
  for (const [k, x] of ra) {
    if (rb.has(k)) continue;
    if (!coversAfter(x.structureId, after.roles.get(x.roleId)?.applicationId))
      out.push(`rôle ${roleLabel(after, x)} donné à ${label(after, x.userId)} hors périmètre`);
    else if (!b.sees(x.userId) && !a.sees(x.userId))
      out.push(`rôle ${roleLabel(after, x)} donné à ${label(after, x.userId)}, une personne hors périmètre`);
  }
  return out;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * What a response shows of another body: a person the actor does not see (id, email, or — for the
 * `named` people, whose names are unique — names), a membership or a role assignment outside his
 * part of a person he sees. `echo`: what the actor sent himself (an address for the email check, ids
 * of a bulk request), which the answer may repeat.
 */
export function leaks(
  before: World,
  after: World,
  who: Who,
  bodyData: unknown,
  o: { echo?: string[]; named?: Set<string> } = {},
): string[] {
  const b = new Scope(before, who);
  const a = new Scope(after, who);
  if (b.cig) return [];
  const self = b.userId;
  // Lenient on one point: a role assignment held for one of my structures shows its holder in the
  // role's list even when none of his memberships is mine (the body he acts for is mine).
  const holdsMine = (s: Scope, id: string) => s.w.assignments.some((x) => x.userId === id && s.coversAssignment(x));
  const sees = (id: string) => id === self || b.sees(id) || a.sees(id) || holdsMine(b, id) || holdsMine(a, id);
  const out: string[] = [];
  const user = (id: string) => before.users.get(id) ?? after.users.get(id);
  const assignment = (id: string) => before.assignments.find((x) => x.id === id) ?? after.assignments.find((x) => x.id === id);
  // A structure shown for a person: one of his memberships that I cover or — when he has none in my
  // scope but holds a role for one of my structures — that structure.
  const coversPlace = (uid: string, sid: string) =>
    [b, a].some(
      (s) =>
        (s.places(uid).includes(sid) && s.covers(sid)) ||
        (!s.part(uid).places.length && s.part(uid).roles.some((x) => x.structureId === sid)),
    );
  const coversRole = (x: AssignmentRow) => b.coversAssignment(x) || a.coversAssignment(x);

  const text = typeof bodyData === "string" ? bodyData : JSON.stringify(bodyData, (k, v) => (k === "grantedBy" ? undefined : v));
  const lower = text.toLowerCase();
  const echo = new Set((o.echo ?? []).map((e) => e.toLowerCase()));
  for (const u of new Map([...before.users, ...after.users]).values()) {
    if (sees(u.id)) continue;
    const echoed = echo.has(u.id) || echo.has(u.email.toLowerCase());
    if (!echoed && lower.includes(u.id)) out.push(`identifiant de ${u.email} (hors périmètre)`);
    if (!echoed && lower.includes(u.email.toLowerCase())) out.push(`adresse de ${u.email} (hors périmètre)`);
    if (o.named?.has(u.id) && (text.includes(u.lastName) || text.includes(u.firstName))) out.push(`nom de ${u.email} (hors périmètre)`);
  }
  for (const id of text.match(UUID) ?? []) {
    const x = assignment(id.toLowerCase());
    if (x && x.userId !== self && !coversRole(x)) out.push(`affectation de rôle ${id} hors périmètre`);
  }

  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== "object") return;
    const o2 = v as Record<string, any>;
    if (typeof o2.assignmentId === "string" && o2.user?.id) {
      // A role member row: the assignment, its structure and the person's structure are mine.
      const x = assignment(o2.assignmentId);
      if (x && o2.structure?.id && o2.structure.id !== x.structureId)
        out.push(`ligne de rôle ${o2.assignmentId} : structure ${o2.structure.id} n'est pas celle de l'affectation`);
      if (o2.user.structure?.id && o2.user.id !== self && !coversPlace(o2.user.id, o2.user.structure.id)) {
        out.push(`ligne de rôle de ${o2.user.email} : structure « ${o2.user.structure.path} » hors périmètre`);
      }
    }
    if (typeof o2.id === "string" && typeof o2.email === "string" && user(o2.id) && o2.id !== self) {
      for (const s of [o2.structure, ...(Array.isArray(o2.otherStructures) ? o2.otherStructures : [])]) {
        if (s?.id && !coversPlace(o2.id, s.id)) out.push(`${o2.email} : rattachement « ${s.path ?? s.id} » hors périmètre`);
      }
      for (const r of Array.isArray(o2.roles) ? o2.roles : []) {
        const x = r?.id && assignment(r.id);
        if (x && !coversRole(x))
          out.push(`${o2.email} : rôle ${r.application?.name} ${r.role?.label} pour « ${r.structure?.path} » hors périmètre`);
      }
    }
    for (const c of Object.values(o2)) walk(c);
  };
  if (typeof bodyData !== "string") walk(bodyData);
  return out;
}

/** The same for a CSV export: each row is a person I see, with his structure and roles in my part. */
export function csvLeaks(before: World, after: World, who: Who, csv: string, o: { named?: Set<string> } = {}): string[] {
  const out = leaks(before, after, who, csv, o);
  const b = new Scope(before, who);
  if (b.cig) return out;
  const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { delimiter: ";" }).data.filter((r) => r.length > 1);
  const head = rows[0] ?? [];
  const col = (re: RegExp) => head.findIndex((h) => re.test(h));
  const [iEmail, iStructure, iRoles] = [col(/^Adresse mail$/), col(/^Structure/), col(/^Applications et rôles$/)];
  const byEmail = new Map([...before.users.values()].map((u) => [u.email.toLowerCase(), u]));
  for (const r of rows.slice(1)) {
    const u = byEmail.get((r[iEmail] ?? "").toLowerCase());
    if (!u || u.id === b.userId) continue;
    const part = b.part(u.id);
    const paths = part.places.map((p) => pathOf(before, p));
    if (iStructure >= 0 && paths.length && !paths.includes(r[iStructure]!))
      out.push(`export : ${u.email} avec la structure « ${r[iStructure]} » (hors de ${JSON.stringify(paths)})`);
    if (iRoles >= 0 && r[iRoles]) {
      const mine = new Set(part.roles.map((x) => `${before.roles.get(x.roleId)?.appName} : ${before.roles.get(x.roleId)?.label}`));
      for (const role of r[iRoles]!.split(" | "))
        if (!mine.has(role.replace(/^'/, ""))) out.push(`export : ${u.email} avec le rôle « ${role} » hors périmètre`);
    }
  }
  return out;
}
