// « Utilisateurs »: list, card, creation (with the wizard's email check), « Éditer l'utilisateur »,
// lock/unlock, password reset, deletion (one or several), multi-structure attachment.
import type Router from "@koa/router";
import type Koa from "koa";
import {
  BulkDeleteRequest, EmailCheckRequest, LockRequest, MESSAGES, MembershipCreate, UserCreate, UserUpdate, UsersQuery,
  type BulkDeleteResult, type EmailCheckResult,
} from "@convergences/contract";
import { accountCreatedMail } from "../../mail/templates.js";
import { enqueueMail } from "../../mail/outbox.js";
import { queuePasswordLinkMail } from "../../mail/password-link.js";
import { userSearchText } from "../../lib/text.js";
import { recordAudit, diff } from "../audit.js";
import { fromIsoDate, placeUser, structureAncestors, structureRef } from "../lookup.js";
import { actorOf, enforce, mayAdministerUsers, mayManageRole, mayOnUser, mayPlaceUserIn, type Actor } from "../policy.js";
import { ApiError } from "../problem.js";
import { revokeSessions } from "../revoke.js";
import { userFilter, userPage } from "../user-search.js";
import { refsOf } from "../structure-tree.js";
import { raw } from "../raw.js";
import { auditedSelect, toSummaries, userCard } from "../user-views.js";
import { body, query, uuidParam } from "../validate.js";
import { appOf, etag, expectedVersion } from "../http.js";
import { deleteUser } from "../user-delete.js";
import { bodyOf } from "../structure-body.js";

export function userRoutes(router: Router) {
  router.get("/users", async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "user.list" });
    const q = query(ctx, UsersQuery);
    const { prisma } = appOf(ctx).db;
    const filter = await userFilter(raw(prisma), actor, q);
    const { total, totalIsLowerBound, items: rows } = await userPage(raw(prisma), filter, { sort: q.sort, order: q.order, skip: (q.page - 1) * q.pageSize, take: q.pageSize });
    ctx.body = { items: await toSummaries(prisma, rows, filter.tree && refsOf(filter.tree, rows.map((r) => r.structureId))), total, ...(totalIsLowerBound ? { totalIsLowerBound } : {}), page: q.page, pageSize: q.pageSize };
  });

  router.post("/users/email-check", async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "user.email-check" });
    const { email } = body(ctx, EmailCheckRequest);
    const { prisma } = appOf(ctx).db;
    const found = await prisma.user.findUnique({ where: { emailLower: email.toLowerCase() }, select: { id: true } });
    const placed = found && (await placeUser(prisma, found.id));
    let result: EmailCheckResult;
    if (!placed) result = { status: "available", message: MESSAGES.emailAvailable };
    else {
      const structure = await structureRef(prisma, placed.structureId);
      result = {
        status: "exists",
        message: MESSAGES.emailExists(placed.email, structure.name, structure.path),
        user: { id: placed.id, lastName: placed.lastName, firstName: placed.firstName, email: placed.email },
        structure,
        inMyScope: mayOnUser(actor, "manage", placed),
      };
    }
    ctx.body = result;
  });

  router.post("/users/bulk-delete", async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "user.delete" });
    const { userIds } = body(ctx, BulkDeleteRequest);
    const result: BulkDeleteResult = { deleted: [], refused: [] };
    for (const id of new Set(userIds.map((i) => i.toLowerCase()))) {
      const placed = await placeUser(appOf(ctx).db.prisma, id);
      if (!placed || !mayOnUser(actor, "delete", placed)) {
        if (placed) await recordAudit(ctx, { action: "user.delete", outcome: "denied", targetType: "user", targetId: id });
        result.refused.push({ id, message: placed && actor.userId === id ? "Vous ne pouvez pas supprimer votre propre compte." : "Cet utilisateur est introuvable." });
        continue;
      }
      await deleteUser(ctx, placed);
      result.deleted.push(id);
    }
    ctx.body = { ...result, message: MESSAGES.usersDeleted(result.deleted.length) };
  });

  router.get("/users/:id", async (ctx) => {
    const actor = actorOf(ctx);
    const placed = await visibleUser(ctx, actor, uuidParam(ctx.params.id, "USER_NOT_FOUND"), "read");
    const card = await userCard(appOf(ctx).db.prisma, placed.id);
    if (!card) throw new ApiError("USER_NOT_FOUND");
    ctx.set("ETag", etag(card.version));
    ctx.body = card;
  });

  router.post("/users", async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "user.create" });
    const input = body(ctx, UserCreate);
    const app = appOf(ctx);
    const { prisma } = app.db;
    const structure = await structureAncestors(prisma, input.structureId);
    if (!structure) throw new ApiError("VALIDATION_FAILED", undefined, [{ path: "structureId", message: "Cette structure est introuvable." }]);
    await enforce(ctx, mayPlaceUserIn(actor, structure.ancestorIds), { action: "user.create", targetType: "structure", targetId: structure.id, structureIds: structure.ancestorIds });
    const placement = [structure.ancestorIds];
    const roles = input.roles?.length
      ? await prisma.role.findMany({ where: { id: { in: input.roles.map((r) => r.roleId) } }, select: { id: true, applicationId: true } })
      : [];
    for (const choice of input.roles ?? []) {
      const role = roles.find((r) => r.id === choice.roleId);
      if (!role) throw new ApiError("VALIDATION_FAILED", undefined, [{ path: "roles", message: "Ce rôle applicatif est introuvable." }]);
      await enforce(ctx, mayManageRole(actor, role.applicationId, placement), { action: "role.assign", targetType: "role", targetId: role.id, structureIds: structure.ancestorIds });
    }
    if (await prisma.user.findUnique({ where: { emailLower: input.email.toLowerCase() }, select: { id: true } })) {
      throw new ApiError("EMAIL_TAKEN", undefined, [{ path: "email", message: "Un compte utilisateur existe déjà avec cette adresse e-mail." }]);
    }
    const defaultBody = await bodyOf(prisma, structure.id);
    const identifiant = input.identifiant ?? input.email;
    const created = await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email, emailLower: input.email.toLowerCase(), identifiant,
          lastName: input.lastName, firstName: input.firstName, structureId: structure.id,
          service: input.service ?? null, fonction: input.fonction ?? null, phone: input.phone ?? null,
          postalAddress: input.postalAddress ?? null, teleworking: input.teleworking ?? false,
          appIdentifier: input.appIdentifier ?? null,
          validFrom: fromIsoDate(input.validFrom) ?? null, validUntil: fromIsoDate(input.validUntil) ?? null,
          locked: input.locked ?? false, lockedReason: input.locked ? (input.lockedReason ?? null) : null, lockedAt: input.locked ? new Date() : null,
          searchText: userSearchText({ ...input, identifiant }),
          createdById: actor.userId,
        },
        select: { id: true, ...auditedSelect, email: true },
      });
      for (const choice of input.roles ?? []) {
        await tx.roleAssignment.upsert({
          where: { userId_roleId_structureId: { userId: user.id, roleId: choice.roleId, structureId: choice.structureId ?? defaultBody } },
          create: { userId: user.id, roleId: choice.roleId, structureId: choice.structureId ?? defaultBody, grantedById: actor.userId },
          update: {},
        });
      }
      await enqueueMail(tx, accountCreatedMail(app.config, { email: user.email, identifiant, firstName: user.firstName, lastName: user.lastName }));
      await recordAudit(ctx, {
        action: "user.create", targetType: "user", targetId: user.id, targetLabel: `${user.firstName} ${user.lastName}`,
        structureIds: structure.ancestorIds, after: { ...user, roles: input.roles ?? [] },
      }, tx);
      return user;
    });
    const card = (await userCard(prisma, created.id))!;
    ctx.status = 201;
    ctx.set("Location", `/api/v1/users/${created.id}`);
    ctx.set("ETag", etag(card.version));
    ctx.body = card;
  });

  router.patch("/users/:id", async (ctx) => {
    const actor = actorOf(ctx);
    const placed = await visibleUser(ctx, actor, uuidParam(ctx.params.id, "USER_NOT_FOUND"), "manage");
    const input = body(ctx, UserUpdate);
    const app = appOf(ctx);
    const { prisma } = app.db;
    const version = expectedVersion(ctx, input.version);
    const current = await prisma.user.findUniqueOrThrow({ where: { id: placed.id }, select: { ...auditedSelect, email: true, version: true } });
    if (input.email !== undefined && input.email.toLowerCase() !== current.email.toLowerCase()) {
      throw new ApiError("EMAIL_IMMUTABLE", undefined, [{ path: "email", message: "L'adresse e-mail ne peut pas être modifiée." }]);
    }
    let structureIds = placed.structureIds;
    if (input.structureId && input.structureId !== current.structureId) {
      const s = await structureAncestors(prisma, input.structureId);
      if (!s) throw new ApiError("VALIDATION_FAILED", undefined, [{ path: "structureId", message: "Cette structure est introuvable." }]);
      await enforce(ctx, mayPlaceUserIn(actor, s.ancestorIds), { action: "user.update", targetType: "user", targetId: placed.id, structureIds: s.ancestorIds });
      structureIds = [...structureIds, ...s.ancestorIds];
    }
    const { version: _v, email: _e, ...fields } = input;
    const data = {
      ...fields,
      validFrom: fromIsoDate(fields.validFrom),
      validUntil: fromIsoDate(fields.validUntil),
    } as Record<string, unknown>;
    for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
    if (fields.locked === true && !current.locked) data.lockedAt = new Date();
    if (fields.locked === false) Object.assign(data, { lockedAt: null, lockedReason: null });
    const next = { ...current, ...data } as typeof current;
    const changes = diff(current as Record<string, unknown>, data);
    const updated = await prisma.$transaction(async (tx) => {
      const r = await tx.user.updateMany({
        where: { id: placed.id, version },
        data: { ...data, searchText: userSearchText(next), version: { increment: 1 } },
      });
      if (r.count === 0) return null;
      await recordAudit(ctx, { action: "user.update", targetType: "user", targetId: placed.id, targetLabel: placed.label, structureIds, ...changes }, tx);
      return true;
    });
    if (!updated) throw new ApiError(ctx.get("if-match") ? "PRECONDITION_FAILED" : "VERSION_CONFLICT");
    if (endsAccess(current, next)) await revokeSessions(app, placed.id);
    const card = (await userCard(prisma, placed.id))!;
    ctx.set("ETag", etag(card.version));
    ctx.body = card;
  });

  for (const [path, locked] of [["lock", true], ["unlock", false]] as const) {
    router.post(`/users/:id/${path}`, async (ctx) => {
      const actor = actorOf(ctx);
      const placed = await visibleUser(ctx, actor, uuidParam(ctx.params.id, "USER_NOT_FOUND"), "manage");
      const { reason } = locked ? body(ctx, LockRequest) : { reason: null };
      const app = appOf(ctx);
      await app.db.prisma.$transaction(async (tx) => {
        const before = await tx.user.findUniqueOrThrow({ where: { id: placed.id }, select: { locked: true, lockedReason: true } });
        await tx.user.update({
          where: { id: placed.id },
          data: { locked, lockedReason: locked ? (reason ?? null) : null, lockedAt: locked ? new Date() : null, version: { increment: 1 } },
        });
        await recordAudit(ctx, {
          action: locked ? "user.lock" : "user.unlock", targetType: "user", targetId: placed.id, targetLabel: placed.label,
          structureIds: placed.structureIds, before, after: { locked, lockedReason: locked ? (reason ?? null) : null },
        }, tx);
      });
      if (locked) await revokeSessions(app, placed.id);
      ctx.body = { message: locked ? MESSAGES.userLocked : MESSAGES.userUnlocked };
    });
  }

  router.post("/users/:id/password-reset", async (ctx) => {
    const actor = actorOf(ctx);
    const placed = await visibleUser(ctx, actor, uuidParam(ctx.params.id, "USER_NOT_FOUND"), "manage");
    const app = appOf(ctx);
    const user = await app.db.prisma.user.findUniqueOrThrow({ where: { id: placed.id }, select: { id: true, email: true, identifiant: true, firstName: true, lastName: true } });
    await app.db.prisma.$transaction(async (tx) => {
      await queuePasswordLinkMail(tx, app.config, user, "PASSWORD_RESET");
      await recordAudit(ctx, { action: "user.password-reset", targetType: "user", targetId: placed.id, targetLabel: placed.label, structureIds: placed.structureIds }, tx);
    });
    ctx.body = { message: MESSAGES.passwordResetSent };
  });

  router.delete("/users/:id", async (ctx) => {
    const actor = actorOf(ctx);
    const id = uuidParam(ctx.params.id, "USER_NOT_FOUND");
    const placed = await visibleUser(ctx, actor, id, "manage");
    if (actor.userId === placed.id) throw new ApiError("SELF_DELETE");
    await deleteUser(ctx, placed);
    ctx.body = { message: MESSAGES.userDeleted };
  });

  router.post("/users/:id/structures", async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "user.attach" });
    const id = uuidParam(ctx.params.id, "USER_NOT_FOUND");
    const { structureId } = body(ctx, MembershipCreate);
    const { prisma } = appOf(ctx).db;
    const placed = await placeUser(prisma, id);
    if (!placed) throw new ApiError("USER_NOT_FOUND");
    const s = await structureAncestors(prisma, structureId);
    if (!s) throw new ApiError("VALIDATION_FAILED", undefined, [{ path: "structureId", message: "Cette structure est introuvable." }]);
    // Attaching someone found by the wizard's email check to one's own structure is the point: the
    // référent needs rights on the destination, not on the user's other structures.
    await enforce(ctx, mayPlaceUserIn(actor, s.ancestorIds), { action: "user.attach", targetType: "user", targetId: id, structureIds: s.ancestorIds });
    if (placed.structureId === s.id || (await prisma.membership.findUnique({ where: { userId_structureId: { userId: id, structureId: s.id } } }))) {
      throw new ApiError("ALREADY_MEMBER");
    }
    await prisma.$transaction(async (tx) => {
      await tx.membership.create({ data: { userId: id, structureId: s.id, createdById: actor.userId } });
      await recordAudit(ctx, { action: "user.attach", targetType: "user", targetId: id, targetLabel: placed.label, structureIds: s.ancestorIds, after: { structureId: s.id } }, tx);
    });
    ctx.status = 201;
    ctx.body = await userCard(prisma, id);
  });

  router.delete("/users/:id/structures/:structureId", async (ctx) => {
    const actor = actorOf(ctx);
    const placed = await visibleUser(ctx, actor, uuidParam(ctx.params.id, "USER_NOT_FOUND"), "read");
    const sid = uuidParam(ctx.params.structureId, "STRUCTURE_NOT_FOUND");
    const { prisma } = appOf(ctx).db;
    const s = await structureAncestors(prisma, sid);
    if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
    await enforce(ctx, mayPlaceUserIn(actor, s.ancestorIds), { action: "user.detach", targetType: "user", targetId: placed.id, structureIds: s.ancestorIds });
    if (placed.structureId === sid) throw new ApiError("MAIN_STRUCTURE");
    await prisma.$transaction(async (tx) => {
      const r = await tx.membership.deleteMany({ where: { userId: placed.id, structureId: sid } });
      if (!r.count) throw new ApiError("STRUCTURE_NOT_FOUND");
      await recordAudit(ctx, { action: "user.detach", targetType: "user", targetId: placed.id, targetLabel: placed.label, structureIds: s.ancestorIds, before: { structureId: sid } }, tx);
    });
    ctx.body = await userCard(prisma, placed.id);
  });
}

/** The user, if the actor may act on him; otherwise 404 (his existence is private) and an audit line. */
export async function visibleUser(ctx: Koa.Context, actor: Actor, id: string, action: "read" | "manage" | "photo") {
  const placed = await placeUser(appOf(ctx).db.prisma, id);
  if (!placed) throw new ApiError("USER_NOT_FOUND");
  // Hidden (404) unless the actor may at least see this person (himself): then a plain 403.
  const hide = mayOnUser(actor, "read", placed) ? undefined : "USER_NOT_FOUND";
  await enforce(ctx, mayOnUser(actor, action, placed), { action: `user.${action}`, targetType: "user", targetId: id, structureIds: placed.structureIds }, { hide });
  return placed;
}

/** Locking, or an end of validity now past, or a start not yet reached: the sessions go. */
function endsAccess(before: { locked: boolean; validUntil: Date | null; validFrom: Date | null }, after: { locked: boolean; validUntil: Date | null; validFrom: Date | null }) {
  const now = Date.now();
  return (
    (after.locked && !before.locked) ||
    (!!after.validUntil && after.validUntil.getTime() <= now && !(before.validUntil && before.validUntil.getTime() <= now)) ||
    (!!after.validFrom && after.validFrom.getTime() > now && !(before.validFrom && before.validFrom.getTime() > now))
  );
}
