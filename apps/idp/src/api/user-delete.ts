// Erasing an account (RGPD): the row and everything personal hanging from it (photo, password hash,
// one-time tokens, memberships, roles, mandates — by cascade), earlier audit snapshots of his data,
// then his sessions and grants with back-channel logout. The audit log keeps who erased whom, when.
// Reached through « Supprimer l'utilisateur » (use-cases/supprimer.ts) when nothing else is left of
// the account, or by a CIG administrator.
import type Koa from "koa";
import { recordAudit } from "./audit.js";
import { appOf } from "./http.js";
import type { PlacedUser } from "./lookup.js";
import { revokeSessions } from "./revoke.js";

export async function eraseAccount(ctx: Koa.Context, placed: PlacedUser): Promise<void> {
  const app = appOf(ctx);
  await app.db.prisma.$transaction(async (tx) => {
    const roles = await tx.roleAssignment.findMany({
      where: { userId: placed.id },
      select: { role: { select: { code: true, application: { select: { code: true } } } } },
    });
    // Earlier before/after snapshots held his personal data: only the fact of the change remains.
    await tx.auditEvent.updateMany({
      where: { targetType: "user", targetId: placed.id },
      data: { before: { effacé: "RGPD" }, after: { effacé: "RGPD" }, targetLabel: `${placed.firstName} ${placed.lastName}` },
    });
    await tx.user.delete({ where: { id: placed.id } });
    await recordAudit(
      ctx,
      {
        action: "user.delete",
        targetType: "user",
        targetId: placed.id,
        targetLabel: `${placed.firstName} ${placed.lastName}`,
        structureIds: placed.structureIds,
        before: { structureId: placed.structureId, roles: roles.map((r) => `${r.role.application.code}:${r.role.code}`) },
      },
      tx,
    );
  });
  await revokeSessions(app, placed.id);
}
