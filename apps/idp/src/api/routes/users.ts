// « Utilisateurs »: list, card, creation (with the wizard's email check), attachment by email,
// « Éditer l'utilisateur », lock/unlock, password reset, « Supprimer l'utilisateur » (one or several),
// memberships (attach, move, remove). Thin adapters over the use cases (../use-cases/).
import type Router from "@koa/router";
import {
  AttachRequest,
  BulkDeleteRequest,
  EmailCheckRequest,
  LockRequest,
  MembershipCreate,
  MembershipMove,
  UserCreate,
  UserUpdate,
  UsersQuery,
} from "@convergences/contract";
import { structureAncestors } from "../lookup.js";
import { actorOf, enforce, mayAdministerUsers, mayPlaceUserIn } from "../policy.js";
import { ApiError } from "../problem.js";
import { userFilter, userPage } from "../user-search.js";
import { toSummaries, userCard } from "../user-views.js";
import { body, query, uuidParam } from "../validate.js";
import { appOf, etag, expectedVersion } from "../http.js";
import { callOf, seenUser, allow } from "../use-cases/call.js";
import { attach, rattacherUnUtilisateur, referencerUnUtilisateur, verifierAdresseMail } from "../use-cases/referencer-un-utilisateur.js";
import { modifierSesInformations } from "../use-cases/modifier-ses-informations.js";
import { verrouiller } from "../use-cases/verrouiller.js";
import { reinitialiserLeMotDePasse } from "../use-cases/reinitialiser-le-mot-de-passe.js";
import { supprimerUtilisateur, supprimerUtilisateurs } from "../use-cases/supprimer.js";
import { deplacerUneAffectation, retirerDeLaStructure } from "../use-cases/deplacer-une-affectation.js";

const userId = (v: string | undefined) => uuidParam(v, "USER_NOT_FOUND");

export function userRoutes(router: Router) {
  router.get("/users", async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "user.list" });
    const q = query(ctx, UsersQuery);
    const { sql } = appOf(ctx).db;
    const filter = await userFilter(sql, actor, q);
    const {
      total,
      totalIsLowerBound,
      items: rows,
    } = await userPage(sql, filter, { sort: q.sort, order: q.order, skip: (q.page - 1) * q.pageSize, take: q.pageSize });
    const prefer =
      q.structureId && filter.tree ? new Set(q.subtree === false ? [q.structureId] : filter.tree.subtree([q.structureId])) : undefined;
    ctx.body = {
      items: await toSummaries(sql, rows, actor, prefer),
      total,
      ...(totalIsLowerBound ? { totalIsLowerBound } : {}),
      page: q.page,
      pageSize: q.pageSize,
    };
  });

  router.post("/users/email-check", async (ctx) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.email-check" });
    ctx.body = await verifierAdresseMail(call, body(ctx, EmailCheckRequest).email);
  });

  router.post("/users/attach", async (ctx) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.attach" });
    const card = await rattacherUnUtilisateur(call, body(ctx, AttachRequest));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/users/${card.id}`);
    ctx.body = card;
  });

  router.post("/users/bulk-delete", async (ctx) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.delete" });
    ctx.body = await supprimerUtilisateurs(call, body(ctx, BulkDeleteRequest).userIds);
  });

  router.get("/users/:id", async (ctx) => {
    const call = callOf(ctx);
    const placed = await seenUser(call, userId(ctx.params.id), "user.read");
    const card = await userCard(call.sql, placed.id, call.actor, placed);
    if (!card) throw new ApiError("USER_NOT_FOUND");
    ctx.set("ETag", etag(card.version));
    ctx.body = card;
  });

  router.post("/users", async (ctx) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.create" });
    const card = await referencerUnUtilisateur(call, body(ctx, UserCreate));
    ctx.status = 201;
    ctx.set("Location", `/api/v1/users/${card.id}`);
    ctx.set("ETag", etag(card.version));
    ctx.body = card;
  });

  router.patch("/users/:id", async (ctx) => {
    const call = callOf(ctx);
    const id = userId(ctx.params.id);
    const input = body(ctx, UserUpdate);
    const card = await modifierSesInformations(call, id, input, () => expectedVersion(ctx, input.version));
    ctx.set("ETag", etag(card.version));
    ctx.body = card;
  });

  for (const [path, locked] of [
    ["lock", true],
    ["unlock", false],
  ] as const) {
    router.post(`/users/:id/${path}`, async (ctx) => {
      const id = userId(ctx.params.id);
      const { reason } = locked ? body(ctx, LockRequest) : { reason: null };
      ctx.body = await verrouiller(callOf(ctx), id, locked, reason ?? null);
    });
  }

  router.post("/users/:id/password-reset", async (ctx) => {
    ctx.body = await reinitialiserLeMotDePasse(callOf(ctx), userId(ctx.params.id));
  });

  router.delete("/users/:id", async (ctx) => {
    ctx.body = await supprimerUtilisateur(callOf(ctx), userId(ctx.params.id));
  });

  // Attaching a user the actor already sees (by id) to one more of his structures; the wizard attaches by email (POST /users/attach).
  router.post("/users/:id/structures", async (ctx) => {
    const call = callOf(ctx);
    const placed = await seenUser(call, userId(ctx.params.id), "user.attach");
    const { structureId } = body(ctx, MembershipCreate);
    const s = await structureAncestors(call.sql, structureId);
    if (!s) throw new ApiError("VALIDATION_FAILED", undefined, [{ path: "structureId", message: "Cette structure est introuvable." }]);
    await allow(call, mayPlaceUserIn(call.actor, s.ancestorIds), {
      action: "user.attach",
      targetType: "user",
      targetId: placed.id,
      structureIds: s.ancestorIds,
    });
    ctx.status = 201;
    ctx.body = await attach(call, placed, { structureId: s.id, ancestors: s.ancestorIds });
  });

  router.post("/users/:id/structures/:structureId/move", async (ctx) => {
    const id = userId(ctx.params.id);
    const from = uuidParam(ctx.params.structureId, "STRUCTURE_NOT_FOUND");
    const { toStructureId } = body(ctx, MembershipMove);
    ctx.body = await deplacerUneAffectation(callOf(ctx), id, from, toStructureId.toLowerCase());
  });

  router.delete("/users/:id/structures/:structureId", async (ctx) => {
    ctx.body = await retirerDeLaStructure(callOf(ctx), userId(ctx.params.id), uuidParam(ctx.params.structureId, "STRUCTURE_NOT_FOUND"));
  });
}
