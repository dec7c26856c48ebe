// « Je supprime le compte d'un agent utilisateur » = « Supprimer l'utilisateur »: the person leaves
// the actor's scope — his memberships there and the roles held for those structures. The account
// itself is erased (RGPD) only when nothing is left of it, or by a CIG admin (user-delete.ts).
import { MESSAGES, type BulkDeleteResult, ERRORS } from "@convergences/contract";
import type { PlacedUser } from "../lookup.js";
import { placeUser } from "../lookup.js";
import { maySee, removalOf, type Removal } from "../policy.js";
import { ApiError } from "../problem.js";
import { revokeSessions } from "../revoke.js";
import { structureRefs } from "../lookup.js";
import { eraseAccount } from "../user-delete.js";
import { audit, refuseUnless, seenUser, type Call } from "./call.js";

/** Removes `placed` from the actor's scope as `removal` says; returns the message to show. */
async function remove(call: Call, placed: PlacedUser, removal: Removal): Promise<string> {
  if (removal.kind === "erase") {
    await eraseAccount(call.ctx, placed);
    return MESSAGES.userDeleted;
  }
  const names = await structureRefs(
    call.sql,
    removal.memberships.map((m) => m.structureId),
  );
  const apps = new Set(removal.roles.map((r) => r.applicationId));
  await call.db.$transaction(async (tx) => {
    const further = removal.memberships.filter((m) => m.structureId !== placed.home.structureId).map((m) => m.structureId);
    if (removal.newHome) further.push(removal.newHome.structureId);
    await tx.membership.deleteMany({ where: { userId: placed.id, structureId: { in: further } } });
    if (removal.roles.length) await tx.roleAssignment.deleteMany({ where: { id: { in: removal.roles.map((r) => r.id) } } });
    // His structure d'appartenance was here: the first structure left elsewhere becomes it.
    if (removal.newHome)
      await tx.user.update({ where: { id: placed.id }, data: { structureId: removal.newHome.structureId, version: { increment: 1 } } });
    await audit(
      call,
      {
        action: "user.detach",
        targetType: "user",
        targetId: placed.id,
        targetLabel: placed.label,
        // Written for the actor's structures only: the other bodies' référents are told nothing of his scope.
        structureIds: [...removal.memberships, ...removal.roles].flatMap((p) => p.ancestors),
        before: {
          structureIds: removal.memberships.map((m) => m.structureId),
          roles: removal.roles.map((r) => ({ roleId: r.roleId, structureId: r.structureId })),
        },
      },
      tx,
    );
  });
  for (const app of apps) {
    if (!(await call.db.roleAssignment.count({ where: { userId: placed.id, role: { applicationId: app } } }))) {
      await revokeSessions(call.app, placed.id);
      break;
    }
  }
  return MESSAGES.userDetached(removal.memberships.map((m) => names.get(m.structureId)?.name ?? "?").join(", "));
}

/** DELETE /users/:id */
export async function supprimerUtilisateur(call: Call, id: string): Promise<{ message: string }> {
  const placed = await seenUser(call, id, "user.delete");
  if (call.actor.userId === placed.id) throw new ApiError("SELF_DELETE");
  const removal = removalOf(call.actor, placed);
  await refuseUnless(call, !!removal, "user.delete", placed);
  return { message: await remove(call, placed, removal!) };
}

/** « Supprimer les utilisateurs sélectionnés »: each one as above; a refusal is per user and says « introuvable » (or « votre propre compte »). */
export async function supprimerUtilisateurs(call: Call, ids: string[]): Promise<BulkDeleteResult & { message: string }> {
  const result: BulkDeleteResult = { deleted: [], erased: [], refused: [] };
  for (const id of new Set(ids.map((i) => i.toLowerCase()))) {
    const placed = await placeUser(call.sql, id);
    const removal = placed && removalOf(call.actor, placed);
    if (!placed || !removal) {
      if (placed) await audit(call, { action: "user.delete", outcome: "denied", targetType: "user", targetId: id });
      const self = placed && call.actor.userId === id;
      result.refused.push({
        id,
        message: self && maySee(call.actor, placed) ? "Vous ne pouvez pas supprimer votre propre compte." : ERRORS.USER_NOT_FOUND.message,
      });
      continue;
    }
    await remove(call, placed, removal);
    result.deleted.push(id);
    if (removal.kind === "erase") result.erased.push(id);
  }
  return { ...result, message: MESSAGES.usersRemoved(result.deleted.length - result.erased.length, result.erased.length) };
}
