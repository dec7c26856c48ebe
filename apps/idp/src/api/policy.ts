// Who may do what — DESIGN.md's tables, in one place. Every route asks this module; none decides alone.
//
// | actor                 | users                                   | roles                                   | structures            |
// | CIG admin             | all                                     | all applications                        | create/edit/move/del  |
// | référent of S for {A} | S's sub-tree: create/edit/lock/delete    | roles of {A}, users of S's sub-tree     | S's sub-tree nodes    |
// | agent                 | own profile (read), own photo           | own (read)                              | —                     |
//
// One account, several bodies: decisions take the part of the account they touch. A membership or a
// role assignment belongs to one structure: the référent covering it (for the role's application)
// acts on it. Account-level actions (identity, lock, password, photo, validity, the home) belong to the
// référent of the home (User.structureId) or a CIG admin, and never to a référent when the target
// himself holds authority (CIG admin or any mandate). Scope renderings: scope.ts.
import type Koa from "koa";
import type { UserPermissions } from "@convergences/contract";
import { ApiError } from "./problem.js";
import { recordAudit, type AuditInput } from "./audit.js";
import { covers, prismaStructuresInScope, prismaUsersInScope, scopeRoots, type ReferentMandate, type Roots } from "./scope.js";

export { scopeRoots, covers, type ReferentMandate, type Roots };

export interface Actor {
  kind: "user" | "client";
  /** null for a back-office client (client credentials). */
  userId: string | null;
  label: string;
  cigAdmin: boolean;
  referent: ReferentMandate[];
}

export const isReferent = (a: Actor) => a.referent.length > 0;

/** A structure the account is placed in or holds a role for, with its ancestorIds (root → node). */
export interface Part {
  structureId: string;
  ancestors: string[];
}
export interface AssignmentPart extends Part {
  id: string;
  roleId: string;
  applicationId: string;
}

/** What the policy knows of a target account. */
export interface Target {
  id: string;
  /** The structure d'appartenance. */
  home: Part;
  /** Further memberships (multi-structure). */
  memberships: Part[];
  roles: AssignmentPart[];
  /** The target is a CIG administrator or holds a mandate: account-level actions are the CIG's. */
  authority: boolean;
}

export const placements = (t: Target): Part[] => [t.home, ...t.memberships];

/** A Prisma filter restricting users to those the actor administers (undefined: no restriction). */
export function usersWhere(actor: Actor, applicationId?: string) {
  return prismaUsersInScope(scopeRoots(actor, applicationId));
}

/** A Prisma filter restricting structures to the actor's sub-trees. */
export function structuresWhere(actor: Actor) {
  return prismaStructuresInScope(scopeRoots(actor));
}

/** The memberships (home included) that lie in the actor's scope. */
export function placementsInScope(actor: Actor, t: Target, applicationId?: string): Part[] {
  const roots = scopeRoots(actor, applicationId);
  return placements(t).filter((p) => covers(roots, p.ancestors));
}

/** The role assignments the actor sees and acts on: of his applications, held for his structures. */
export function assignmentsInScope(actor: Actor, t: Target): AssignmentPart[] {
  return t.roles.filter((a) => mayOnAssignment(actor, a.applicationId, a.ancestors));
}

/** The account has memberships or role assignments held outside the actor's scope (told, never shown). */
export function alsoElsewhere(actor: Actor, t: Target): boolean {
  const roots = scopeRoots(actor);
  if (roots === "all" || actor.userId === t.id) return false;
  return placements(t).some((p) => !covers(roots, p.ancestors)) || t.roles.some((a) => !covers(roots, a.ancestors));
}

/** Seeing the person (his card, his photo): himself, or an actor covering one of his memberships. */
export function maySee(actor: Actor, t: Target): boolean {
  return actor.userId === t.id || placementsInScope(actor, t).length > 0;
}

/** Account-level actions: the référent of the home when the target holds no authority, or a CIG admin. */
export function mayOnAccount(actor: Actor, t: Target): boolean {
  if (actor.cigAdmin) return true;
  return !t.authority && covers(scopeRoots(actor), t.home.ancestors);
}

/** Adding an account to (or creating it in) a structure: the actor covers that structure. */
export function mayPlaceUserIn(actor: Actor, structureAncestors: string[]): boolean {
  return covers(scopeRoots(actor), structureAncestors);
}

/** Granting a role of `applicationId` held for a structure: the actor covers it for that application, and one of the user's memberships. */
export function mayGrantRole(actor: Actor, applicationId: string, structureAncestors: string[], userParts: Part[]): boolean {
  const roots = scopeRoots(actor, applicationId);
  return covers(roots, structureAncestors) && userParts.some((p) => covers(roots, p.ancestors));
}

/** Removing or changing a role assignment: the actor covers the structure it is held for, for its application. */
export function mayOnAssignment(actor: Actor, applicationId: string, structureAncestors: string[]): boolean {
  return covers(scopeRoots(actor, applicationId), structureAncestors);
}

/** Moving a membership from one structure to another: rights on both; moving the home is account-level. */
export function mayMoveMembership(actor: Actor, t: Target, from: Part, toAncestors: string[]): boolean {
  const roots = scopeRoots(actor);
  if (!covers(roots, from.ancestors) || !covers(roots, toAncestors)) return false;
  return from.structureId !== t.home.structureId || mayOnAccount(actor, t);
}

/** What « Supprimer l'utilisateur » does for this actor: the parts it removes and whether the account goes. */
export interface Removal {
  kind: "detach" | "erase";
  /** The memberships removed (home included when it is in scope). */
  memberships: Part[];
  /** The role assignments removed (held for the actor's structures, whatever their application). */
  roles: AssignmentPart[];
  /** When the home goes and the account stays: the membership that becomes the home. */
  newHome: Part | null;
}

export function removalOf(actor: Actor, t: Target): Removal | null {
  if (actor.userId === t.id) return null;
  if (actor.cigAdmin) return { kind: "erase", memberships: placements(t), roles: t.roles, newHome: null };
  const roots = scopeRoots(actor);
  const mine = placements(t).filter((p) => covers(roots, p.ancestors));
  if (!mine.length) return null;
  const left = placements(t).filter((p) => !covers(roots, p.ancestors));
  // Nothing left: the account is erased — never by a référent when it holds authority.
  if (!left.length) return t.authority ? null : { kind: "erase", memberships: mine, roles: t.roles, newHome: null };
  const homeGoes = covers(roots, t.home.ancestors);
  return {
    kind: "detach",
    memberships: mine,
    roles: t.roles.filter((a) => covers(roots, a.ancestors)),
    newHome: homeGoes ? left[0]! : null,
  };
}

/** The card's `permissions`: what the console may offer (the routes decide the same way). */
export function permissionsOn(actor: Actor, t: Target): UserPermissions {
  const self = actor.userId === t.id;
  const account = mayOnAccount(actor, t);
  const administers = actor.cigAdmin || isReferent(actor);
  const roots = scopeRoots(actor);
  const mine = placements(t).filter((p) => covers(roots, p.ancestors));
  const apps = actor.cigAdmin ? null : [...new Set(actor.referent.flatMap((m) => m.applicationIds))];
  return {
    editIdentity: account,
    lock: account && !self,
    resetPassword: account,
    photo: self || account,
    manageRoles: actor.cigAdmin || (apps ?? []).some((app) => placementsInScope(actor, t, app).length > 0),
    attach: administers && mine.length > 0,
    remove: removalOf(actor, t)?.kind ?? null,
    moveMembership:
      mine.some((p) => p.structureId !== t.home.structureId) || (mine.some((p) => p.structureId === t.home.structureId) && account),
  };
}

export type StructureAction = "read" | "create-under" | "rename" | "move" | "delete";

/** `node`: ancestorIds of the node; for "move", `to`: ancestorIds of the new parent. */
export function mayOnStructure(actor: Actor, action: StructureAction, node: string[], to?: string[]): boolean {
  if (actor.cigAdmin) return true;
  const roots = scopeRoots(actor) as string[];
  const inside = covers(roots, node);
  // A référent's own top node (S itself) stays where the CIG put it.
  const strictlyInside = node.slice(0, -1).some((id) => roots.includes(id));
  switch (action) {
    case "read":
    case "create-under":
    case "rename":
      return inside;
    case "delete":
      return strictlyInside;
    case "move":
      return strictlyInside && !!to && covers(roots, to);
  }
}

/** Seeing an application and its roles: CIG admin, or a référent for it. */
export function mayAdministerApplication(actor: Actor, applicationId: string): boolean {
  return actor.cigAdmin || actor.referent.some((m) => m.applicationIds.includes(applicationId));
}

/** Applications settings, role definitions, mandates: CIG administrators only. */
export const mayConfigure = (actor: Actor) => actor.cigAdmin;

/** The audit log: CIG admins all of it, référents the events of their sub-trees. */
export const mayReadAudit = (actor: Actor) => actor.cigAdmin || isReferent(actor);
/** Listing users, exports, structures tree, email check: CIG admins and référents. */
export const mayAdministerUsers = (actor: Actor) => actor.cigAdmin || isReferent(actor);

/**
 * Enforces a decision: on refusal, writes the attempt to the audit log and answers 403, or 404
 * when the target's very existence is private to the actor (`hide`).
 */
export async function enforce(
  ctx: Koa.Context,
  allowed: boolean,
  attempt: Omit<AuditInput, "outcome">,
  options: { hide?: ConstructorParameters<typeof ApiError>[0] } = {},
): Promise<void> {
  if (allowed) return;
  await recordAudit(ctx, { ...attempt, outcome: "denied" });
  throw new ApiError(options.hide ?? "FORBIDDEN");
}

export function actorOf(ctx: Koa.Context): Actor {
  const a = ctx.state.actor;
  if (!a) throw new ApiError("UNAUTHENTICATED");
  return a;
}
