// The demo's own sessions, in memory (it is a demo, one process): a browser cookie → what the ID token
// said. A back-channel logout from the provider ends the sessions of its `sid` (or of its `sub`).
import crypto from "node:crypto";
import type { ShownClaims } from "./views.js";

export interface Session {
  claims: ShownClaims;
  idToken: string;
  /** The provider's session id (the ID token's `sid`), named in back-channel logout tokens. */
  idpSid?: string;
  createdAt: number;
}

export interface PendingLogin {
  verifier: string;
  nonce: string;
  state: string;
  createdAt: number;
}

const PENDING_TTL_MS = 10 * 60_000;

export class SessionStore {
  private sessions = new Map<string, Session>();
  private pending = new Map<string, PendingLogin>();

  create(session: Omit<Session, "createdAt">): string {
    const id = crypto.randomBytes(32).toString("base64url");
    this.sessions.set(id, { ...session, createdAt: Date.now() });
    return id;
  }

  get(id: string | undefined): Session | undefined {
    return id ? this.sessions.get(id) : undefined;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Ends every session opened under the provider session `sid`, or of the person `sub`. */
  endBy(match: { sid?: string; sub?: string }): number {
    let ended = 0;
    for (const [id, s] of this.sessions) {
      if ((match.sid && s.idpSid === match.sid) || (!match.sid && match.sub && s.claims.sub === match.sub)) {
        this.sessions.delete(id);
        ended++;
      }
    }
    return ended;
  }

  get size(): number {
    return this.sessions.size;
  }

  startLogin(login: Omit<PendingLogin, "createdAt">): string {
    const now = Date.now();
    for (const [k, p] of this.pending) if (now - p.createdAt > PENDING_TTL_MS) this.pending.delete(k);
    const id = crypto.randomBytes(24).toString("base64url");
    this.pending.set(id, { ...login, createdAt: now });
    return id;
  }

  takeLogin(id: string | undefined): PendingLogin | undefined {
    if (!id) return undefined;
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && Date.now() - p.createdAt <= PENDING_TTL_MS ? p : undefined;
  }
}
