// Reading what the policy and the views need: structure paths, a user's placement.
import type { PrismaClient } from "../generated/prisma/client.js";
import type { StructureRef } from "@convergences/contract";
import type { Placement } from "./policy.js";

type Db = Pick<PrismaClient, "structure" | "user">;

/** id → { id, name, path "cig-pc / collectivites / Nanterre" } for the given structures. */
export async function structureRefs(db: Db, ids: Iterable<string>): Promise<Map<string, StructureRef>> {
  const wanted = [...new Set(ids)];
  const out = new Map<string, StructureRef>();
  if (!wanted.length) return out;
  const nodes = await db.structure.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, ancestorIds: true } });
  const ancestorIds = [...new Set(nodes.flatMap((n) => n.ancestorIds))];
  const names = new Map(
    (await db.structure.findMany({ where: { id: { in: ancestorIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]),
  );
  for (const n of nodes) out.set(n.id, { id: n.id, name: n.name, path: n.ancestorIds.map((id) => names.get(id) ?? "?").join(" / ") });
  return out;
}

export async function structureRef(db: Db, id: string): Promise<StructureRef> {
  return (await structureRefs(db, [id])).get(id) ?? { id, name: "?", path: "?" };
}

export interface PlacedUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  structureId: string;
  placement: Placement;
  /** Every ancestor of every structure of the user (for the audit log's sub-tree filter). */
  structureIds: string[];
  label: string;
}

export async function placeUser(db: Db, id: string): Promise<PlacedUser | null> {
  const u = await db.user.findUnique({
    where: { id },
    select: {
      id: true, email: true, firstName: true, lastName: true, structureId: true,
      structure: { select: { ancestorIds: true } },
      memberships: { select: { structure: { select: { ancestorIds: true } } } },
    },
  });
  if (!u) return null;
  const placement = [u.structure.ancestorIds, ...u.memberships.map((m) => m.structure.ancestorIds)];
  return {
    id: u.id, email: u.email, firstName: u.firstName, lastName: u.lastName, structureId: u.structureId,
    placement,
    structureIds: [...new Set(placement.flat())],
    label: `${u.firstName} ${u.lastName} <${u.email}>`,
  };
}

export async function structureAncestors(db: Db, id: string): Promise<{ id: string; name: string; ancestorIds: string[]; kind: string; parentId: string | null; version: number } | null> {
  return db.structure.findUnique({ where: { id }, select: { id: true, name: true, ancestorIds: true, kind: true, parentId: true, version: true } });
}

/** "2026-11-27" for a date column. */
export const isoDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
export const fromIsoDate = (s: string | null | undefined) => (s == null ? s : new Date(`${s}T00:00:00.000Z`));
