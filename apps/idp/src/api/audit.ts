// The audit log: every change and every refusal, with actor, action, target, before/after, request
// id and IP. `structureIds` (ancestors of the structures concerned) let a référent read his sub-tree's.
import type Koa from "koa";
import type { AppContext } from "../server.js";
import type { Prisma } from "../generated/prisma/client.js";

export interface AuditInput {
  action: string;
  outcome?: "allowed" | "denied";
  targetType?: string;
  targetId?: string | null;
  targetLabel?: string | null;
  structureIds?: string[];
  before?: unknown;
  after?: unknown;
}

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

declare module "koa" {
  interface DefaultState {
    app?: AppContext;
  }
}

const json = (v: unknown) => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

export async function recordAudit(ctx: Koa.Context, e: AuditInput, tx?: Tx): Promise<void> {
  const db: Tx = tx ?? ctx.state.app!.db.prisma;
  const actor = ctx.state.actor;
  await db.auditEvent.create({
    data: {
      actorId: actor?.userId ?? null,
      actorLabel: actor?.label ?? "anonyme",
      action: e.action,
      outcome: e.outcome ?? "allowed",
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      targetLabel: e.targetLabel ?? null,
      structureIds: [...new Set(e.structureIds ?? [])],
      before: json(e.before),
      after: json(e.after),
      requestId: ctx.state.requestId ?? null,
      ip: ctx.ip || null,
    },
  });
}

/** Only the fields that changed, for before/after. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    const x = before[k] instanceof Date ? (before[k] as Date).toISOString() : before[k];
    const y = after[k] instanceof Date ? (after[k] as Date).toISOString() : after[k];
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      b[k] = x as T[keyof T];
      a[k] = y as T[keyof T];
    }
  }
  return { before: b, after: a };
}
