// What every use case receives: the request (for the audit log's request id and IP), the
// application, the actor. Use cases check the policy, change the data, write the audit event and
// the outbox mail in one transaction, and build their answer inside it (a failure after the commit
// cannot turn a done change into an error).
import type Koa from "koa";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import type { AppContext } from "../../server.js";
import { recordAudit, type AuditInput } from "../audit.js";
import { appOf } from "../http.js";
import { placeUser, type PlacedUser } from "../lookup.js";
import { actorOf, enforce, maySee, type Actor } from "../policy.js";
import { ApiError } from "../problem.js";
import type { UserCard } from "@convergences/contract";
import { inTransaction, type Sql } from "../../db/sql.js";
import { structureTree, type StructureTree } from "../structure-tree.js";
import { userCard } from "../user-views.js";

export interface Call {
  ctx: Koa.Context;
  app: AppContext;
  actor: Actor;
  /** Prisma: the transactions and their writes. */
  db: PrismaClient;
  /** The raw runner (db/sql.ts): the hot reads, outside a transaction. */
  sql: Sql;
}

export type Tx = Prisma.TransactionClient;

export function callOf(ctx: Koa.Context): Call {
  const app = appOf(ctx);
  return { ctx, app, actor: actorOf(ctx), db: app.db.prisma, sql: app.db.sql };
}

export const audit = (call: Call, e: AuditInput, tx?: Tx) => recordAudit(call.ctx, e, tx);

/** Refusal (403, or 404 with `hide`), audited. */
export const allow = (
  call: Call,
  allowed: boolean,
  attempt: Omit<AuditInput, "outcome">,
  hide?: ConstructorParameters<typeof ApiError>[0],
) => enforce(call.ctx, allowed, attempt, hide ? { hide } : {});

/**
 * The target account if the actor sees it (himself, or one of his memberships in scope); otherwise
 * 404 — his existence is private — and the attempt is audited.
 */
export async function seenUser(call: Call, id: string, action: string): Promise<PlacedUser> {
  const placed = await placeUser(call.sql, id);
  if (!placed) throw new ApiError("USER_NOT_FOUND");
  await allow(call, maySee(call.actor, placed), { action, targetType: "user", targetId: id }, "USER_NOT_FOUND");
  return placed;
}

/**
 * The card as the actor sees it after a change, read inside the change's transaction. `tree` is read
 * before the transaction begins (the embedded database has a single connection).
 */
export async function cardIn(call: Call, tx: Tx, id: string, tree: StructureTree): Promise<UserCard> {
  const card = await cardOrNothing(call, tx, id, tree);
  if (!card) throw new Error("fiche introuvable après la modification");
  return card;
}

/** The card after a change that may take the person out of the actor's scope (null then: nothing of him is shown). */
export async function cardOrNothing(call: Call, tx: Tx, id: string, tree: StructureTree): Promise<UserCard | null> {
  const sql = inTransaction(tx);
  const placed = await placeUser(sql, id);
  return placed && userCard(sql, id, call.actor, placed, tree);
}

/** The structure tree, to read before a transaction. */
export const treeOf = (call: Call) => structureTree(call.sql);

/** Then the account-level decision (a plain 403: he is visible). */
export async function refuseUnless(call: Call, allowed: boolean, action: string, placed: PlacedUser) {
  await allow(call, allowed, { action, targetType: "user", targetId: placed.id, targetLabel: placed.label });
}
