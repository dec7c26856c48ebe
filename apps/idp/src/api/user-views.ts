// Users as the contract shows them, to one actor: list rows and the agent's card show only the
// memberships and role assignments in the actor's scope, and a neutral `alsoElsewhere` for the rest.
import type { Prisma } from "../generated/prisma/client.js";
import { isId, type StructureRef, type UserCard, type UserSummary } from "@convergences/contract";
import { isoDate, type PlacedUser } from "./lookup.js";
import { alsoElsewhere, assignmentsInScope, permissionsOn, placementsInScope, type Actor } from "./policy.js";
import { covers, scopeRoots } from "./scope.js";
import { refsOf, structureTree, type StructureTree } from "./structure-tree.js";
import type { Sql } from "../db/sql.js";
import { cardRow, partsRows, type SummaryRow } from "../db/queries/users.js";

/**
 * For list rows seen by `actor`: each user's structure is his structure d'appartenance when it is in
 * the actor's scope, else his first membership that is (`prefer`: the list filter's structures come
 * first); `alsoElsewhere` when a membership or a role is held outside. One statement for the page's
 * memberships and role structures; a CIG admin sees the home, and no statement is needed.
 */
export async function scopedParts(
  db: Sql,
  actor: Actor,
  /** `fallback`: shown when none of the user's structures is in scope (a role held for one of the actor's structures by someone placed elsewhere). */
  rows: { id: string; structureId: string; fallback?: string }[],
  prefer?: Set<string>,
): Promise<Map<string, { structure: StructureRef; alsoElsewhere: boolean }>> {
  const roots = scopeRoots(actor);
  const tree = await structureTree(db);
  const parts = new Map<string, { ms: string[]; rs: string[] }>();
  if (roots !== "all" && rows.length) {
    const found = await partsRows(db, [...new Set(rows.map((r) => r.id))]);
    for (const f of found) parts.set(f.id, f);
  }
  const inScope = (id: string) => covers(roots, tree.nodes.get(id)?.ancestorIds ?? []);
  const out = new Map<string, { structure: StructureRef; alsoElsewhere: boolean }>();
  for (const r of rows) {
    let shown = r.structureId;
    let elsewhere = false;
    const p = parts.get(r.id);
    if (p && actor.userId !== r.id) {
      const all = [r.structureId, ...p.ms];
      const mine = all.filter(inScope);
      shown = (prefer && mine.find((s) => prefer.has(s))) ?? mine[0] ?? r.fallback ?? r.structureId;
      elsewhere = all.some((s) => !inScope(s)) || p.rs.some((s) => !inScope(s));
    }
    out.set(r.id, { structure: tree.ref(shown) ?? { id: shown, name: "?", path: "?" }, alsoElsewhere: elsewhere });
  }
  return out;
}

/** List rows for `actor` (see scopedParts). */
export async function toSummaries(db: Sql, rows: SummaryRow[], actor: Actor, prefer?: Set<string>): Promise<UserSummary[]> {
  const parts = await scopedParts(db, actor, rows, prefer);
  return rows.map((r) => summaryOf(r, parts.get(r.id)!.structure, parts.get(r.id)!.alsoElsewhere));
}

/** A list row as the contract shows it (also the head of the card). */
function summaryOf(r: SummaryRow, structure: StructureRef, alsoElsewhere: boolean): UserSummary {
  return {
    id: r.id,
    email: r.email,
    identifiant: r.identifiant,
    lastName: r.lastName,
    firstName: r.firstName,
    structure,
    service: r.service,
    fonction: r.fonction,
    locked: r.locked,
    hasPhoto: !!r.photoType,
    validFrom: isoDate(r.validFrom),
    validUntil: isoDate(r.validUntil),
    lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
    alsoElsewhere,
  };
}

/**
 * The agent's card as `actor` sees it, in one statement (the user, his further structures, his roles
 * with their application), cut to the actor's part with the target's placement (`placed`, read by the
 * caller — in the same transaction when the card answers a change).
 */
export async function userCard(
  db: Sql,
  id: string,
  actor: Actor,
  placed: PlacedUser,
  /** The structure tree, read before a transaction (the embedded database has one connection: no read beside it). */
  known?: StructureTree,
): Promise<UserCard | null> {
  if (!isId(id)) return null;
  const u = await cardRow(db, id);
  if (!u) return null;
  const full = actor.cigAdmin || actor.userId === placed.id;
  const mine = full ? [placed.home, ...placed.memberships] : placementsInScope(actor, placed);
  const shownRoles = new Set((full ? placed.roles : assignmentsInScope(actor, placed)).map((a) => a.id));
  // Nothing of his left in the actor's scope (he was just removed from it): nothing to show.
  if (!mine.length) return null;
  const main = mine[0]!;
  const memberships = mine.slice(1).map((p) => p.structureId);
  const roles = (u.roles ?? []).filter((a) => shownRoles.has(a.id));
  const refs = refsOf(known ?? (await structureTree(db)), [main.structureId, ...memberships, ...roles.map((a) => a.structureId)]);
  const ref = (sid: string): StructureRef => refs.get(sid) ?? { id: sid, name: "?", path: "?" };
  return {
    ...summaryOf(u, ref(main.structureId), !full && alsoElsewhere(actor, placed)),
    isHome: main.structureId === placed.home.structureId,
    permissions: permissionsOn(actor, placed),
    phone: u.phone,
    postalAddress: u.postalAddress,
    teleworking: u.teleworking,
    appIdentifier: u.appIdentifier,
    lockedReason: u.lockedReason,
    photoUrl: u.photoType ? `/api/v1/users/${u.id}/photo?v=${u.photoUpdatedAt?.getTime() ?? 0}` : null,
    otherStructures: memberships.map(ref),
    roles: roles.map((a) => ({
      id: a.id,
      application: a.application,
      role: a.role,
      structure: ref(a.structureId),
      grantedAt: a.grantedAt,
    })),
    hasPassword: u.hasPassword,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** The fields audited before/after a change (no password hash, no photo bytes). */
export const auditedSelect = {
  identifiant: true,
  lastName: true,
  firstName: true,
  structureId: true,
  service: true,
  fonction: true,
  phone: true,
  postalAddress: true,
  teleworking: true,
  appIdentifier: true,
  validFrom: true,
  validUntil: true,
  locked: true,
  lockedReason: true,
} satisfies Prisma.UserSelect;
