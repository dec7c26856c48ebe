// « Réinitialiser les moyens de connexion »: an agent who lost his phone or his key gets his second
// factors removed (TOTP application, passkeys, recovery codes) by the référent of his home structure,
// or by a CIG administrator — the only one who may do it for a référent or an administrator
// (policy.mayOnAccount, DESIGN.md « One account, several bodies »). Audited, mailed to the agent,
// his sessions revoked.
import { ENDPOINTS as E, MESSAGES } from "@convergences/contract";
import { bind } from "../endpoint.js";
import { mayOnAccount } from "../policy.js";
import { revokeSessions } from "../revoke.js";
import { audit, callOf, refuseUnless, seenUser } from "../use-cases/call.js";
import { notifyFactorsReset } from "../../mfa/mail.js";

export const factorRoutes = [
  bind(E.reinitialiserLesMoyensDeConnexion, async (ctx, { params }) => {
    const call = callOf(ctx);
    const placed = await seenUser(call, params.id, "user.mfa-reset");
    await refuseUnless(call, mayOnAccount(call.actor, placed), "user.mfa-reset", placed);
    const removed = await call.db.$transaction(async (tx) => {
      const factors = await tx.authFactor.deleteMany({ where: { userId: placed.id } });
      const codes = await tx.recoveryCode.deleteMany({ where: { userId: placed.id } });
      await notifyFactorsReset(tx, call.app.config, placed.id);
      await audit(
        call,
        {
          action: "user.mfa-reset",
          targetType: "user",
          targetId: placed.id,
          targetLabel: placed.label,
          structureIds: placed.structureIds,
          before: { factors: factors.count, recoveryCodes: codes.count },
          after: { factors: 0, recoveryCodes: 0 },
        },
        tx,
      );
      return factors.count;
    });
    // A lost phone may be in someone's hands: the sessions opened with it end too.
    await revokeSessions(call.app, placed.id);
    return { message: removed ? MESSAGES.mfaReset : MESSAGES.mfaResetNothing };
  }),
];
