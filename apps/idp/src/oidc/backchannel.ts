// Back-channel logout delivery. oidc-provider builds and signs the logout token, then posts it with
// the configured `fetch`; this fetch answers it at once and delivers in the background, retrying with
// back-off, so a slow or absent relying party never holds up the person who logs out.
// Back-channel URIs are registered by administrators (often on the centre's internal network), so
// their delivery does not go through oidc-provider's special-use-address guard.
import type { Logger } from "../lib/log.js";

export const RETRY_DELAYS_MS = [0, 1_000, 5_000, 30_000, 120_000];
const TIMEOUT_MS = 5_000;

export interface BackchannelSender {
  fetch(url: string | URL, options: RequestInit & { dispatcher?: unknown }): Promise<Response>;
  /** Resolves when nothing is waiting to be delivered (tests, shutdown). */
  idle(): Promise<void>;
  close(): void;
}

export function createBackchannelSender(logger: Logger, delays = RETRY_DELAYS_MS): BackchannelSender {
  const timers = new Set<NodeJS.Timeout>();
  let pending = 0;
  let waiters: (() => void)[] = [];
  let closed = false;

  const settle = () => {
    pending--;
    if (pending === 0) {
      for (const w of waiters) w();
      waiters = [];
    }
  };

  const attempt = (url: string, body: string, n: number) => {
    const timer = setTimeout(async () => {
      timers.delete(timer);
      if (closed) return settle();
      try {
        const res = await globalThis.fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body,
          redirect: "manual",
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        await res.body?.cancel();
        if (res.status !== 200 && res.status !== 204) throw new Error(`réponse ${res.status}`);
        logger.info("déconnexion back-channel transmise", { url, tentative: n + 1 });
        settle();
      } catch (e) {
        if (n + 1 < delays.length && !closed) {
          logger.warn("déconnexion back-channel en échec, nouvel essai", { url, tentative: n + 1, erreur: (e as Error).message });
          attempt(url, body, n + 1);
        } else {
          logger.error("déconnexion back-channel abandonnée", { url, tentatives: n + 1, erreur: (e as Error).message });
          settle();
        }
      }
    }, delays[n]);
    timer.unref();
    timers.add(timer);
  };

  return {
    async fetch(url, options) {
      const body = options.body;
      if (options.method === "POST" && body instanceof URLSearchParams && body.has("logout_token")) {
        pending++;
        attempt(String(url), body.toString(), 0);
        return new Response(null, { status: 204 });
      }
      return globalThis.fetch(url, options as RequestInit);
    },
    idle() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      pending = 0;
      for (const w of waiters) w();
      waiters = [];
    },
  };
}
