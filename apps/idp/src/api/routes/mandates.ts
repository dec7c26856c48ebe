// Mandates (CIG administrators only): name and remove référents administrateurs and CIG administrators.
import { ENDPOINTS as E, type Mandate } from "@convergences/contract";
import type { Prisma } from "../../generated/prisma/client.js";
import type { Database } from "../../db/database.js";
import { recordAudit } from "../audit.js";
import { appOf } from "../http.js";
import { structureRefs } from "../lookup.js";
import { actorOf, enforce, mayConfigure } from "../policy.js";
import { ApiError } from "../problem.js";
import { bind } from "../endpoint.js";

export async function mandateViews(db: Pick<Database, "prisma" | "sql">, where: Prisma.MandateWhereInput): Promise<Mandate[]> {
  const rows = await db.prisma.mandate.findMany({
    where,
    select: {
      id: true,
      kind: true,
      structureId: true,
      grantedAt: true,
      user: { select: { id: true, lastName: true, firstName: true, email: true } },
      applications: { select: { application: { select: { id: true, code: true, name: true } } } },
    },
    orderBy: [{ kind: "asc" }, { grantedAt: "asc" }],
  });
  const refs = await structureRefs(
    db.sql,
    rows.flatMap((r) => (r.structureId ? [r.structureId] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    user: r.user,
    structure: r.structureId ? refs.get(r.structureId)! : null,
    applications: r.applications.map((a) => a.application),
    grantedAt: r.grantedAt.toISOString(),
  }));
}

export const mandateRoutes = [
  bind(E.listerLesMandats, async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "mandate.list" });
    return { items: await mandateViews(appOf(ctx).db, {}) };
  }),

  bind(E.designerUnReferent, async (ctx, { body }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "mandate.create" });
    const input = body();
    const { prisma } = appOf(ctx).db;
    const user = await prisma.user.findUnique({ where: { id: input.userId }, select: { id: true, firstName: true, lastName: true } });
    if (!user) throw new ApiError("USER_NOT_FOUND");
    const structureId = input.kind === "REFERENT" ? input.structureId : null;
    let ancestors: string[] = [];
    if (structureId) {
      const s = await prisma.structure.findUnique({ where: { id: structureId }, select: { ancestorIds: true } });
      if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
      ancestors = s.ancestorIds;
    }
    const appIds = input.kind === "REFERENT" ? [...new Set(input.applicationIds)] : [];
    if (appIds.length && (await prisma.application.count({ where: { id: { in: appIds } } })) !== appIds.length)
      throw new ApiError("APPLICATION_NOT_FOUND");
    if (await prisma.mandate.findFirst({ where: { userId: user.id, kind: input.kind, structureId } })) throw new ApiError("MANDATE_EXISTS");
    const id = await prisma.$transaction(async (tx) => {
      const m = await tx.mandate.create({
        data: {
          userId: user.id,
          kind: input.kind,
          structureId,
          grantedById: actor.userId,
          applications: { create: appIds.map((applicationId) => ({ applicationId })) },
        },
      });
      await recordAudit(
        ctx,
        {
          action: "mandate.create",
          targetType: "mandate",
          targetId: m.id,
          targetLabel: `${user.firstName} ${user.lastName}`,
          structureIds: ancestors,
          after: { kind: input.kind, userId: user.id, structureId, applicationIds: appIds },
        },
        tx,
      );
      return m.id;
    });
    return (await mandateViews(appOf(ctx).db, { id }))[0]!;
  }),

  bind(E.changerLesApplicationsDUnReferent, async (ctx, { params: { id }, body }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "mandate.update" });
    const { applicationIds } = body();
    const { prisma } = appOf(ctx).db;
    const [before] = await mandateViews(appOf(ctx).db, { id, kind: "REFERENT" });
    if (!before) throw new ApiError("MANDATE_NOT_FOUND");
    const ids = [...new Set(applicationIds)];
    if ((await prisma.application.count({ where: { id: { in: ids } } })) !== ids.length) throw new ApiError("APPLICATION_NOT_FOUND");
    await prisma.$transaction(async (tx) => {
      await tx.mandateApplication.deleteMany({ where: { mandateId: id } });
      await tx.mandateApplication.createMany({ data: ids.map((applicationId) => ({ mandateId: id, applicationId })) });
      await recordAudit(
        ctx,
        {
          action: "mandate.update",
          targetType: "mandate",
          targetId: id,
          before: { applicationIds: before.applications.map((a) => a.id) },
          after: { applicationIds: ids },
        },
        tx,
      );
    });
    return (await mandateViews(appOf(ctx).db, { id }))[0]!;
  }),

  bind(E.retirerUnMandat, async (ctx, { params: { id } }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "mandate.delete" });
    const { prisma } = appOf(ctx).db;
    const [before] = await mandateViews(appOf(ctx).db, { id });
    if (!before) throw new ApiError("MANDATE_NOT_FOUND");
    await prisma.$transaction(async (tx) => {
      await tx.mandate.delete({ where: { id } });
      await recordAudit(
        ctx,
        {
          action: "mandate.delete",
          targetType: "mandate",
          targetId: id,
          targetLabel: `${before.user.firstName} ${before.user.lastName}`,
          before,
        },
        tx,
      );
    });
    return { message: "Le mandat a été retiré." };
  }),
];
