// After locking, deleting, ending validity or removing a user's last role of an application, his
// sessions, grants and tokens go (SSO-core's revokeUserSessions, with back-channel logout).
// Never blocks nor fails the API's answer: the change is already committed.
import type { AppContext } from "../server.js";

type Revoke = (ctx: AppContext, userId: string) => Promise<unknown>;
let loaded: Promise<Revoke | null> | null = null;

function load(): Promise<Revoke | null> {
  // Resolved at run time: the OIDC area owns this module.
  const path = "../oidc/revoke.js";
  loaded ??= import(/* @vite-ignore */ path).then((m: { revokeUserSessions?: Revoke }) => m.revokeUserSessions ?? null).catch(() => null);
  return loaded;
}

export async function revokeSessions(app: AppContext, userId: string): Promise<void> {
  try {
    const revoke = await load();
    if (revoke) await revoke(app, userId);
    else await app.db.prisma.oidcPayload.deleteMany({ where: { accountId: userId } });
  } catch (e) {
    app.logger.warn("révocation des sessions impossible", { userId, error: String(e) });
  }
}
