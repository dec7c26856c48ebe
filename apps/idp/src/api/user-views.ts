// Users as the contract shows them: list rows and the agent's card.
import type { PrismaClient, Prisma } from "../generated/prisma/client.js";
import type { UserCard, UserSummary } from "@convergences/contract";
import { isoDate, structureRefs } from "./lookup.js";
import { raw } from "./raw.js";

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

/** The agent's card in one statement (the user, his further structures, his roles with their application). */
export async function userCard(db: PrismaClient, id: string): Promise<UserCard | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
  const [u] = await raw(db).$queryRawUnsafe<(SummaryRow & {
    phone: string | null; postalAddress: string | null; teleworking: boolean; appIdentifier: string | null; lockedReason: string | null;
    hasPassword: boolean; photoUpdatedAt: Date | null; version: number; createdAt: Date; updatedAt: Date;
    memberships: string[] | null;
    roles: { id: string; structureId: string; grantedAt: string; role: { id: string; code: string; label: string }; application: { id: string; code: string; name: string } }[] | null;
  })[]>(
    `SELECT u.id::text AS id, u.email, u.identifiant, u."lastName", u."firstName", u."structureId"::text AS "structureId", u.service, u.fonction,
            u.locked, u."photoType", u."validFrom", u."validUntil", u."lastLoginAt", u.phone, u."postalAddress", u.teleworking,
            u."appIdentifier", u."lockedReason", u."passwordHash" IS NOT NULL AS "hasPassword", u."photoUpdatedAt", u.version,
            u."createdAt", u."updatedAt",
            ARRAY(SELECT m."structureId"::text FROM "Membership" m WHERE m."userId" = u.id ORDER BY m."createdAt") AS memberships,
            (SELECT json_agg(json_build_object(
                      'id', ra.id, 'structureId', ra."structureId", 'grantedAt', to_char(ra."grantedAt", ${ISO}),
                      'role', json_build_object('id', r.id, 'code', r.code, 'label', r.label),
                      'application', json_build_object('id', a.id, 'code', a.code, 'name', a.name))
                    ORDER BY a."tileOrder", r.label, ra.id)
               FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" JOIN "Application" a ON a.id = r."applicationId"
              WHERE ra."userId" = u.id) AS roles
       FROM "User" u WHERE u.id = $1::uuid`,
    id,
  );
  if (!u) return null;
  const memberships = u.memberships ?? [];
  const roles = u.roles ?? [];
  const refs = await structureRefs(db, [u.structureId, ...memberships, ...roles.map((a) => a.structureId)]);
  const [summary] = await toSummaries(db, [u], refs);
  return {
    ...summary!,
    phone: u.phone, postalAddress: u.postalAddress, teleworking: u.teleworking, appIdentifier: u.appIdentifier,
    lockedReason: u.lockedReason,
    photoUrl: u.photoType ? `/api/v1/users/${u.id}/photo?v=${u.photoUpdatedAt?.getTime() ?? 0}` : null,
    otherStructures: memberships.map((m) => refs.get(m)!),
    roles: roles.map((a) => ({
      id: a.id,
      application: a.application,
      role: a.role,
      structure: refs.get(a.structureId)!,
      grantedAt: a.grantedAt,
    })),
    hasPassword: u.hasPassword,
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
