// A référent's scope, defined once: the sub-trees of the structures he is référent of (for one
// application, or for any), "all" for a CIG administrator. Every rendering of it comes from here —
// the in-memory test on a structure's ancestors, the SQL conditions of the fast search paths and
// exports, the Prisma filters — so that they cannot drift apart (scope.test.ts checks they agree).
import type { Prisma } from "../generated/prisma/client.js";
import type { StructureTree } from "./structure-tree.js";

export interface ReferentMandate {
  structureId: string;
  applicationIds: string[];
}

export interface ScopeActor {
  cigAdmin: boolean;
  referent: ReferentMandate[];
}

export type Roots = "all" | string[];

/** The roots of the sub-trees the actor administers (for one application when given); "all" for a CIG admin. */
export function scopeRoots(actor: ScopeActor, applicationId?: string): Roots {
  if (actor.cigAdmin) return "all";
  const mandates = applicationId ? actor.referent.filter((m) => m.applicationIds.includes(applicationId)) : actor.referent;
  return [...new Set(mandates.map((m) => m.structureId))];
}

/** A structure (its ancestorIds, root → node) lies in the scope. */
export const covers = (roots: Roots, ancestors: string[]) => roots === "all" || ancestors.some((id) => roots.includes(id));

/** The structure ids of the scope (the roots' sub-trees, from the cached tree). */
export const scopeStructures = (roots: string[], tree: StructureTree) => tree.subtree(roots);

/** Positional parameters of a statement under construction. */
export type Param = (value: unknown, cast: string) => string;

/** SQL on `"User" u`: the user has a placement (structure d'appartenance or membership) in `structures` (a uuid[] expression). */
export const sqlUserIn = (structures: string) =>
  `(u."structureId" = ANY(${structures}) OR u.id = ANY(ARRAY(SELECT m."userId" FROM "Membership" m WHERE m."structureId" = ANY(${structures}))))`;

/** SQL on `"User" u`: the user has a placement in the scope (null: no condition, a CIG administrator). */
export function sqlUsersInScope(roots: Roots, tree: StructureTree, p: Param): string | null {
  if (roots === "all") return null;
  if (!roots.length) return "FALSE";
  return sqlUserIn(p(scopeStructures(roots, tree), "uuid[]"));
}

/** Prisma: the same users as sqlUsersInScope (undefined: no restriction). */
export function prismaUsersInScope(roots: Roots): Prisma.UserWhereInput | undefined {
  if (roots === "all") return undefined;
  if (!roots.length) return { id: { in: [] } };
  return {
    OR: [{ structure: { ancestorIds: { hasSome: roots } } }, { memberships: { some: { structure: { ancestorIds: { hasSome: roots } } } } }],
  };
}

/** Prisma: structures of the scope. */
export function prismaStructuresInScope(roots: Roots): Prisma.StructureWhereInput | undefined {
  if (roots === "all") return undefined;
  return { ancestorIds: { hasSome: roots } };
}

/** Prisma: role assignments held for a structure of the scope. */
export function prismaAssignmentsInScope(roots: Roots): Prisma.RoleAssignmentWhereInput | undefined {
  if (roots === "all") return undefined;
  if (!roots.length) return { id: { in: [] } };
  return { structure: { ancestorIds: { hasSome: roots } } };
}

/**
 * SQL on `"RoleAssignment" ra` joined with `"Role" r`: the assignment is of an application the actor
 * administers and held for a structure of his scope for that application (null: no condition).
 */
export function sqlAssignmentsInScope(actor: ScopeActor, tree: StructureTree, p: Param): string | null {
  if (actor.cigAdmin) return null;
  const apps = [...new Set(actor.referent.flatMap((m) => m.applicationIds))];
  if (!apps.length) return "FALSE";
  const pairs: { app: string[]; structure: string[] } = { app: [], structure: [] };
  for (const app of apps) {
    for (const s of scopeStructures(scopeRoots(actor, app) as string[], tree)) {
      pairs.app.push(app);
      pairs.structure.push(s);
    }
  }
  return `(r."applicationId", ra."structureId") IN (SELECT * FROM unnest(${p(pairs.app, "uuid[]")}, ${p(pairs.structure, "uuid[]")}))`;
}
