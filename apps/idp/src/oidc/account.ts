// findAccount: who the `sub` is, whether he may still use the requesting application, and his claims.
// Called by oidc-provider at authorization (session), at the token endpoint (code and refresh) and at
// userinfo: an account that is deleted, locked, not yet valid or past its end date is not found, so
// the refresh fails; one that lost its last role of a role-requiring application is not found by
// the token endpoint either.
import type { Account, FindAccount, KoaContextWithOIDC } from "oidc-provider";
import { accountState } from "../auth/account-state.js";
import type { Sql } from "../db/sql.js";
import { currentUnit } from "./unit-of-work.js";

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

export interface ConvergencesAccount extends Account {
  email: string;
  name: string;
  /** May enter the requesting application (always true without a client or for requiresRole=false). */
  mayEnter: boolean;
  /** Référent or CIG administrator: his sessions must have been opened with a second factor. */
  mfaRequired: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// One prepared SQL statement through the pg pool (../db/sql.ts): this runs on every refresh and userinfo call, where the
// four Prisma queries it replaces cost most of the CPU of the grant (BENCHMARKS.md, "OIDC").
// At the token endpoint it even comes with the token (adapter.ts): `id` and `client` are SQL expressions.
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

/** The key of an account read for a client, in the request's unit of work. */
export const accountKey = (accountId: string, clientId: string | undefined) => `${accountId} ${clientId ?? ""}`;

const date = (d: Date | string | null) => (d === null || d instanceof Date ? d : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(d) ? d : `${d}Z`));

export async function loadAccount(
  sql: Sql,
  accountId: string,
  clientId: string | undefined,
  now = new Date(),
): Promise<ConvergencesAccount | undefined> {
  if (!UUID.test(accountId)) return undefined;
  const unit = currentUnit();
  const key = accountKey(accountId, clientId);
  const row = unit?.accounts.has(key)
    ? unit.accounts.get(key)
    : (await sql<AccountRow>("oidc_account", ACCOUNT_SQL, [accountId, clientId ?? null])).rows[0];
  const user = row ? { ...row, validFrom: date(row.validFrom), validUntil: date(row.validUntil) } : undefined;
  if (!user || accountState(user, now) !== "active") return undefined;
  const structureClaims = user.structures ?? [];
  const roles = clientId ? (user.roles ?? []) : [];
  const requiresRole = user.requiresRole ?? false;
  const name = `${user.firstName} ${user.lastName}`;

  return {
    accountId: user.id,
    email: user.email,
    name,
    mayEnter: !requiresRole || roles.length > 0,
    mfaRequired: Boolean(user.mfaRequired),
    async claims() {
      return {
        sub: user.id,
        email: user.email,
        given_name: user.firstName,
        family_name: user.lastName,
        name,
        structures: structureClaims,
        roles,
      };
    },
  };
}

/** oidc-provider's findAccount, memoised per request (the provider asks several times). */
export function findAccountFor(sql: Sql): FindAccount {
  const perRequest = new WeakMap<object, Map<string, Promise<ConvergencesAccount | undefined>>>();
  return async (ctx: KoaContextWithOIDC, sub: string, token?: unknown) => {
    let memo = perRequest.get(ctx);
    if (!memo) perRequest.set(ctx, (memo = new Map()));
    let found = memo.get(sub);
    if (!found) memo.set(sub, (found = loadAccount(sql, sub, ctx.oidc?.client?.clientId)));
    const account = await found;
    // Tokens (code, refresh, userinfo) only for an application the agent may still enter.
    if (account && token !== undefined && !account.mayEnter) return undefined;
    return account;
  };
}
