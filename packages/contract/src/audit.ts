// The audit log: every change, and every refusal, made through the API.
import { z } from "zod";
import { Id, IsoDateTime, PageQuery, page, text } from "./common.js";

export const AuditOutcome = z.enum(["allowed", "denied"]);
export const AuditEvent = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: Id.nullable(), label: z.string().nullable() }),
  action: z.string(),
  outcome: AuditOutcome,
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  targetLabel: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const AuditQuery = z.strictObject({
  ...PageQuery,
  action: text(100).optional(),
  actorId: Id.optional(),
  targetType: text(50).optional(),
  targetId: text(100).optional(),
  outcome: AuditOutcome.optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AuditPage = page(AuditEvent);
export type AuditPage = z.infer<typeof AuditPage>;
