// Sends the outbox. Several instances may run it on one database: a row is claimed by one UPDATE that
// skips rows locked by another claimer (FOR UPDATE SKIP LOCKED) and leases it (lockedUntil, attempts
// + 1); a worker that dies mid-send leaves a lease that expires, and the row is sent again later —
// never lost. Each claimed row stands alone: the rows of a batch are sent side by side, each with its
// own outcome, and a failure (SMTP or database) touches only its row.
// Delivery is at least once. A mail can be sent twice only if SMTP accepted it and its SENT mark
// could not be stored before the lease ended: the mark is written right after SMTP's answer and
// retried until the lease ends; past it, this process still remembers the row and will not send it
// again itself. So a duplicate needs the process to die (or the database to stay away longer than
// the lease while another instance takes the row) in that window. Every copy carries the row's
// Message-ID (transport.ts), so a receiver can tell it is the same mail.
// Failures are retried with exponential back-off up to a cap; after maxAttempts the row is FAILED
// (kept, with its last error, for an operator), never deleted.
import type { Database } from "../db/database.js";
import { claimDue } from "../db/queries/queues.js";
import { isDatabaseUnavailable } from "../db/unavailable.js";
import type { Logger } from "../lib/log.js";
import type { MailTransport, OutgoingMail } from "./transport.js";

export interface WorkerOptions {
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  /** How long a claimed row is reserved; longer than a send can take (see smtpTimeouts). */
  leaseMs?: number;
  /** Rows claimed per pass, sent side by side. */
  batchSize?: number;
}

export interface MailWorker {
  start(): void;
  /** Stops polling and waits for the sends in progress. */
  stop(): Promise<void>;
  /** One pass: claims due rows and sends them; resolves with the number handled. */
  runOnce(): Promise<number>;
}

interface Claimed extends OutgoingMail {
  attempts: number;
}

/** Delay before attempt n+1 after n failed attempts: base · 2^(n-1), at most max. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** How long a claimed row is reserved for its sender by default (MAIL_LEASE_MS). */
export const DEFAULT_LEASE_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

export function createMailWorker(
  db: Pick<Database, "prisma" | "sql">,
  transport: MailTransport,
  logger: Logger,
  options: WorkerOptions,
): MailWorker {
  const { pollMs, retryBaseMs, retryMaxMs, maxAttempts, leaseMs = DEFAULT_LEASE_MS, batchSize = 5 } = options;
  const prisma = db.prisma;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;
  /** Rows SMTP accepted whose SENT mark is not stored yet: never sent again by this process. */
  const sentUnmarked = new Map<string, Date>();
  /** The database was unreachable on the last pass (logged once per outage). */
  let outage = false;

  async function claim(): Promise<Claimed[]> {
    return claimDue<Claimed>(db.sql, "MailOutbox", leaseMs, batchSize);
  }

  const markSent = (id: string, sentAt: Date) =>
    prisma.mailOutbox.updateMany({
      where: { id, status: "PENDING" },
      data: { status: "SENT", sentAt, lockedUntil: null, lastError: null },
    });

  /** The SENT mark, retried (the database may be restarting) until the lease is about to end. */
  async function markSentRetrying(mail: Claimed, sentAt: Date, leaseEnd: number): Promise<void> {
    for (let n = 0; ; n++) {
      try {
        await markSent(mail.id, sentAt);
        sentUnmarked.delete(mail.id);
        return;
      } catch (e) {
        const wait = Math.min(2_000, 50 * 2 ** n);
        if (stopped || Date.now() + wait > leaseEnd) {
          // Kept in memory: a later pass of this process marks it without sending it again.
          logger.warn("mail envoyé, état SENT non enregistré : il sera enregistré au prochain passage", {
            mailId: mail.id,
            error: (e as Error).message,
          });
          return;
        }
        await sleep(wait);
      }
    }
  }

  async function handle(mail: Claimed, claimedAt: number): Promise<void> {
    const leaseEnd = claimedAt + leaseMs - 1_000;
    const already = sentUnmarked.get(mail.id);
    if (already) return markSentRetrying(mail, already, leaseEnd);
    try {
      await transport.send(mail);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const failed = mail.attempts >= maxAttempts;
      const delay = retryDelay(mail.attempts, retryBaseMs, retryMaxMs);
      // The address is personal data: log the row id, never the recipient.
      (failed ? logger.error : logger.warn)(failed ? "mail abandonné après échecs répétés" : "envoi de mail en échec, nouvel essai prévu", {
        mailId: mail.id,
        attempts: mail.attempts,
        retryInMs: failed ? undefined : delay,
        error,
      });
      try {
        await prisma.mailOutbox.update({
          where: { id: mail.id },
          data: {
            status: failed ? "FAILED" : "PENDING",
            lockedUntil: null,
            lastError: error.slice(0, 1000),
            nextAttemptAt: new Date(Date.now() + delay),
          },
        });
      } catch {
        // Not stored: the lease runs out and the row is tried again then (it was not sent).
      }
      return;
    }
    const sentAt = new Date();
    sentUnmarked.set(mail.id, sentAt);
    logger.info("mail envoyé", { mailId: mail.id, transport: transport.kind });
    await markSentRetrying(mail, sentAt, leaseEnd);
  }

  async function runOnce(): Promise<number> {
    let handled = 0;
    for (const [id, sentAt] of sentUnmarked) {
      await markSent(id, sentAt);
      sentUnmarked.delete(id);
    }
    for (;;) {
      const claimedAt = Date.now();
      const batch = await claim();
      await Promise.all(batch.map((mail) => handle(mail, claimedAt)));
      handled += batch.length;
      if (batch.length < batchSize || stopped) return handled;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().then(
        (n) => {
          if (outage) logger.info("file d'envoi des mails : base de données de retour");
          outage = false;
          return n;
        },
        (e) => {
          if (!isDatabaseUnavailable(e))
            logger.error("file d'envoi des mails : erreur", { error: e instanceof Error ? e.message : String(e) });
          else if (!outage)
            logger.warn("file d'envoi des mails : base de données injoignable, nouvel essai à chaque passage", {
              error: (e as Error).message,
            });
          outage = isDatabaseUnavailable(e) || outage;
          return 0;
        },
      );
      void running.finally(() => {
        running = undefined;
        schedule();
      });
    }, pollMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      transport.close();
    },
    runOnce,
  };
}
