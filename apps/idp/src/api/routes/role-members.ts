// « J'habilite un utilisateur » / « Je réaffecte ou je supprime une habilitation »: the members of a
// role, assign one or many, unassign, reassign to another role of the same application. A référent
// sees and touches only the assignments held for structures of his scope, of his applications —
// the use cases are in ../use-cases/habiliter.ts.
import type Koa from "koa";
import { ENDPOINTS as E, type RoleMember } from "@convergences/contract";
import { bind } from "../endpoint.js";
import { fold } from "../../lib/text.js";
import { appOf } from "../http.js";
import { actorOf, enforce, mayAdministerApplication, scopeRoots } from "../policy.js";
import { ApiError } from "../problem.js";
import { prismaAssignmentsInScope } from "../scope.js";
import { scopedParts } from "../user-views.js";
import { structureRefs } from "../lookup.js";
import { callOf } from "../use-cases/call.js";
import { desaffecter, habiliter, reaffecter, type RoleOf } from "../use-cases/habiliter.js";
import { loadApplication } from "./applications.js";

async function loadRole(ctx: Koa.Context, params: { id: string; roleId: string }) {
  const { prisma } = appOf(ctx).db;
  const app = await loadApplication(prisma, params.id);
  const role = await prisma.role.findFirst({
    where: { id: params.roleId, applicationId: app.id },
    select: { id: true, code: true, label: true },
  });
  if (!role) throw new ApiError("ROLE_NOT_FOUND");
  await enforce(ctx, mayAdministerApplication(actorOf(ctx), app.id), { action: "role.members", targetType: "role", targetId: role.id });
  const of: RoleOf = { id: role.id, code: role.code, applicationId: app.id, applicationCode: app.code };
  return { app, role, prisma, of };
}

export const roleMemberRoutes = [
  bind(E.membresDUnRole, async (ctx, input) => {
    const { app, role, prisma } = await loadRole(ctx, input.params);
    const actor = actorOf(ctx);
    const q = input.query();
    const scope = prismaAssignmentsInScope(scopeRoots(actor, app.id));
    const where = { roleId: role.id, ...(scope ?? {}), ...(q.q ? { user: { searchText: { contains: fold(q.q) } } } : {}) };
    const [total, rows] = await Promise.all([
      prisma.roleAssignment.count({ where }),
      prisma.roleAssignment.findMany({
        where,
        select: {
          id: true,
          structureId: true,
          grantedAt: true,
          grantedBy: { select: { firstName: true, lastName: true } },
          user: { select: { id: true, lastName: true, firstName: true, email: true, identifiant: true, structureId: true } },
        },
        orderBy: [{ user: { lastName: "asc" } }, { user: { firstName: "asc" } }, { id: "asc" }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
    ]);
    const [refs, parts] = await Promise.all([
      structureRefs(
        appOf(ctx).db.sql,
        rows.map((r) => r.structureId),
      ),
      scopedParts(
        appOf(ctx).db.sql,
        actor,
        rows.map((r) => ({ ...r.user, fallback: r.structureId })),
      ),
    ]);
    const items: RoleMember[] = rows.map((r) => ({
      assignmentId: r.id,
      user: {
        id: r.user.id,
        lastName: r.user.lastName,
        firstName: r.user.firstName,
        email: r.user.email,
        identifiant: r.user.identifiant,
        structure: parts.get(r.user.id)!.structure,
      },
      structure: refs.get(r.structureId)!,
      grantedAt: r.grantedAt.toISOString(),
      grantedBy: r.grantedBy ? `${r.grantedBy.firstName} ${r.grantedBy.lastName}` : null,
      alsoElsewhere: parts.get(r.user.id)!.alsoElsewhere,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize, application: app, role };
  }),

  bind(E.habiliterUnUtilisateur, async (ctx, { params, body }) => {
    const { of } = await loadRole(ctx, params);
    const { userIds, structureId } = body();
    return habiliter(callOf(ctx), of, userIds, structureId?.toLowerCase());
  }),

  bind(E.supprimerUneHabilitation, async (ctx, { params, query }) => {
    const { of } = await loadRole(ctx, params);
    return desaffecter(callOf(ctx), of, params.userId, query().structureId?.toLowerCase());
  }),

  /** « Je réaffecte une habilitation »: the use case is reaffecter (../use-cases/habiliter.ts). */
  bind(E.reaffecterUneHabilitation, async (ctx, { params, body }) => {
    const { of } = await loadRole(ctx, params);
    return reaffecter(callOf(ctx), of, params.userId, body().toRoleId.toLowerCase());
  }),
];
