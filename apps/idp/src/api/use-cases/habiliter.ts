// « J'habilite un utilisateur sur une application du CIG » and « Je réaffecte ou je supprime une
// habilitation »: the one place where a role assignment is granted (also by the creation wizard and
// the attachment), removed or changed. A role is held for one structure, which must lie in the
// actor's scope for that application; by default, the collectivité/établissement of the user's first
// structure in that scope — never a body outside it.
import { ERRORS } from "@convergences/contract";
import type { RoleChoice } from "@convergences/contract";
import { MESSAGES } from "@convergences/contract";
import { placeUser, type PlacedUser } from "../lookup.js";
import { mayAdministerApplication, mayGrantRole, mayOnAssignment, maySee, placements, type Part } from "../policy.js";
import { ApiError, notFoundField } from "../problem.js";
import { revokeSessions } from "../revoke.js";
import { covers, scopeRoots } from "../scope.js";
import { structureTree, type StructureTree } from "../structure-tree.js";
import { audit, allow, type Call, type Tx } from "./call.js";

const BODY_KINDS = new Set(["COLLECTIVITE", "ETABLISSEMENT"]);

export interface RoleOf {
  id: string;
  code: string;
  applicationId: string;
  applicationCode: string;
}

/** The structure a role is held for when none is chosen: the body of the user's first structure in the actor's scope. */
function defaultHeldFor(call: Call, tree: StructureTree, applicationId: string, parts: Part[]): Part | null {
  const roots = scopeRoots(call.actor, applicationId);
  const place = parts.find((p) => covers(roots, p.ancestors));
  if (!place) return null;
  // Only ancestors inside the scope: a référent of a direction holds roles for his direction, not its collectivité.
  const from = roots === "all" ? 0 : place.ancestors.findIndex((a) => roots.includes(a));
  const inside = place.ancestors.slice(from);
  const body = [...inside].reverse().find((id) => BODY_KINDS.has(tree.nodes.get(id)?.kind ?? ""));
  const id = body ?? place.structureId;
  return { structureId: id, ancestors: tree.nodes.get(id)?.ancestorIds ?? place.ancestors };
}

/** The structure chosen for a role (its ancestors), or a 422 on the field when it does not exist. */
async function heldForChoice(call: Call, structureId: string): Promise<Part> {
  const tree = await structureTree(call.sql);
  const node = tree.nodes.get(structureId);
  if (!node) throw new ApiError("STRUCTURE_NOT_FOUND");
  return { structureId, ancestors: node.ancestorIds };
}

/**
 * Grants `role` to `user` held for `heldFor` inside the caller's transaction, with its audit event.
 * The caller has checked mayGrantRole. Returns false when the assignment already existed.
 */
export async function grantRole(call: Call, tx: Tx, user: { id: string; label: string }, role: RoleOf, heldFor: Part): Promise<boolean> {
  const exists = await tx.roleAssignment.findUnique({
    where: { userId_roleId_structureId: { userId: user.id, roleId: role.id, structureId: heldFor.structureId } },
    select: { id: true },
  });
  if (exists) return false;
  await tx.roleAssignment.create({
    data: { userId: user.id, roleId: role.id, structureId: heldFor.structureId, grantedById: call.actor.userId },
  });
  await audit(
    call,
    {
      action: "role.assign",
      targetType: "user",
      targetId: user.id,
      targetLabel: user.label,
      structureIds: heldFor.ancestors,
      after: { application: role.applicationCode, role: role.code, structureId: heldFor.structureId },
    },
    tx,
  );
  return true;
}

/** The roles of a creation or attachment, each with the structure it will be held for, checked (403 audited) before anything is written. */
export async function checkRoleChoices(call: Call, choices: RoleChoice[], parts: Part[]): Promise<{ role: RoleOf; heldFor: Part }[]> {
  if (!choices.length) return [];
  const roles = await call.db.role.findMany({
    where: { id: { in: choices.map((r) => r.roleId) } },
    select: { id: true, code: true, applicationId: true, application: { select: { code: true } } },
  });
  const tree = await structureTree(call.sql);
  const out: { role: RoleOf; heldFor: Part }[] = [];
  for (const choice of choices) {
    const r = roles.find((x) => x.id === choice.roleId);
    if (!r) throw notFoundField("roles", "ROLE_NOT_FOUND");
    const role = { id: r.id, code: r.code, applicationId: r.applicationId, applicationCode: r.application.code };
    const node = choice.structureId ? tree.nodes.get(choice.structureId) : undefined;
    if (choice.structureId && !node) throw notFoundField("roles", "STRUCTURE_NOT_FOUND");
    const heldFor = node ? { structureId: node.id, ancestors: node.ancestorIds } : defaultHeldFor(call, tree, role.applicationId, parts);
    const ok = !!heldFor && mayGrantRole(call.actor, role.applicationId, heldFor.ancestors, parts);
    await allow(call, ok, { action: "role.assign", targetType: "role", targetId: role.id, structureIds: heldFor?.ancestors ?? [] });
    out.push({ role, heldFor: heldFor! });
  }
  return out;
}

export interface AssignOutcome {
  assigned: string[];
  alreadyAssigned: string[];
  refused: { id: string; message: string }[];
  message: string;
}

/** « Affecter un ou plusieurs utilisateur(s) au rôle »: each user in his own transaction; a refusal is per user, audited, and says « introuvable ». */
export async function habiliter(call: Call, role: RoleOf, userIds: string[], structureId?: string): Promise<AssignOutcome> {
  await allow(call, mayAdministerApplication(call.actor, role.applicationId), {
    action: "role.assign",
    targetType: "role",
    targetId: role.id,
  });
  let chosen: Part | null = null;
  if (structureId) {
    chosen = await heldForChoice(call, structureId);
    await allow(call, mayOnAssignment(call.actor, role.applicationId, chosen.ancestors), {
      action: "role.assign",
      targetType: "role",
      targetId: role.id,
      structureIds: chosen.ancestors,
    });
  }
  const tree = await structureTree(call.sql);
  const result: AssignOutcome = { assigned: [], alreadyAssigned: [], refused: [], message: "" };
  for (const userId of new Set(userIds.map((i) => i.toLowerCase()))) {
    const placed = await placeUser(call.sql, userId);
    const heldFor = placed && (chosen ?? defaultHeldFor(call, tree, role.applicationId, placements(placed)));
    if (
      !placed ||
      !heldFor ||
      !maySee(call.actor, placed) ||
      !mayGrantRole(call.actor, role.applicationId, heldFor.ancestors, placements(placed))
    ) {
      if (placed)
        await audit(call, {
          action: "role.assign",
          outcome: "denied",
          targetType: "user",
          targetId: userId,
          structureIds: heldFor?.ancestors ?? [],
          after: { roleId: role.id },
        });
      result.refused.push({ id: userId, message: ERRORS.USER_NOT_FOUND.message });
      continue;
    }
    const done = await call.db.$transaction((tx) => grantRole(call, tx, placed, role, heldFor));
    (done ? result.assigned : result.alreadyAssigned).push(userId);
  }
  result.message = MESSAGES.assigned(result.assigned.length);
  return result;
}

/** The user's assignments of `role` that the actor may act on (held for his structures), optionally for one structure. 404 when there are none. */
async function assignmentsToTouch(
  call: Call,
  role: RoleOf,
  userId: string,
  action: string,
  structureId?: string,
): Promise<{ placed: PlacedUser; ids: { id: string; structureId: string; ancestors: string[] }[] }> {
  const placed = await placeUser(call.sql, userId);
  if (!placed) throw new ApiError("USER_NOT_FOUND");
  const held = placed.roles.filter((a) => a.roleId === role.id && (!structureId || a.structureId === structureId));
  const mine = held.filter((a) => mayOnAssignment(call.actor, role.applicationId, a.ancestors));
  if (!mine.length) {
    // Not his part (or no such assignment): the same answer as for a user he does not see.
    await audit(call, { action, outcome: "denied", targetType: "user", targetId: userId, after: { roleId: role.id } });
    throw new ApiError(maySee(call.actor, placed) ? "ASSIGNMENT_NOT_FOUND" : "USER_NOT_FOUND");
  }
  return { placed, ids: mine };
}

/** Sessions go when the user no longer holds any role of that application. */
async function revokeIfLastRole(call: Call, userId: string, applicationId: string) {
  const left = await call.db.roleAssignment.count({ where: { userId, role: { applicationId } } });
  if (!left) await revokeSessions(call.app, userId);
}

/** « Désaffecter le membre sélectionné »: only the assignments held for the actor's structures. */
export async function desaffecter(call: Call, role: RoleOf, userId: string, structureId?: string): Promise<{ message: string }> {
  await allow(call, mayAdministerApplication(call.actor, role.applicationId), {
    action: "role.unassign",
    targetType: "role",
    targetId: role.id,
  });
  const { placed, ids } = await assignmentsToTouch(call, role, userId, "role.unassign", structureId);
  await call.db.$transaction(async (tx) => {
    await tx.roleAssignment.deleteMany({ where: { id: { in: ids.map((a) => a.id) } } });
    await audit(
      call,
      {
        action: "role.unassign",
        targetType: "user",
        targetId: userId,
        targetLabel: placed.label,
        structureIds: ids.flatMap((a) => a.ancestors),
        before: { application: role.applicationCode, role: role.code, structureIds: ids.map((a) => a.structureId) },
      },
      tx,
    );
  });
  await revokeIfLastRole(call, userId, role.applicationId);
  return { message: MESSAGES.unassigned };
}

/** « Réaffecter le membre à un autre rôle » of the same application: the actor's assignments move, held for the same structures. */
export async function reaffecter(call: Call, role: RoleOf, userId: string, toRoleId: string): Promise<{ message: string }> {
  await allow(call, mayAdministerApplication(call.actor, role.applicationId), {
    action: "role.reassign",
    targetType: "role",
    targetId: role.id,
  });
  const { placed, ids } = await assignmentsToTouch(call, role, userId, "role.reassign");
  const to = await call.db.role.findUnique({ where: { id: toRoleId }, select: { id: true, code: true, applicationId: true } });
  if (!to) throw new ApiError("ROLE_NOT_FOUND");
  if (to.applicationId !== role.applicationId) throw new ApiError("ROLE_OTHER_APPLICATION");
  await call.db.$transaction(async (tx) => {
    await tx.roleAssignment.deleteMany({ where: { id: { in: ids.map((a) => a.id) } } });
    for (const a of ids) {
      await tx.roleAssignment.upsert({
        where: { userId_roleId_structureId: { userId, roleId: to.id, structureId: a.structureId } },
        create: { userId, roleId: to.id, structureId: a.structureId, grantedById: call.actor.userId },
        update: {},
      });
    }
    await audit(
      call,
      {
        action: "role.reassign",
        targetType: "user",
        targetId: userId,
        targetLabel: placed.label,
        structureIds: ids.flatMap((a) => a.ancestors),
        before: { application: role.applicationCode, role: role.code },
        after: { application: role.applicationCode, role: to.code },
      },
      tx,
    );
  });
  return { message: MESSAGES.reassigned };
}
