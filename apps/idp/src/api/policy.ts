// Who may do what — DESIGN.md's table, in one place. Every route asks this module; none decides alone.
//
// | actor                 | users                                   | roles                                   | structures            |
// | CIG admin             | all                                     | all applications                        | create/edit/move/del  |
// | référent of S for {A} | S's sub-tree: create/edit/lock/delete    | roles of {A}, users of S's sub-tree     | S's sub-tree nodes    |
// | agent                 | own profile (read), own photo           | own (read)                              | —                     |
//
// A "placement" is the list of ancestorIds (root → node) of each structure a user belongs to (main
// structure and further memberships); a référent of S covers it when S appears in one of them.
import type Koa from "koa";
import type { Prisma } from "../generated/prisma/client.js";
import { ApiError } from "./problem.js";
import { recordAudit, type AuditInput } from "./audit.js";

export interface ReferentMandate {
  structureId: string;
  applicationIds: string[];
}

export interface Actor {
  kind: "user" | "client";
  /** null for a back-office client (client credentials). */
  userId: string | null;
  label: string;
  cigAdmin: boolean;
  referent: ReferentMandate[];
}

export type Placement = string[][];

export const isReferent = (a: Actor) => a.referent.length > 0;

function mandatesFor(actor: Actor, applicationId?: string): ReferentMandate[] {
  return applicationId ? actor.referent.filter((m) => m.applicationIds.includes(applicationId)) : actor.referent;
}

/** The roots of the sub-trees the actor administers (for one application when given); "all" for a CIG admin. */
export function scopeRoots(actor: Actor, applicationId?: string): "all" | string[] {
  if (actor.cigAdmin) return "all";
  return [...new Set(mandatesFor(actor, applicationId).map((m) => m.structureId))];
}

const covers = (roots: "all" | string[], ancestors: string[]) => roots === "all" || ancestors.some((id) => roots.includes(id));
const coversAny = (roots: "all" | string[], placement: Placement) => placement.some((anc) => covers(roots, anc));

/** A Prisma filter restricting users to those the actor administers (undefined: no restriction). */
export function usersWhere(actor: Actor, applicationId?: string): Prisma.UserWhereInput | undefined {
  const roots = scopeRoots(actor, applicationId);
  if (roots === "all") return undefined;
  if (!roots.length) return { id: { in: [] } };
  return {
    OR: [
      { structure: { ancestorIds: { hasSome: roots } } },
      { memberships: { some: { structure: { ancestorIds: { hasSome: roots } } } } },
    ],
  };
}

/** A Prisma filter restricting structures to the actor's sub-trees. */
export function structuresWhere(actor: Actor): Prisma.StructureWhereInput | undefined {
  const roots = scopeRoots(actor);
  if (roots === "all") return undefined;
  return { ancestorIds: { hasSome: roots } };
}

export type UserAction = "read" | "manage" | "photo" | "delete";

export function mayOnUser(actor: Actor, action: UserAction, target: { id: string; placement: Placement }): boolean {
  const self = actor.userId === target.id;
  const manages = coversAny(scopeRoots(actor), target.placement);
  switch (action) {
    case "read":
    case "photo":
      return self || manages;
    case "manage":
      return manages;
    case "delete":
      return manages && !self;
  }
}

/** Creating an account in (or attaching a user to) a structure. */
export function mayPlaceUserIn(actor: Actor, structureAncestors: string[]): boolean {
  return covers(scopeRoots(actor), structureAncestors);
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

/** Granting, removing or changing a role of `applicationId` for a user placed at `placement`. */
export function mayManageRole(actor: Actor, applicationId: string, placement: Placement): boolean {
  return coversAny(scopeRoots(actor, applicationId), placement);
}

/** Seeing an application and its roles: CIG admin, or a référent for it. */
export function mayAdministerApplication(actor: Actor, applicationId: string): boolean {
  return actor.cigAdmin || mandatesFor(actor, applicationId).length > 0;
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
