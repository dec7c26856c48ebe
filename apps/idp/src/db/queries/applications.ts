// The statements of the Application table on the hot paths: the client an application makes, read
// by oidc-provider (oidc/clients.ts) and by the API's check of a back-office client (api/auth.ts).
import type { Application } from "../../generated/prisma/client.js";
import type { Sql } from "../sql.js";

/** The columns of an Application that make its client. */
export type ClientColumns = Pick<
  Application,
  | "clientId"
  | "name"
  | "clientSecretEncrypted"
  | "tokenEndpointAuthMethod"
  | "grantTypes"
  | "redirectUris"
  | "postLogoutRedirectUris"
  | "backchannelLogoutUri"
  | "scopes"
  | "enabled"
>;

const CLIENT_SQL = `SELECT "clientId", name, "clientSecretEncrypted", "tokenEndpointAuthMethod"::text AS "tokenEndpointAuthMethod",
  "grantTypes", "redirectUris", "postLogoutRedirectUris", "backchannelLogoutUri", scopes, enabled
  FROM "Application" WHERE "clientId" = $1`;

/** The application of `clientId`, as a client (none: no such application). */
export async function clientRow(sql: Sql, clientId: string): Promise<ClientColumns | undefined> {
  return (await sql<ClientColumns>("oidc_client", CLIENT_SQL, [clientId])).rows[0];
}
