// After locking, deleting, ending validity or removing a user's last role of an application, his
// sessions, grants and tokens go (SSO-core's revokeUserSessions, with back-channel logout).
// Never fails the API's answer: the change is already committed.
import type { AppContext } from "../server.js";
import { revokeUserSessions } from "../oidc/revoke.js";

export async function revokeSessions(app: AppContext, userId: string): Promise<void> {
  try {
    await revokeUserSessions(app, userId);
  } catch (e) {
    app.logger.warn("révocation des sessions impossible", { userId, error: String(e) });
  }
}
