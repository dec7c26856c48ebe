// The audit log: CIG administrators read all of it; référents the events of their sub-trees.
import { ENDPOINTS as E, type AuditEvent } from "@convergences/contract";
import type { Prisma } from "../../generated/prisma/client.js";
import { appOf } from "../http.js";
import { actorOf, enforce, mayReadAudit, scopeRoots } from "../policy.js";
import { bind } from "../endpoint.js";

export const auditRoutes = [
  bind(E.journalDAudit, async (ctx, input) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayReadAudit(actor), { action: "audit.list" });
    const q = input.query();
    const roots = scopeRoots(actor);
    const where: Prisma.AuditEventWhereInput = {
      ...(roots === "all" ? {} : { structureIds: { hasSome: roots } }),
      ...(q.action ? { action: q.action } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.targetType ? { targetType: q.targetType } : {}),
      ...(q.targetId ? { targetId: q.targetId } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(q.from || q.to ? { at: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
    };
    const { prisma } = appOf(ctx).db;
    const [total, rows] = await Promise.all([
      prisma.auditEvent.count({ where }),
      prisma.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    const items: AuditEvent[] = rows.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      actor: { id: e.actorId, label: e.actorLabel },
      action: e.action,
      outcome: e.outcome === "denied" ? "denied" : "allowed",
      targetType: e.targetType,
      targetId: e.targetId,
      targetLabel: e.targetLabel,
      before: e.before ?? null,
      after: e.after ?? null,
      requestId: e.requestId,
      ip: e.ip,
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }),
];
