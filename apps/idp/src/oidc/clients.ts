// Clients are the rows of the Application table, read when a request names them: an application
// added or changed through the admin API is served without a restart. A lookup is remembered for
// CLIENT_CACHE_MS only, so a change is seen within that delay by every instance.
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { SecretBox } from "../lib/secretbox.js";
import type { Sql } from "../db/sql.js";
import { clientRow, type ClientColumns } from "../db/queries/applications.js";
import { hasForbiddenCharacters } from "../lib/text.js";

export const CLIENT_CACHE_MS = 2_000;

/** The portal's own client: it only establishes the session (response_type=none), never gets tokens. */
export const PORTAL_CLIENT_ID = "portail-convergences";

export function portalClient(publicUrl: string) {
  return {
    client_id: PORTAL_CLIENT_ID,
    token_endpoint_auth_method: "none" as const,
    grant_types: [] as string[],
    response_types: ["none" as const],
    redirect_uris: [`${publicUrl}/portail/retour`],
    post_logout_redirect_uris: [`${publicUrl}/`],
    scope: "openid",
  };
}

export function applicationToClient(app: ClientColumns, box: SecretBox): AdapterPayload {
  const isPublic = app.tokenEndpointAuthMethod === "none";
  // A list column left NULL (an application created without it) is an empty list, not a broken client.
  const grantTypes = (app.grantTypes ?? []).filter((g) => !(isPublic && g === "client_credentials"));
  return {
    client_id: app.clientId,
    client_name: app.name,
    ...(isPublic || !app.clientSecretEncrypted ? {} : { client_secret: box.open(app.clientSecretEncrypted) }),
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    grant_types: grantTypes,
    response_types: grantTypes.includes("authorization_code") ? ["code"] : [],
    redirect_uris: grantTypes.includes("authorization_code") ? (app.redirectUris ?? []) : [],
    post_logout_redirect_uris: app.postLogoutRedirectUris ?? [],
    ...(app.backchannelLogoutUri ? { backchannel_logout_uri: app.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    scope: (app.scopes ?? []).join(" "),
  };
}

export function createClientAdapter(sql: Sql, box: SecretBox): Adapter {
  const cache = new Map<string, { at: number; value: AdapterPayload | undefined }>();
  const unsupported = async () => {
    throw new Error("Les clients se gèrent dans l'annuaire (table Application)");
  };
  return {
    async find(id: string) {
      if (hasForbiddenCharacters(id)) return undefined; // PostgreSQL would fail on it: no such client
      const hit = cache.get(id);
      if (hit && Date.now() - hit.at < CLIENT_CACHE_MS) return hit.value;
      const app = await clientRow(sql, id);
      const value = app?.enabled ? applicationToClient(app, box) : undefined;
      if (cache.size > 1000) cache.clear();
      cache.set(id, { at: Date.now(), value });
      return value;
    },
    upsert: unsupported,
    findByUid: unsupported,
    findByUserCode: unsupported,
    consume: unsupported,
    destroy: unsupported,
    revokeByGrantId: unsupported,
  } as Adapter;
}
