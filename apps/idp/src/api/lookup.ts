// Reading what the policy and the views need: structure paths, a user's placement.
import { isId, type StructureRef } from "@convergences/contract";
import type { Sql } from "../db/sql.js";
import { placementRow } from "../db/queries/users.js";
import { structurePlace, type StructurePlace } from "../db/queries/structures.js";
import type { Target } from "./policy.js";
import { refsOf, structureTree } from "./structure-tree.js";

type Db = Sql;

/** id → { id, name, path "cig-pc / collectivites / Nanterre" } for the given structures (from the cached tree). */
export async function structureRefs(db: Db, ids: Iterable<string>): Promise<Map<string, StructureRef>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  return refsOf(await structureTree(db), wanted);
}

export async function structureRef(db: Db, id: string): Promise<StructureRef> {
  return (await structureRefs(db, [id])).get(id) ?? { id, name: "?", path: "?" };
}

export interface PlacedUser extends Target {
  email: string;
  firstName: string;
  lastName: string;
  /** The home (structure d'appartenance). */
  structureId: string;
  /** Every ancestor of every structure of the user (account-level audit events are seen by all his bodies). */
  structureIds: string[];
  label: string;
}

/** The user, his memberships, his role assignments (each with its structure's ancestors) and whether he holds a mandate, in one statement. */
export async function placeUser(db: Db, id: string): Promise<PlacedUser | null> {
  if (!isId(id)) return null;
  const u = await placementRow(db, id);
  if (!u) return null;
  const home = { structureId: u.structureId, ancestors: u.main };
  const memberships = u.others ?? [];
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    structureId: u.structureId,
    home,
    memberships,
    roles: u.roles ?? [],
    authority: u.authority,
    structureIds: [...new Set([home, ...memberships].flatMap((p) => p.ancestors))],
    label: `${u.firstName} ${u.lastName} <${u.email}>`,
  };
}

export async function structureAncestors(db: Db, id: string): Promise<StructurePlace | null> {
  if (!isId(id)) return null;
  return (await structurePlace(db, id)) ?? null;
}

/** "2026-11-27" for a date column. */
export const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
export const fromIsoDate = (s: string | null | undefined) => (s == null ? s : new Date(`${s}T00:00:00.000Z`));
