// « Utilisateurs »: list, card, creation (with the wizard's email check), attachment by email,
// « Éditer l'utilisateur », lock/unlock, password reset, « Supprimer l'utilisateur » (one or several),
// memberships (attach, move, remove). Thin adapters over the use cases (../use-cases/).
import type Koa from "koa";
import { ENDPOINTS as E, type UsersPage, type UsersQuery } from "@convergences/contract";
import { bind } from "../endpoint.js";
import { structureAncestors } from "../lookup.js";
import { actorOf, enforce, mayAdministerUsers, mayPlaceUserIn } from "../policy.js";
import { ApiError, notFoundField } from "../problem.js";
import { userFilter, userPage } from "../user-search.js";
import { toSummaries, userCard } from "../user-views.js";
import { appOf, etag, expectedVersion } from "../http.js";
import { callOf, seenUser, allow } from "../use-cases/call.js";
import { attach, rattacherUnUtilisateur, referencerUnUtilisateur, verifierAdresseMail } from "../use-cases/referencer-un-utilisateur.js";
import { modifierSesInformations } from "../use-cases/modifier-ses-informations.js";
import { verrouiller } from "../use-cases/verrouiller.js";
import { reinitialiserLeMotDePasse } from "../use-cases/reinitialiser-le-mot-de-passe.js";
import { supprimerUtilisateur, supprimerUtilisateurs } from "../use-cases/supprimer.js";
import { deplacerUneAffectation, retirerDeLaStructure } from "../use-cases/deplacer-une-affectation.js";

/**
 * One page of the users the actor sees among `criteria`, each shown through the structure asked for
 * (or its sub-tree) when he belongs to several: the list of « Utilisateurs » and a structure's members.
 */
export async function summariesPage(
  ctx: Koa.Context,
  criteria: Parameters<typeof userFilter>[2],
  q: { page: number; pageSize: number; sort: UsersQuery["sort"]; order: UsersQuery["order"] },
): Promise<UsersPage> {
  const actor = actorOf(ctx);
  const { sql } = appOf(ctx).db;
  const filter = await userFilter(sql, actor, criteria);
  const {
    total,
    totalIsLowerBound,
    items: rows,
  } = await userPage(sql, filter, { sort: q.sort, order: q.order, skip: (q.page - 1) * q.pageSize, take: q.pageSize });
  const at = criteria.structureId;
  const prefer = at && filter.tree ? new Set(criteria.subtree === false ? [at] : filter.tree.subtree([at])) : undefined;
  return {
    items: await toSummaries(sql, rows, actor, prefer),
    total,
    ...(totalIsLowerBound ? { totalIsLowerBound } : {}),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export const userRoutes = [
  bind(E.listerLesUtilisateurs, async (ctx, input) => {
    await enforce(ctx, mayAdministerUsers(actorOf(ctx)), { action: "user.list" });
    const q = input.query();
    return summariesPage(ctx, q, q);
  }),

  bind(E.verifierLAdresseMail, async (ctx, input) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.email-check" });
    return verifierAdresseMail(call, input.body().email);
  }),

  bind(E.rattacherUnCompteExistant, async (ctx, input) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.attach" });
    const card = await rattacherUnUtilisateur(call, input.body());
    ctx.set("Location", `/api/v1/users/${card.id}`);
    return card;
  }),

  bind(E.supprimerDesUtilisateurs, async (ctx, input) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.delete" });
    return supprimerUtilisateurs(call, input.body().userIds);
  }),

  bind(E.consulterLaFiche, async (ctx, { params }) => {
    const call = callOf(ctx);
    const placed = await seenUser(call, params.id, "user.read");
    const card = await userCard(call.sql, placed.id, call.actor, placed);
    if (!card) throw new ApiError("USER_NOT_FOUND");
    ctx.set("ETag", etag(card.version));
    return card;
  }),

  bind(E.referencerUnUtilisateur, async (ctx, input) => {
    const call = callOf(ctx);
    await allow(call, mayAdministerUsers(call.actor), { action: "user.create" });
    const card = await referencerUnUtilisateur(call, input.body());
    ctx.set("Location", `/api/v1/users/${card.id}`);
    ctx.set("ETag", etag(card.version));
    return card;
  }),

  bind(E.modifierLesInformations, async (ctx, input) => {
    const body = input.body();
    const card = await modifierSesInformations(callOf(ctx), input.params.id, body, () => expectedVersion(ctx, body.version));
    ctx.set("ETag", etag(card.version));
    return card;
  }),

  bind(E.verrouillerLeCompte, async (ctx, input) => verrouiller(callOf(ctx), input.params.id, true, input.body().reason ?? null)),

  bind(E.deverrouillerLeCompte, async (ctx, { params }) => verrouiller(callOf(ctx), params.id, false, null)),

  bind(E.reinitialiserLeMotDePasse, async (ctx, { params }) => reinitialiserLeMotDePasse(callOf(ctx), params.id)),

  bind(E.supprimerLUtilisateur, async (ctx, { params }) => supprimerUtilisateur(callOf(ctx), params.id)),

  // Attaching a user the actor already sees (by id) to one more of his structures; the wizard attaches by email (POST /users/attach).
  bind(E.rattacherAUneStructure, async (ctx, input) => {
    const call = callOf(ctx);
    const placed = await seenUser(call, input.params.id, "user.attach");
    const { structureId } = input.body();
    const s = await structureAncestors(call.sql, structureId);
    if (!s) throw notFoundField("structureId", "STRUCTURE_NOT_FOUND");
    await allow(call, mayPlaceUserIn(call.actor, s.ancestorIds), {
      action: "user.attach",
      targetType: "user",
      targetId: placed.id,
      structureIds: s.ancestorIds,
    });
    return attach(call, placed, { structureId: s.id, ancestors: s.ancestorIds });
  }),

  bind(E.deplacerUneAffectation, async (ctx, { params, body }) =>
    deplacerUneAffectation(callOf(ctx), params.id, params.structureId, body().toStructureId.toLowerCase()),
  ),

  bind(E.retirerDeLaStructure, async (ctx, { params }) => retirerDeLaStructure(callOf(ctx), params.id, params.structureId)),
];
