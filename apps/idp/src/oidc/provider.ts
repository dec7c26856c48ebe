// The oidc-provider configuration of Convergences: one place that says which features are on and
// which of our modules answers each of the provider's questions.
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { JWK } from "jose";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { SecretBox } from "../lib/secretbox.js";
import type { Logger } from "../lib/log.js";
import { payloadAdapterFactory } from "./adapter.js";
import { createClientAdapter, portalClient } from "./clients.js";
import { findAccountFor, type ConvergencesAccount } from "./account.js";
import { loadExistingGrant } from "./grant.js";
import { CLIENT_SECRET_CLAIM, resourceIndicators, secretFingerprint } from "./resource.js";
import type { BackchannelSender } from "./backchannel.js";
import type { Sql } from "../db/sql.js";
import { LocalSigningKey } from "./signing-key.js";
import { ACR_VALUES, isMultiFactor } from "../mfa/amr.js";
import { loggedOutPage, logoutConfirmPage } from "../web/deconnexion.js";
import { unavailablePage } from "../web/indisponible.js";
import { messagePage } from "../web/message.js";

export interface ProviderDeps {
  config: Config;
  prisma: PrismaClient;
  /** The raw runner (../db/sql.ts): the statements of the hot paths. */
  sql: Sql;
  box: SecretBox;
  logger: Logger;
  signingKeys: JWK[];
  cookieKeys: string[];
  backchannel: BackchannelSender;
}

export const TTL = {
  AccessToken: 10 * 60,
  ClientCredentials: 10 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  Interaction: 60 * 60,
  Session: 10 * 60 * 60,
  Grant: 10 * 60 * 60,
  RefreshToken: 10 * 60 * 60,
} as const;

function policy() {
  const { base, Check } = interactionPolicy;
  const p = base();
  const login = p.get("login")!;
  // The session names someone who may no longer sign in (locked, expired, deleted): sign in again.
  login.checks.add(
    new Check("account_inactive", "the account may no longer sign in", (ctx) => Boolean(ctx.oidc.session?.accountId && !ctx.oidc.account)),
  );
  // A référent or CIG administrator whose session was opened without a second factor (he was named
  // since, or the session predates the rule) signs in again: the login then asks for it, or enrols.
  login.checks.add(
    new Check("mfa_required", "a second factor is required for this account", (ctx) => {
      const account = ctx.oidc.account as ConvergencesAccount | undefined;
      return Boolean(account?.mfaRequired && !isMultiFactor(ctx.oidc.session?.amr));
    }),
  );
  // Signed in, but without any role on this application: the interaction shows the refusal page.
  login.checks.add(
    new Check("no_role", "the End-User holds no role on this application", "access_denied", (ctx) => {
      const account = ctx.oidc.account as ConvergencesAccount | undefined;
      return Boolean(account && !account.mayEnter);
    }),
  );
  return p;
}

const ERROR_MESSAGES: Record<string, string> = {
  invalid_client: "Cette application n'est pas reconnue par Convergences.",
  invalid_redirect_uri: "L'adresse de retour demandée par l'application n'est pas autorisée.",
  invalid_request: "La demande de l'application est incomplète ou incorrecte.",
  access_denied: "L'accès a été refusé.",
  session_not_found: "Votre session a expiré. Reprenez depuis l'application.",
};

export function createProvider(d: ProviderDeps): Provider {
  const { config } = d;
  const clientAdapter = createClientAdapter(d.sql, d.box);
  const PayloadAdapter = payloadAdapterFactory(d.sql);
  const portalHome = `${config.PORTAL_URL}/`;

  const configuration: Configuration = {
    adapter: (name: string) => (name === "Client" ? clientAdapter : new PayloadAdapter(name)),
    clients: [portalClient(config.PUBLIC_URL)],
    // Signed with node:crypto (signing-key.ts), not through WebCrypto jobs.
    jwks: { keys: d.signingKeys.map((k) => new LocalSigningKey(k)) as any },
    // ID tokens and logout tokens: ES256 by default (keys.ts); the API's access tokens: ES256 (resource.ts).
    clientDefaults: {
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: config.ID_TOKEN_SIGNING_ALG,
    },
    cookies: { keys: d.cookieKeys },
    findAccount: findAccountFor(d.sql),
    claims: {
      // acr/amr: how the person signed in (mfa/amr.ts), in every ID token.
      openid: ["sub", "acr", "amr"],
      email: ["email"],
      profile: ["given_name", "family_name", "name", "structures", "roles"],
    },
    scopes: ["openid", "offline_access", "profile", "email", "aia", "aia:admin"],
    conformIdTokenClaims: false,
    acrValues: ACR_VALUES,
    // How the person signed in goes into the API's access tokens too: the API refuses a référent's
    // token without "mfa" (api/auth.ts). Taken from the code or refresh token being exchanged.
    extraTokenClaims: async (ctx, token) => {
      if (token.kind !== "AccessToken") return undefined;
      const source = (ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken) as
        | { amr?: string[]; acr?: string }
        | undefined;
      return source?.amr ? { amr: source.amr, ...(source.acr ? { acr: source.acr } : {}) } : undefined;
    },
    responseTypes: ["code", "none"],
    // PKCE for every client, confidential ones too (a stolen code is useless without the verifier);
    // oidc-provider accepts S256 only.
    pkce: { required: () => true },
    loadExistingGrant,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: { ...TTL },
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
    interactions: { policy: policy(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A confidential client (a resource server) may introspect any token; a public one its own.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => client.clientAuthMethod !== "none" || token.clientId === client.clientId,
      },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      backchannelLogout: { enabled: true },
      externalSigningSupport: { enabled: true, ack: "experimental-01" } as any,
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = "html";
          ctx.body = logoutConfirmPage({
            form,
            applicationName: (ctx.oidc.client?.clientName as string | undefined) ?? undefined,
            organisation: config.ORGANISATION_NAME,
          });
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = "html";
          ctx.body = loggedOutPage({ portalUrl: portalHome, organisation: config.ORGANISATION_NAME });
        },
      },
      resourceIndicators: resourceIndicators(config.PUBLIC_URL) as any,
    },
    formats: {
      customizers: {
        // The contract of the admin API: no `sub` in a client-credentials token (RFC 9068 puts the client id there).
        jwt: async (ctx, token, jwt) => {
          if (token.kind === "ClientCredentials") {
            delete jwt.payload.sub;
            // Which secret obtained it: the admin API refuses it once the secret is rotated (api/auth.ts).
            const secret = ctx.oidc.client?.clientSecret;
            if (secret) jwt.payload[CLIENT_SECRET_CLAIM] = secretFingerprint(secret);
          }
        },
      },
    },
    fetch: d.backchannel.fetch as any,
    renderError: async (ctx: KoaContextWithOIDC, out, error) => {
      d.logger.warn("erreur OIDC", { error: out.error, description: out.error_description, status: (error as any)?.status });
      ctx.type = "html";
      if (out.error === "temporarily_unavailable") {
        ctx.body = unavailablePage(config.ORGANISATION_NAME);
        return;
      }
      ctx.body = messagePage({
        title: "Une erreur est survenue",
        kind: "error",
        message: ERROR_MESSAGES[out.error] ?? "La connexion n'a pas pu aboutir. Reprenez depuis le portail ou depuis l'application.",
        link: { href: portalHome, label: "Retour au portail" },
        organisation: config.ORGANISATION_NAME,
      });
    },
  };

  const provider = new Provider(config.PUBLIC_URL, configuration);
  provider.proxy = config.TRUST_PROXY;
  provider.on("server_error", (_ctx, err) =>
    d.logger.error("erreur interne du fournisseur OIDC", { error: err.message, stack: err.stack }),
  );
  return provider;
}
