// The statements of the User table (with what hangs off a person: memberships, role assignments,
// mandates) on the hot paths: the API's actor, a placement, a card, the parts of a page of users,
// and the OIDC account. Each is fixed text, prepared once per connection (../sql.ts).
import type { Sql } from "../sql.js";

/** A structure held, with its ancestors (root … itself). */
export interface PartRow {
  structureId: string;
  ancestors: string[];
}

export interface PlacementRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  structureId: string;
  /** The ancestors of his structure d'appartenance. */
  main: string[];
  others: PartRow[] | null;
  roles: (PartRow & { id: string; roleId: string; applicationId: string })[] | null;
  authority: boolean;
}

/** The user, his memberships, his role assignments (each with its structure's ancestors) and whether he holds a mandate. */
export async function placementRow(sql: Sql, id: string): Promise<PlacementRow | undefined> {
  const { rows } = await sql<PlacementRow>(
    "user_placement",
    `SELECT u.id::text, u.email, u."firstName", u."lastName", u."structureId"::text, s."ancestorIds"::text[] AS main,
            (SELECT json_agg(json_build_object('structureId', m."structureId", 'ancestors', ms."ancestorIds") ORDER BY m."createdAt", m."structureId")
               FROM "Membership" m JOIN "Structure" ms ON ms.id = m."structureId" WHERE m."userId" = u.id) AS others,
            (SELECT json_agg(json_build_object('id', ra.id, 'roleId', ra."roleId", 'applicationId', r."applicationId", 'structureId', ra."structureId", 'ancestors', rs."ancestorIds"))
               FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" JOIN "Structure" rs ON rs.id = ra."structureId" WHERE ra."userId" = u.id) AS roles,
            EXISTS (SELECT 1 FROM "Mandate" md WHERE md."userId" = u.id) AS authority
       FROM "User" u JOIN "Structure" s ON s.id = u."structureId"
      WHERE u.id = $1::uuid`,
    [id],
  );
  return rows[0];
}

/** The columns of a list row (UserSummary before its structure path): SUMMARY_COLUMNS of `"User" u`. */
export interface SummaryRow {
  id: string;
  email: string;
  identifiant: string;
  lastName: string;
  firstName: string;
  structureId: string;
  service: string | null;
  fonction: string | null;
  locked: boolean;
  photoType: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
  lastLoginAt: Date | null;
}

export const SUMMARY_COLUMNS = `u.id::text AS id, u.email, u.identifiant, u."lastName", u."firstName", u."structureId"::text AS "structureId", u.service,
  u.fonction, u.locked, u."photoType", u."validFrom", u."validUntil", u."lastLoginAt"`;

export interface CardRow extends SummaryRow {
  phone: string | null;
  postalAddress: string | null;
  teleworking: boolean;
  appIdentifier: string | null;
  lockedReason: string | null;
  hasPassword: boolean;
  photoUpdatedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  roles:
    | {
        id: string;
        structureId: string;
        grantedAt: string;
        role: { id: string; code: string; label: string };
        application: { id: string; code: string; name: string };
      }[]
    | null;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The agent's card: the user, his roles with their application (the caller cuts it to the actor's part). */
export async function cardRow(sql: Sql, id: string): Promise<CardRow | undefined> {
  const { rows } = await sql<CardRow>(
    "user_card",
    `SELECT ${SUMMARY_COLUMNS}, u.phone, u."postalAddress", u.teleworking,
            u."appIdentifier", u."lockedReason", u."passwordHash" IS NOT NULL AS "hasPassword", u."photoUpdatedAt", u.version,
            u."createdAt", u."updatedAt",
            (SELECT json_agg(json_build_object(
                      'id', ra.id, 'structureId', ra."structureId", 'grantedAt', to_char(ra."grantedAt", ${ISO}),
                      'role', json_build_object('id', r.id, 'code', r.code, 'label', r.label),
                      'application', json_build_object('id', a.id, 'code', a.code, 'name', a.name))
                    ORDER BY a."tileOrder", r.label, ra.id)
               FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" JOIN "Application" a ON a.id = r."applicationId"
              WHERE ra."userId" = u.id) AS roles
       FROM "User" u WHERE u.id = $1::uuid`,
    [id],
  );
  return rows[0];
}

/** For each user: his further structures (in order) and the structures of his roles. */
export async function partsRows(sql: Sql, ids: string[]): Promise<{ id: string; ms: string[]; rs: string[] }[]> {
  const { rows } = await sql<{ id: string; ms: string[]; rs: string[] }>(
    "user_parts",
    `SELECT x.id::text AS id,
            ARRAY(SELECT m."structureId"::text FROM "Membership" m WHERE m."userId" = x.id ORDER BY m."createdAt", m."structureId") AS ms,
            ARRAY(SELECT DISTINCT ra."structureId"::text FROM "RoleAssignment" ra WHERE ra."userId" = x.id) AS rs
       FROM unnest($1::uuid[]) AS x(id)`,
    [ids],
  );
  return rows;
}

export interface ActorRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  locked: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
  mandates: { kind: string; structureId: string | null; applicationIds: string[] }[] | null;
}

/** The person behind an API token and his mandates, on every request (a lock is felt at once). */
export async function actorRow(sql: Sql, id: string): Promise<ActorRow | undefined> {
  const { rows } = await sql<ActorRow>(
    "api_actor",
    `SELECT u.id::text, u.email, u."firstName", u."lastName", u.locked, u."validFrom", u."validUntil",
            (SELECT json_agg(json_build_object(
                      'kind', m.kind, 'structureId', m."structureId",
                      'applicationIds', coalesce((SELECT json_agg(ma."applicationId") FROM "MandateApplication" ma WHERE ma."mandateId" = m.id), '[]'::json)))
               FROM "Mandate" m WHERE m."userId" = u.id) AS mandates
       FROM "User" u WHERE u.id = $1::uuid`,
    [id],
  );
  return rows[0];
}

export interface StructureClaim {
  id: string;
  name: string;
  /** Names from the root of the tree down to the structure, joined by " / ". */
  path: string;
}

export interface RoleClaim {
  code: string;
  label: string;
  structure: { id: string; name: string };
}

// The OIDC account (oidc/account.ts): one statement on every refresh and userinfo call, where the
// four Prisma queries it replaced cost most of the CPU of the grant (BENCHMARKS.md, "OIDC"). At the
// token endpoint it even comes with the token (oidc-payloads.ts): `id` and `client` are SQL expressions.
// The structures' paths are joined here, in SQL, as the tree joins them (api/structure-tree.ts).
export const accountSql = (id: string, client: string) => `
SELECT u.id, u.email, u."firstName", u."lastName", u.locked, u."validFrom", u."validUntil",
  (SELECT json_agg(json_build_object('id', s.id, 'name', s.name,
            'path', (SELECT string_agg(a.name, ' / ' ORDER BY a.depth) FROM "Structure" a WHERE a.id = ANY(s."ancestorIds")))
          ORDER BY s.ord, s.name)
     FROM (SELECT st.id, st.name, st."ancestorIds", 0 AS ord FROM "Structure" st WHERE st.id = u."structureId"
           UNION ALL
           SELECT st.id, st.name, st."ancestorIds", 1 FROM "Membership" m JOIN "Structure" st ON st.id = m."structureId"
            WHERE m."userId" = u.id) s) AS structures,
  (SELECT json_agg(json_build_object('code', r.code, 'label', r.label, 'structure', json_build_object('id', rs.id, 'name', rs.name))
          ORDER BY ra."grantedAt")
     FROM "RoleAssignment" ra JOIN "Role" r ON r.id = ra."roleId" JOIN "Application" ap ON ap.id = r."applicationId"
     JOIN "Structure" rs ON rs.id = ra."structureId"
    WHERE ra."userId" = u.id AND ap."clientId" = ${client}) AS roles,
  (SELECT ap."requiresRole" FROM "Application" ap WHERE ap."clientId" = ${client}) AS "requiresRole",
  EXISTS (SELECT 1 FROM "Mandate" md WHERE md."userId" = u.id) AS "mfaRequired"
FROM "User" u WHERE u.id = ${id}`;
const ACCOUNT_SQL = accountSql("$1::uuid", "$2");

/** The account of `id` for the client `clientId` (none: no client asking). */
export async function accountRow(sql: Sql, id: string, clientId: string | null): Promise<AccountRow | undefined> {
  return (await sql<AccountRow>("oidc_account", ACCOUNT_SQL, [id, clientId])).rows[0];
}

/** An account row as the statement returns it (or as JSON, its dates as text, when it came with a token). */
export interface AccountRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  locked: boolean;
  validFrom: Date | string | null;
  validUntil: Date | string | null;
  structures: StructureClaim[] | null;
  roles: RoleClaim[] | null;
  requiresRole: boolean | null;
  /** Holds a mandate (référent, CIG administrator): signs in with a second factor. */
  mfaRequired?: boolean | null;
}
