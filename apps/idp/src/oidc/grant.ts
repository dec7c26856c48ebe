// Every client is an application of the centre: using it is consented to by having the role, so
// there is no consent screen. The grant of the session is extended with what the request asks.
import type { Grant, KoaContextWithOIDC } from "oidc-provider";
import type { ConvergencesAccount } from "./account.js";

export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const account = oidc.account as ConvergencesAccount | undefined;
  const client = oidc.client;
  if (!account || !client || !account.mayEnter) return undefined;

  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!grant || grant.accountId !== account.accountId || grant.clientId !== client.clientId) {
    grant = new oidc.provider.Grant({ accountId: account.accountId, clientId: client.clientId });
  }

  let changed = !grant.jti;
  const oidcScopes = [...oidc.requestParamOIDCScopes].filter((s) => !grant!.getOIDCScope().split(" ").includes(s));
  if (oidcScopes.length) {
    grant.addOIDCScope(oidcScopes.join(" "));
    changed = true;
  }
  const claims = [...oidc.requestParamClaims].filter((c) => !grant!.getOIDCClaims().includes(c));
  if (claims.length) {
    grant.addOIDCClaims(claims);
    changed = true;
  }
  for (const [indicator, server] of Object.entries(oidc.resourceServers ?? {})) {
    const wanted = (server.scope ?? "").split(" ").filter((s) => s && oidc.requestParamScopes.has(s));
    const missing = wanted.filter((s) => !(grant!.getResourceScope(indicator) ?? "").split(" ").includes(s));
    if (missing.length) {
      grant.addResourceScope(indicator, missing.join(" "));
      changed = true;
    }
  }
  if (changed) await grant.save();
  return grant;
}
