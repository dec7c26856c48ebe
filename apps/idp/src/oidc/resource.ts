// The one protected resource of the provider: the admin API. Access tokens for it are JWTs (ES256,
// the ES256 key of the SigningKey table, see keys.ts) whose scope is what the client asked among what its Application.scopes allows.
import crypto from "node:crypto";
import { API_TOKEN_ALG } from "./keys.js";
import { errors, type Client, type KoaContextWithOIDC, type ResourceServer } from "oidc-provider";

export const API_SCOPES = ["aia", "aia:admin"] as const;
export const API_TOKEN_TTL = 15 * 60;

/**
 * A client-credentials token for the API carries a fingerprint of the secret it was obtained with
 * (claim `csf`): the API compares it with the client's current secret on every request, so a
 * rotated secret stops the tokens obtained with the old one (the secrets are random, 256 bits).
 */
export const CLIENT_SECRET_CLAIM = "csf";
export const secretFingerprint = (secret: string) =>
  crypto.createHash("sha256").update(`convergences-csf:${secret}`).digest("base64url").slice(0, 22);

export const apiResource = (publicUrl: string) => `${publicUrl}/api/v1`;

export function resourceIndicators(publicUrl: string) {
  const api = apiResource(publicUrl);
  return {
    enabled: true,
    // Only a resource that was asked for: a fixed default would make every access token a JWT for
    // the API, and userinfo would refuse it.
    defaultResource: async (_ctx: KoaContextWithOIDC, _client: Client, oneOf?: string[]) => oneOf?.[0],
    // A code or refresh token granted for the API gives API tokens without repeating `resource`.
    useGrantedResource: async () => true,
    getResourceServerInfo: async (_ctx: KoaContextWithOIDC, indicator: string, client: Client): Promise<ResourceServer> => {
      if (indicator !== api) throw new errors.InvalidTarget("ressource inconnue");
      const allowed = (client.scope ?? "").split(" ").filter((s) => (API_SCOPES as readonly string[]).includes(s));
      if (!allowed.length) throw new errors.InvalidTarget("cette application n'a pas accès à l'API d'administration");
      return {
        scope: allowed.join(" "),
        audience: api,
        accessTokenTTL: API_TOKEN_TTL,
        accessTokenFormat: "jwt",
        jwt: { sign: { alg: API_TOKEN_ALG } },
      };
    },
  };
}
