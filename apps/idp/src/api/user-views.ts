// Users as the contract shows them: list rows and the agent's card.
import type { PrismaClient, Prisma } from "../generated/prisma/client.js";
import type { UserCard, UserSummary } from "@convergences/contract";
import { isoDate, structureRefs } from "./lookup.js";

export const summarySelect = {
  id: true, email: true, identifiant: true, lastName: true, firstName: true, structureId: true, service: true,
  fonction: true, locked: true, photoType: true, validFrom: true, validUntil: true, lastLoginAt: true,
} satisfies Prisma.UserSelect;
type SummaryRow = Prisma.UserGetPayload<{ select: typeof summarySelect }>;

export async function toSummaries(db: PrismaClient, rows: SummaryRow[], known?: Map<string, UserSummary["structure"]>): Promise<UserSummary[]> {
  const refs = known ?? (await structureRefs(db, rows.map((r) => r.structureId)));
  return rows.map((r) => ({
    id: r.id, email: r.email, identifiant: r.identifiant, lastName: r.lastName, firstName: r.firstName,
    structure: refs.get(r.structureId)!,
    service: r.service, fonction: r.fonction, locked: r.locked, hasPhoto: !!r.photoType,
    validFrom: isoDate(r.validFrom), validUntil: isoDate(r.validUntil), lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
  }));
}

export async function userCard(db: PrismaClient, id: string): Promise<UserCard | null> {
  const u = await db.user.findUnique({
    where: { id },
    select: {
      ...summarySelect, phone: true, postalAddress: true, teleworking: true, appIdentifier: true, lockedReason: true,
      passwordHash: true, photoUpdatedAt: true, version: true, createdAt: true, updatedAt: true,
      memberships: { select: { structureId: true }, orderBy: { createdAt: "asc" } },
      roleAssignments: {
        select: {
          id: true, structureId: true, grantedAt: true,
          role: { select: { id: true, code: true, label: true, application: { select: { id: true, code: true, name: true } } } },
        },
        orderBy: [{ role: { application: { tileOrder: "asc" } } }, { role: { label: "asc" } }],
      },
    },
  });
  if (!u) return null;
  const refs = await structureRefs(db, [u.structureId, ...u.memberships.map((m) => m.structureId), ...u.roleAssignments.map((a) => a.structureId)]);
  const [summary] = await toSummaries(db, [u], refs);
  return {
    ...summary!,
    phone: u.phone, postalAddress: u.postalAddress, teleworking: u.teleworking, appIdentifier: u.appIdentifier,
    lockedReason: u.lockedReason,
    photoUrl: u.photoType ? `/api/v1/users/${u.id}/photo?v=${u.photoUpdatedAt?.getTime() ?? 0}` : null,
    otherStructures: u.memberships.map((m) => refs.get(m.structureId)!),
    roles: u.roleAssignments.map((a) => ({
      id: a.id,
      application: a.role.application,
      role: { id: a.role.id, code: a.role.code, label: a.role.label },
      structure: refs.get(a.structureId)!,
      grantedAt: a.grantedAt.toISOString(),
    })),
    hasPassword: !!u.passwordHash,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** The fields audited before/after a change (no password hash, no photo bytes). */
export const auditedSelect = {
  identifiant: true, lastName: true, firstName: true, structureId: true, service: true, fonction: true, phone: true,
  postalAddress: true, teleworking: true, appIdentifier: true, validFrom: true, validUntil: true, locked: true, lockedReason: true,
} satisfies Prisma.UserSelect;
