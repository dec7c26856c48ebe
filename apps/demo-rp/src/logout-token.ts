// Back-channel logout (OpenID Connect Back-Channel Logout 1.0, §2.6): the logout token is a JWT signed
// by the provider; it must name us as audience, carry the back-channel event, a sid or a sub, and no nonce.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";

export const BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";

export interface LogoutTokenVerifier {
  verify(token: string): Promise<{ sid?: string; sub?: string; jti?: string }>;
}

export function logoutTokenVerifier(o: { issuer: string; jwksUri: string; clientId: string }): LogoutTokenVerifier {
  const jwks = createRemoteJWKSet(new URL(o.jwksUri));
  const seen = new Map<string, number>();
  return {
    async verify(token) {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: o.issuer,
        audience: o.clientId,
        algorithms: ["RS256", "PS256", "ES256", "EdDSA"],
        maxTokenAge: "5 minutes",
        requiredClaims: ["iat", "jti", "events"],
      });
      const p = payload as JWTPayload & { sid?: string; events?: Record<string, unknown>; nonce?: unknown };
      if (!p.events || typeof p.events !== "object" || !(BACKCHANNEL_EVENT in p.events)) throw new Error("événement de déconnexion absent");
      if (p.nonce !== undefined) throw new Error("un jeton de déconnexion ne doit pas contenir de nonce");
      if (!p.sid && !p.sub) throw new Error("ni sid ni sub dans le jeton de déconnexion");
      const now = Date.now();
      for (const [jti, at] of seen) if (now - at > 10 * 60_000) seen.delete(jti);
      if (p.jti && seen.has(p.jti)) throw new Error("jeton de déconnexion déjà reçu");
      if (p.jti) seen.set(p.jti, now);
      return { sid: p.sid, sub: p.sub, jti: p.jti };
    },
  };
}
