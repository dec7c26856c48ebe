// Called by the admin API after locking, deleting, ending the validity of an account, or removing
// its last role of an application: the account's sessions, grants and tokens are deleted (the next
// refresh fails) and the relying parties of its sessions are told through back-channel logout,
// in the background (see backchannel.ts).
import type { AppContext } from "../server.js";
import { accountSessions, deleteAccountPayloads } from "../db/queries/oidc-payloads.js";

export async function revokeUserSessions(ctx: AppContext, userId: string): Promise<{ deleted: number; notified: number }> {
  const { sql } = ctx.db;
  const provider = ctx.oidc?.provider;
  let notified = 0;

  if (provider) {
    for (const payload of await accountSessions(sql, userId)) {
      for (const [clientId, { sid }] of Object.entries(payload.authorizations ?? {})) {
        try {
          const client = await provider.Client.find(clientId);
          if (client?.backchannelLogoutUri && sid) {
            // Signs the logout token and posts it through the provider's fetch (queued: returns at once).
            await (client as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout(userId, sid);
            notified++;
          }
        } catch (e) {
          ctx.logger.warn("déconnexion back-channel non envoyée", { clientId, error: (e as Error).message });
        }
      }
    }
  }

  return { deleted: await deleteAccountPayloads(sql, userId), notified };
}
