// « Réinitialiser les moyens de connexion »: an agent who lost his phone or his key gets his second
// factors removed (TOTP application, passkeys, recovery codes) by the référent of his home structure,
// or by a CIG administrator — the only one who may do it for a référent or an administrator
// (DESIGN.md, « One account, several bodies »). Audited, mailed to the agent, his sessions revoked.
import type Router from "@koa/router";
import { MESSAGES } from "@convergences/contract";
import { recordAudit } from "../audit.js";
import { placeUser } from "../lookup.js";
import { actorOf, enforce, mayOnUser, scopeRoots } from "../policy.js";
import { ApiError } from "../problem.js";
import { revokeSessions } from "../revoke.js";
import { uuidParam } from "../validate.js";
import { appOf } from "../http.js";
import { notifyFactorsReset } from "../../mfa/mail.js";

export function factorRoutes(router: Router) {
  router.post("/users/:id/mfa-reset", async (ctx) => {
    const actor = actorOf(ctx);
    const app = appOf(ctx);
    const { prisma } = app.db;
    const id = uuidParam(ctx.params.id, "USER_NOT_FOUND");
    const placed = await placeUser(prisma, id);
    if (!placed) throw new ApiError("USER_NOT_FOUND");
    const attempt = { action: "user.mfa-reset", targetType: "user", targetId: placed.id, targetLabel: placed.label, structureIds: placed.structureIds };
    // Someone out of the actor's scope stays hidden (404); in scope, the home and the target's authority decide.
    await enforce(ctx, mayOnUser(actor, "read", placed), attempt, { hide: "USER_NOT_FOUND" });
    const roots = scopeRoots(actor);
    const home = placed.placement[0] ?? [];
    const holdsMandate = (await prisma.mandate.count({ where: { userId: placed.id } })) > 0;
    const allowed = actor.cigAdmin || (actor.userId !== placed.id && !holdsMandate && roots !== "all" && home.some((s) => roots.includes(s)));
    await enforce(ctx, allowed, attempt);
    const removed = await prisma.$transaction(async (tx) => {
      const factors = await tx.authFactor.deleteMany({ where: { userId: placed.id } });
      const codes = await tx.recoveryCode.deleteMany({ where: { userId: placed.id } });
      await notifyFactorsReset(tx, app.config, placed.id);
      await recordAudit(ctx, { ...attempt, before: { factors: factors.count, recoveryCodes: codes.count }, after: { factors: 0, recoveryCodes: 0 } }, tx);
      return factors.count;
    });
    // A lost phone may be in someone's hands: the sessions opened with it end too.
    await revokeSessions(app, placed.id);
    ctx.body = { message: removed ? MESSAGES.mfaReset : MESSAGES.mfaResetNothing };
  });
}
