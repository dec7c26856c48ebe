// findAccount: who the `sub` is, whether he may still use the requesting application, and his claims.
// Called by oidc-provider at authorization (session), at the token endpoint (code and refresh) and at
// userinfo: an account that is deleted, locked, not yet valid or past its end date is not found, so
// the refresh fails; one that lost its last role of a role-requiring application is not found by
// the token endpoint either.
import type { Account, FindAccount, KoaContextWithOIDC } from "oidc-provider";
import type { PrismaClient } from "../generated/prisma/client.js";
import { accountState } from "../auth/account-state.js";

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
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadAccount(prisma: PrismaClient, accountId: string, clientId: string | undefined, now = new Date()): Promise<ConvergencesAccount | undefined> {
  if (!UUID.test(accountId)) return undefined;
  const [user, app, assignments] = await Promise.all([
    prisma.user.findUnique({
      where: { id: accountId },
      select: {
        id: true, email: true, firstName: true, lastName: true, locked: true, validFrom: true, validUntil: true,
        structure: { select: { id: true, name: true, ancestorIds: true } },
        memberships: { select: { structure: { select: { id: true, name: true, ancestorIds: true } } } },
      },
    }),
    clientId ? prisma.application.findUnique({ where: { clientId }, select: { requiresRole: true, enabled: true } }) : null,
    clientId
      ? prisma.roleAssignment.findMany({
          where: { userId: accountId, role: { application: { clientId } } },
          select: { role: { select: { code: true, label: true } }, structure: { select: { id: true, name: true } } },
          orderBy: { grantedAt: "asc" },
        })
      : [],
  ]);
  if (!user || accountState(user, now) !== "active") return undefined;

  const structures = [user.structure, ...user.memberships.map((m) => m.structure)];
  const ancestorIds = [...new Set(structures.flatMap((s) => s.ancestorIds))];
  const names = new Map(
    (await prisma.structure.findMany({ where: { id: { in: ancestorIds } }, select: { id: true, name: true } })).map((s) => [s.id, s.name]),
  );
  const structureClaims: StructureClaim[] = structures.map((s) => ({
    id: s.id,
    name: s.name,
    path: s.ancestorIds.map((id) => names.get(id) ?? "?").join(" / "),
  }));
  const roles: RoleClaim[] = assignments.map((a) => ({ code: a.role.code, label: a.role.label, structure: a.structure }));
  const requiresRole = app ? app.requiresRole : false;
  const name = `${user.firstName} ${user.lastName}`;

  return {
    accountId: user.id,
    email: user.email,
    name,
    mayEnter: !requiresRole || roles.length > 0,
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
export function findAccountFor(prisma: PrismaClient): FindAccount {
  const perRequest = new WeakMap<object, Map<string, Promise<ConvergencesAccount | undefined>>>();
  return async (ctx: KoaContextWithOIDC, sub: string, token?: unknown) => {
    let memo = perRequest.get(ctx);
    if (!memo) perRequest.set(ctx, (memo = new Map()));
    let found = memo.get(sub);
    if (!found) memo.set(sub, (found = loadAccount(prisma, sub, ctx.oidc?.client?.clientId)));
    const account = await found;
    // Tokens (code, refresh, userinfo) only for an application the agent may still enter.
    if (account && token !== undefined && !account.mayEnter) return undefined;
    return account;
  };
}
