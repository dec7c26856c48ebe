// « Verrouillage du compte » (Éditer l'utilisateur): lock or unlock — account-level, never one's own.
import { MESSAGES } from "@convergences/contract";
import { mayOnAccount } from "../policy.js";
import { revokeSessions } from "../revoke.js";
import { audit, refuseUnless, seenUser, type Call } from "./call.js";

export async function verrouiller(call: Call, id: string, locked: boolean, reason: string | null): Promise<{ message: string }> {
  const action = locked ? "user.lock" : "user.unlock";
  const placed = await seenUser(call, id, action);
  await refuseUnless(call, mayOnAccount(call.actor, placed) && call.actor.userId !== placed.id, action, placed);
  await call.db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: placed.id }, select: { locked: true, lockedReason: true } });
    await tx.user.update({
      where: { id: placed.id },
      data: { locked, lockedReason: locked ? reason : null, lockedAt: locked ? new Date() : null, version: { increment: 1 } },
    });
    await audit(
      call,
      {
        action,
        targetType: "user",
        targetId: placed.id,
        targetLabel: placed.label,
        structureIds: placed.structureIds,
        before,
        after: { locked, lockedReason: locked ? reason : null },
      },
      tx,
    );
  });
  if (locked) await revokeSessions(call.app, placed.id);
  return { message: locked ? MESSAGES.userLocked : MESSAGES.userUnlocked };
}
