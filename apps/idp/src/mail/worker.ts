// Sends the outbox. Several instances may run it on one database: a row is claimed by one UPDATE that
// skips rows locked by another claimer (FOR UPDATE SKIP LOCKED) and leases it (lockedUntil); a worker
// that dies mid-send leaves a lease that expires, and the row is sent again later — never lost.
// Failures are retried with exponential back-off up to a cap; after maxAttempts the row is FAILED
// (kept, with its last error, for an operator), never deleted.
import type { Database } from "../db/database.js";
import type { Logger } from "../lib/log.js";
import type { MailTransport, OutgoingMail } from "./transport.js";

export interface WorkerOptions {
  pollMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  /** How long a claimed row is reserved; longer than a send can take (see SMTP_TIMEOUTS). */
  leaseMs?: number;
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

export function createMailWorker(db: Pick<Database, "prisma">, transport: MailTransport, logger: Logger, options: WorkerOptions): MailWorker {
  const { pollMs, retryBaseMs, retryMaxMs, maxAttempts, leaseMs = 120_000, batchSize = 10 } = options;
  const prisma = db.prisma;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  async function claim(): Promise<Claimed[]> {
    return prisma.$queryRaw<Claimed[]>`
      UPDATE "MailOutbox" SET "lockedUntil" = now() + ${leaseMs}::int * interval '1 millisecond', "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "MailOutbox"
        WHERE "status" = 'PENDING' AND "nextAttemptAt" <= now() AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
        ORDER BY "nextAttemptAt", "createdAt"
        LIMIT ${batchSize}::int
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "from", "to", "subject", "text", "html", "createdAt", "attempts"`;
  }

  async function sendOne(mail: Claimed): Promise<void> {
    try {
      await transport.send(mail);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      const failed = mail.attempts >= maxAttempts;
      const delay = retryDelay(mail.attempts, retryBaseMs, retryMaxMs);
      await prisma.mailOutbox.update({
        where: { id: mail.id },
        data: {
          status: failed ? "FAILED" : "PENDING",
          lockedUntil: null,
          lastError: error.slice(0, 1000),
          nextAttemptAt: new Date(Date.now() + delay),
        },
      });
      // The address is personal data: log the row id, never the recipient.
      (failed ? logger.error : logger.warn)(failed ? "mail abandonné après échecs répétés" : "envoi de mail en échec, nouvel essai prévu", {
        mailId: mail.id, attempts: mail.attempts, retryInMs: failed ? undefined : delay, error,
      });
      return;
    }
    await prisma.mailOutbox.update({
      where: { id: mail.id },
      data: { status: "SENT", sentAt: new Date(), lockedUntil: null, lastError: null },
    });
    logger.info("mail envoyé", { mailId: mail.id, transport: transport.kind });
  }

  async function runOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await claim();
      for (const mail of batch) await sendOne(mail);
      handled += batch.length;
      if (batch.length < batchSize || stopped) return handled;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runOnce().catch((e) => {
        logger.error("file d'envoi des mails : erreur", { error: e instanceof Error ? e.message : String(e) });
        return 0;
      });
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
