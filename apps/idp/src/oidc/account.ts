// findAccount: who the `sub` is, whether he may still use the requesting application, and his claims.
// Called by oidc-provider at authorization (session), at the token endpoint (code and refresh) and at
// userinfo: an account that is deleted, locked, not yet valid or past its end date is not found, so
// the refresh fails; one that lost its last role of a role-requiring application is not found by
// the token endpoint either.
import type { Account, FindAccount, KoaContextWithOIDC } from "oidc-provider";
import { accountState } from "../auth/account-state.js";
import { isId } from "@convergences/contract";
import type { Sql } from "../db/sql.js";
import { accountRow } from "../db/queries/users.js";
import { currentUnit } from "./unit-of-work.js";

export interface ConvergencesAccount extends Account {
  email: string;
  name: string;
  /** May enter the requesting application (always true without a client or for requiresRole=false). */
  mayEnter: boolean;
  /** Référent or CIG administrator: his sessions must have been opened with a second factor. */
  mfaRequired: boolean;
}

/** The key of an account read for a client, in the request's unit of work. */
export const accountKey = (accountId: string, clientId: string | undefined) => `${accountId} ${clientId ?? ""}`;

const date = (d: Date | string | null) => (d === null || d instanceof Date ? d : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(d) ? d : `${d}Z`));

async function loadAccount(
  sql: Sql,
  accountId: string,
  clientId: string | undefined,
  now = new Date(),
): Promise<ConvergencesAccount | undefined> {
  if (!isId(accountId)) return undefined;
  const unit = currentUnit();
  const key = accountKey(accountId, clientId);
  const row = unit?.accounts.has(key) ? unit.accounts.get(key) : await accountRow(sql, accountId, clientId ?? null);
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
    if (!memo) {
      memo = new Map();
      perRequest.set(ctx, memo);
    }
    let found = memo.get(sub);
    if (!found) {
      found = loadAccount(sql, sub, ctx.oidc?.client?.clientId);
      memo.set(sub, found);
    }
    const account = await found;
    // Tokens (code, refresh, userinfo) only for an application the agent may still enter.
    if (account && token !== undefined && !account.mayEnter) return undefined;
    return account;
  };
}
