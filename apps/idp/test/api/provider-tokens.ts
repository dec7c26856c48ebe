// Real access tokens from our provider for the admin API: a person signs in to the AIA console
// client (code + PKCE, resource indicator = the API, scope "aia"), a back-office client uses client
// credentials (scope "aia:admin"). This is exactly what the console and a CIG script do.
import crypto from "node:crypto";
import * as oidc from "openid-client";
import type { TestServer } from "../support/server.js";
import { Browser, codeFlow, registerClient, relyingParty, setPassword } from "../oidc/support.js";

export async function providerTokens(server: TestServer) {
  const issuer = server.config.PUBLIC_URL;
  const resource = `${issuer}/api/v1`;
  const consoleRp = await relyingParty(issuer, { clientId: "aia-console" });
  const backOffice = await registerClient(server.db.prisma, server.box, {
    code: `cig-backoffice-${crypto.randomBytes(3).toString("hex")}`,
    scopes: ["aia:admin"],
    grantTypes: ["client_credentials"],
  });
  const backOfficeRp = await relyingParty(issuer, { clientId: backOffice.clientId, secret: backOffice.secret });
  return {
    /** The back-office client's application (id, client id). */
    backOffice,
    async forUser(email: string): Promise<string> {
      await setPassword(server.db.prisma, email);
      const { tokens } = await codeFlow(
        consoleRp,
        new Browser(),
        { redirectUri: `${issuer}/aia/callback` },
        { email },
        { scope: "openid aia", resource },
      );
      if (!tokens) throw new Error(`connexion refusée pour ${email}`);
      return tokens.access_token;
    },
    async forAdminClient(): Promise<string> {
      const t = await oidc.clientCredentialsGrant(backOfficeRp, { scope: "aia:admin", resource });
      return t.access_token;
    },
  };
}
