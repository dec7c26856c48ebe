// « Déplacer une affectation »: a membership moves from one structure to another — rights on both;
// the structure d'appartenance moves only with the account-level right. Also: retirer d'une structure
// (one membership of the actor's scope, not the home).
import { MESSAGES, type UserCard } from "@convergences/contract";
import { structureAncestors } from "../lookup.js";
import { mayMoveMembership, mayPlaceUserIn, placements, placementsInScope } from "../policy.js";
import { ApiError, notFoundField } from "../problem.js";
import { covers, scopeRoots } from "../scope.js";
import { allow, audit, cardIn, cardOrNothing, seenUser, treeOf, type Call } from "./call.js";

export async function deplacerUneAffectation(call: Call, id: string, fromStructureId: string, toStructureId: string): Promise<UserCard> {
  const placed = await seenUser(call, id, "user.move");
  // Only his own structures can be moved from: another body's membership is unknown to him (404).
  const from = (call.actor.cigAdmin ? placements(placed) : placementsInScope(call.actor, placed)).find(
    (p) => p.structureId === fromStructureId,
  );
  const to = await structureAncestors(call.sql, toStructureId);
  if (!from) {
    await audit(call, {
      action: "user.move",
      outcome: "denied",
      targetType: "user",
      targetId: placed.id,
      after: { fromStructureId, toStructureId },
    });
    throw new ApiError("STRUCTURE_NOT_FOUND");
  }
  if (!to) throw notFoundField("toStructureId", "STRUCTURE_NOT_FOUND");
  await allow(call, mayMoveMembership(call.actor, placed, from, to.ancestorIds), {
    action: "user.move",
    targetType: "user",
    targetId: placed.id,
    targetLabel: placed.label,
    structureIds: [...from.ancestors, ...to.ancestorIds],
  });
  if (placements(placed).some((p) => p.structureId === to.id)) throw new ApiError("ALREADY_MEMBER");
  const home = from.structureId === placed.home.structureId;
  const tree = await treeOf(call);
  return call.db.$transaction(async (tx) => {
    if (home) await tx.user.update({ where: { id: placed.id }, data: { structureId: to.id, version: { increment: 1 } } });
    else {
      await tx.membership.delete({ where: { userId_structureId: { userId: placed.id, structureId: from.structureId } } });
      await tx.membership.create({ data: { userId: placed.id, structureId: to.id, createdById: call.actor.userId } });
    }
    await audit(
      call,
      {
        action: "user.move",
        targetType: "user",
        targetId: placed.id,
        targetLabel: placed.label,
        structureIds: [...from.ancestors, ...to.ancestorIds],
        before: { structureId: from.structureId, home },
        after: { structureId: to.id, home },
      },
      tx,
    );
    return cardIn(call, tx, placed.id, tree);
  });
}

/**
 * DELETE /users/:id/structures/:structureId: one further membership of the actor's scope goes. The
 * answer is the card as he still sees it, or only a message when nothing of the person is left in his scope.
 */
export async function retirerDeLaStructure(call: Call, id: string, structureId: string): Promise<UserCard | { message: string }> {
  const placed = await seenUser(call, id, "user.detach");
  const s = await structureAncestors(call.sql, structureId);
  if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
  await allow(call, mayPlaceUserIn(call.actor, s.ancestorIds), {
    action: "user.detach",
    targetType: "user",
    targetId: placed.id,
    structureIds: s.ancestorIds,
  });
  if (placed.structureId === s.id) throw new ApiError("MAIN_STRUCTURE");
  if (!placed.memberships.some((m) => m.structureId === s.id)) throw new ApiError("STRUCTURE_NOT_FOUND");
  // A role is held for a structure the person belongs to (or one above it): those of the actor's scope
  // that no remaining placement covers any more go with the membership (as « Supprimer » takes them).
  const remaining = placements(placed).filter((p) => p.structureId !== s.id);
  const roots = scopeRoots(call.actor);
  const orphans = placed.roles.filter((r) => covers(roots, r.ancestors) && !remaining.some((p) => p.ancestors.includes(r.structureId)));
  const tree = await treeOf(call);
  return call.db.$transaction(async (tx) => {
    await tx.membership.delete({ where: { userId_structureId: { userId: placed.id, structureId: s.id } } });
    if (orphans.length) await tx.roleAssignment.deleteMany({ where: { id: { in: orphans.map((r) => r.id) } } });
    await audit(
      call,
      {
        action: "user.detach",
        targetType: "user",
        targetId: placed.id,
        targetLabel: placed.label,
        structureIds: s.ancestorIds,
        before: { structureId: s.id, roles: orphans.map((r) => ({ roleId: r.roleId, structureId: r.structureId })) },
      },
      tx,
    );
    return (await cardOrNothing(call, tx, placed.id, tree)) ?? { message: MESSAGES.userDetached(s.name) };
  });
}
