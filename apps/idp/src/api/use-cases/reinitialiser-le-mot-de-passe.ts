// « Réinitialisation mot de passe » (Éditer l'utilisateur): a one-time link mailed to the person —
// account-level: the référent of the home or a CIG admin, never on a person holding authority.
import { MESSAGES } from "@convergences/contract";
import { queuePasswordLinkMail } from "../../mail/password-link.js";
import { mayOnAccount } from "../policy.js";
import { audit, refuseUnless, seenUser, type Call } from "./call.js";

export async function reinitialiserLeMotDePasse(call: Call, id: string): Promise<{ message: string }> {
  const placed = await seenUser(call, id, "user.password-reset");
  await refuseUnless(call, mayOnAccount(call.actor, placed), "user.password-reset", placed);
  await call.db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: placed.id },
      select: { id: true, email: true, identifiant: true, firstName: true, lastName: true },
    });
    await queuePasswordLinkMail(tx, call.app.config, user, "PASSWORD_RESET");
    await audit(
      call,
      {
        action: "user.password-reset",
        targetType: "user",
        targetId: placed.id,
        targetLabel: placed.label,
        structureIds: placed.structureIds,
      },
      tx,
    );
  });
  return { message: MESSAGES.passwordResetSent };
}
