// Back-channel logout delivery as durable jobs. oidc-provider builds and signs the logout token, then
// posts it with the configured `fetch`; this fetch answers it at once and writes a job row instead
// (BackchannelJob: client, sub, sid), so a slow or absent relying party never holds up the person
// who logs out, and a restart loses no delivery. A worker on every instance takes due rows the way
// the mail outbox does (one UPDATE … FOR UPDATE SKIP LOCKED with a lease and an attempt counter),
// signs a fresh logout token for each attempt (they live 2 minutes, retries last longer) and posts
// it; a delivered job is deleted, a failed one retried with back-off, then kept as FAILED with its
// last error for an operator.
// Back-channel URIs are registered by administrators (often on the centre's internal network), so
// their delivery does not go through oidc-provider's special-use-address guard.
import { AsyncLocalStorage } from "node:async_hooks";
import { decodeJwt } from "jose";
import type Provider from "oidc-provider";
import type { Sql } from "../db/sql.js";
import { claimDue, deleteBackchannel, enqueueBackchannel, retryBackchannel } from "../db/queries/queues.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import type { Logger } from "../lib/log.js";

/** Wait after failed attempt n (1-based) before the next; attempts beyond the list: FAILED. */
const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];
const TIMEOUT_MS = 5_000;
/** A claimed job is reserved that long (longer than one attempt can take). */
const LEASE_MS = 30_000;
const POLL_MS = 1_000;
const BATCH = 10;

export interface BackchannelJob {
  clientId: string;
  sub: string;
  sid: string | null;
}

export interface BackchannelSender {
  fetch(url: string | URL, options: RequestInit & { dispatcher?: unknown }): Promise<Response>;
  /** Writes a delivery job and wakes this instance's worker. */
  enqueue(job: BackchannelJob & { url: string }): Promise<void>;
  /** Starts the worker; `provider` gives the current provider (it is rebuilt when keys change). */
  start(provider: () => Provider): void;
  /** One pass: delivers the due jobs; resolves with the number handled. */
  runOnce(): Promise<number>;
  close(): Promise<void>;
}

export interface BackchannelOptions {
  delays?: number[];
  pollMs?: number;
  leaseMs?: number;
}

/** Set while the worker delivers: then `fetch` really posts. */
const delivering = new AsyncLocalStorage<true>();

interface Claimed extends BackchannelJob {
  id: string;
  url: string;
  attempts: number;
}

export function createBackchannelSender(sql: Sql, logger: Logger, o: BackchannelOptions = {}): BackchannelSender {
  const delays = o.delays ?? RETRY_DELAYS_MS;
  const pollMs = o.pollMs ?? POLL_MS;
  const leaseMs = o.leaseMs ?? LEASE_MS;
  let provider: (() => Provider) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let again = false;
  let outage = false;

  async function claim(): Promise<Claimed[]> {
    return claimDue<Claimed>(sql, "BackchannelJob", leaseMs, BATCH);
  }

  async function deliver(job: Claimed): Promise<void> {
    try {
      const client = await provider!().Client.find(job.clientId);
      if (!client?.backchannelLogoutUri) {
        // The application is gone or no longer asks for it: nothing left to tell.
        await deleteBackchannel(sql, job.id);
        return;
      }
      await delivering.run(true, () =>
        (client as unknown as { backchannelLogout(sub: string, sid?: string): Promise<void> }).backchannelLogout(
          job.sub,
          job.sid ?? undefined,
        ),
      );
      await deleteBackchannel(sql, job.id);
      logger.info("déconnexion back-channel transmise", { clientId: job.clientId, url: job.url, attempt: job.attempts });
    } catch (e) {
      const error = (e as Error).message ?? String(e);
      const failed = job.attempts > delays.length;
      const delay = delays[Math.min(job.attempts, delays.length) - 1] ?? 0;
      (failed ? logger.error : logger.warn)(
        failed ? "déconnexion back-channel abandonnée" : "déconnexion back-channel en échec, nouvel essai",
        {
          clientId: job.clientId,
          url: job.url,
          attempt: job.attempts,
          error,
          retryInMs: failed ? undefined : delay,
        },
      );
      await retryBackchannel(sql, job.id, failed, error, delay).catch(() => {}); // not stored: the lease runs out and the job is tried again then
    }
  }

  async function runOnce(): Promise<number> {
    if (!provider) return 0;
    let handled = 0;
    for (;;) {
      const jobs = await claim();
      await Promise.all(jobs.map(deliver));
      handled += jobs.length;
      if (jobs.length < BATCH || stopped) return handled;
    }
  }

  function pass() {
    if (running) {
      again = true; // a job written meanwhile: one more pass right after this one
      return;
    }
    if (timer) clearTimeout(timer);
    running = runOnce()
      .then(() => {
        if (outage) logger.info("déconnexions back-channel : base de données de retour");
        outage = false;
      })
      .catch((e) => {
        if (!isDatabaseUnavailable(e)) logger.error("déconnexions back-channel : erreur", { error: (e as Error).message });
        else if (!outage) logger.warn("déconnexions back-channel : base de données injoignable, nouvel essai à chaque passage");
        outage ||= isDatabaseUnavailable(e);
      })
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          return pass();
        }
        timer = setTimeout(pass, pollMs);
        timer.unref();
      });
  }

  async function enqueue(job: BackchannelJob & { url: string }) {
    await enqueueBackchannel(sql, job);
    if (!stopped) pass();
  }

  return {
    async fetch(url, options) {
      const body = options.body;
      if (options.method === "POST" && body instanceof URLSearchParams && body.has("logout_token") && !delivering.getStore()) {
        // Our own token, just signed: its claims say whom to tell again at each attempt.
        const claims = decodeJwt(body.get("logout_token")!);
        const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
        await enqueue({
          url: String(url),
          clientId: String(aud),
          sub: String(claims.sub),
          sid: typeof claims.sid === "string" ? claims.sid : null,
        });
        return new Response(null, { status: 204 });
      }
      if (delivering.getStore()) {
        // Without the provider's dispatcher (its special-use-address guard), see above.
        const { method, headers, body } = options;
        return globalThis.fetch(url, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
      }
      return globalThis.fetch(url, options as RequestInit);
    },
    enqueue,
    start(current) {
      provider = current;
      if (!stopped) return;
      stopped = false;
      timer = setTimeout(pass, pollMs);
      timer.unref();
    },
    runOnce,
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
