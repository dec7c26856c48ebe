// « J'habilite un utilisateur » / « Je réaffecte ou je supprime une habilitation »: the members of a
// role, assign one or many, unassign, reassign to another role of the same application.
// A référent touches only the roles of his applications, for users of his sub-tree.
import type Router from "@koa/router";
import type Koa from "koa";
import { AssignRequest, MESSAGES, ReassignRequest, RoleMembersQuery, type AssignResult, type RoleMember } from "@convergences/contract";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { fold } from "../../lib/text.js";
import { recordAudit } from "../audit.js";
import { appOf } from "../http.js";
import { placeUser, structureAncestors, structureRefs } from "../lookup.js";
import { actorOf, enforce, mayAdministerApplication, mayManageRole, mayPlaceUserIn, usersWhere } from "../policy.js";
import { ApiError } from "../problem.js";
import { revokeSessions } from "../revoke.js";
import { bodyOf } from "../structure-body.js";
import { body, query, uuidParam } from "../validate.js";
import { loadApplication } from "./applications.js";

async function loadRole(ctx: Koa.Context) {
  const { prisma } = appOf(ctx).db;
  const app = await loadApplication(prisma, ctx.params.id);
  const role = await prisma.role.findFirst({ where: { id: uuidParam(ctx.params.roleId, "ROLE_NOT_FOUND"), applicationId: app.id }, select: { id: true, code: true, label: true } });
  if (!role) throw new ApiError("ROLE_NOT_FOUND");
  await enforce(ctx, mayAdministerApplication(actorOf(ctx), app.id), { action: "role.members", targetType: "role", targetId: role.id });
  return { app, role, prisma };
}

/** Sessions go when the user no longer holds any role of that application. */
async function revokeIfLastRole(ctx: Koa.Context, prisma: PrismaClient, userId: string, applicationId: string) {
  const left = await prisma.roleAssignment.count({ where: { userId, role: { applicationId } } });
  if (!left) await revokeSessions(appOf(ctx), userId);
}

export function roleMemberRoutes(router: Router) {
  router.get("/applications/:id/roles/:roleId/members", async (ctx) => {
    const { app, role, prisma } = await loadRole(ctx);
    const actor = actorOf(ctx);
    const q = query(ctx, RoleMembersQuery);
    const scope = usersWhere(actor, app.id);
    const where = {
      roleId: role.id,
      ...(scope || q.q ? { user: { AND: [scope ?? {}, q.q ? { searchText: { contains: fold(q.q) } } : {}] } } : {}),
    };
    const [total, rows] = await Promise.all([
      prisma.roleAssignment.count({ where }),
      prisma.roleAssignment.findMany({
        where,
        select: {
          id: true, structureId: true, grantedAt: true,
          grantedBy: { select: { firstName: true, lastName: true } },
          user: { select: { id: true, lastName: true, firstName: true, email: true, identifiant: true, structureId: true } },
        },
        orderBy: [{ user: { lastName: "asc" } }, { user: { firstName: "asc" } }, { id: "asc" }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    const refs = await structureRefs(prisma, rows.flatMap((r) => [r.structureId, r.user.structureId]));
    const items: RoleMember[] = rows.map((r) => ({
      assignmentId: r.id,
      user: { id: r.user.id, lastName: r.user.lastName, firstName: r.user.firstName, email: r.user.email, identifiant: r.user.identifiant, structure: refs.get(r.user.structureId)! },
      structure: refs.get(r.structureId)!,
      grantedAt: r.grantedAt.toISOString(),
      grantedBy: r.grantedBy ? `${r.grantedBy.firstName} ${r.grantedBy.lastName}` : null,
    }));
    ctx.body = { items, total, page: q.page, pageSize: q.pageSize, application: app, role };
  });

  router.post("/applications/:id/roles/:roleId/members", async (ctx) => {
    const { app, role, prisma } = await loadRole(ctx);
    const actor = actorOf(ctx);
    const input = body(ctx, AssignRequest);
    let forStructure: string[] | null = null;
    if (input.structureId) {
      const s = await structureAncestors(prisma, input.structureId);
      if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
      await enforce(ctx, mayPlaceUserIn(actor, s.ancestorIds), { action: "role.assign", targetType: "role", targetId: role.id, structureIds: s.ancestorIds });
      forStructure = s.ancestorIds;
    }
    const result: AssignResult = { assigned: [], alreadyAssigned: [], refused: [], message: "" };
    for (const userId of new Set(input.userIds.map((i) => i.toLowerCase()))) {
      const placed = await placeUser(prisma, userId);
      if (!placed || !mayManageRole(actor, app.id, placed.placement)) {
        if (placed) await recordAudit(ctx, { action: "role.assign", outcome: "denied", targetType: "user", targetId: userId, structureIds: placed.structureIds, after: { roleId: role.id } });
        result.refused.push({ id: userId, message: "Cet utilisateur est introuvable." });
        continue;
      }
      const structureId = input.structureId ?? (await bodyOf(prisma, placed.structureId));
      const done = await prisma.$transaction(async (tx) => {
        const exists = await tx.roleAssignment.findUnique({ where: { userId_roleId_structureId: { userId, roleId: role.id, structureId } } });
        if (exists) return false;
        await tx.roleAssignment.create({ data: { userId, roleId: role.id, structureId, grantedById: actor.userId } });
        await recordAudit(ctx, {
          action: "role.assign", targetType: "user", targetId: userId, targetLabel: placed.label,
          structureIds: [...placed.structureIds, ...(forStructure ?? [])], after: { application: app.code, role: role.code, structureId },
        }, tx);
        return true;
      });
      (done ? result.assigned : result.alreadyAssigned).push(userId);
    }
    result.message = MESSAGES.assigned(result.assigned.length);
    ctx.body = result;
  });

  router.delete("/applications/:id/roles/:roleId/members/:userId", async (ctx) => {
    const { app, role, prisma } = await loadRole(ctx);
    const actor = actorOf(ctx);
    const userId = uuidParam(ctx.params.userId, "USER_NOT_FOUND");
    const placed = await placeUser(prisma, userId);
    if (!placed) throw new ApiError("USER_NOT_FOUND");
    await enforce(ctx, mayManageRole(actor, app.id, placed.placement), { action: "role.unassign", targetType: "user", targetId: userId, structureIds: placed.structureIds }, { hide: "USER_NOT_FOUND" });
    await prisma.$transaction(async (tx) => {
      const r = await tx.roleAssignment.deleteMany({ where: { userId, roleId: role.id } });
      if (!r.count) throw new ApiError("ASSIGNMENT_NOT_FOUND");
      await recordAudit(ctx, { action: "role.unassign", targetType: "user", targetId: userId, targetLabel: placed.label, structureIds: placed.structureIds, before: { application: app.code, role: role.code } }, tx);
    });
    await revokeIfLastRole(ctx, prisma, userId, app.id);
    ctx.body = { message: MESSAGES.unassigned };
  });

  router.post("/applications/:id/roles/:roleId/members/:userId/reassign", async (ctx) => {
    const { app, role, prisma } = await loadRole(ctx);
    const actor = actorOf(ctx);
    const userId = uuidParam(ctx.params.userId, "USER_NOT_FOUND");
    const { toRoleId } = body(ctx, ReassignRequest);
    const placed = await placeUser(prisma, userId);
    if (!placed) throw new ApiError("USER_NOT_FOUND");
    await enforce(ctx, mayManageRole(actor, app.id, placed.placement), { action: "role.reassign", targetType: "user", targetId: userId, structureIds: placed.structureIds }, { hide: "USER_NOT_FOUND" });
    const to = await prisma.role.findUnique({ where: { id: toRoleId }, select: { id: true, code: true, applicationId: true } });
    if (!to) throw new ApiError("ROLE_NOT_FOUND");
    if (to.applicationId !== app.id) throw new ApiError("ROLE_OTHER_APPLICATION");
    await prisma.$transaction(async (tx) => {
      const current = await tx.roleAssignment.findMany({ where: { userId, roleId: role.id } });
      if (!current.length) throw new ApiError("ASSIGNMENT_NOT_FOUND");
      await tx.roleAssignment.deleteMany({ where: { userId, roleId: role.id } });
      for (const a of current) {
        await tx.roleAssignment.upsert({
          where: { userId_roleId_structureId: { userId, roleId: to.id, structureId: a.structureId } },
          create: { userId, roleId: to.id, structureId: a.structureId, grantedById: actor.userId },
          update: {},
        });
      }
      await recordAudit(ctx, {
        action: "role.reassign", targetType: "user", targetId: userId, targetLabel: placed.label, structureIds: placed.structureIds,
        before: { application: app.code, role: role.code }, after: { application: app.code, role: to.code },
      }, tx);
    });
    ctx.body = { message: MESSAGES.reassigned };
  });
}
