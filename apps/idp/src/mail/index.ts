// The mail area as the server sees it: the outbox worker (started and stopped with the server) and,
// outside production, the developer's list of mails.
import type Koa from "koa";
import type { AppContext } from "../server.js";
import { devMailRoutes } from "./dev-page.js";
import { createTransport } from "./transport.js";
import { createMailWorker, type MailWorker } from "./worker.js";

export function startMailWorker({ config, db, logger }: AppContext): MailWorker {
  const transport = createTransport(config);
  const worker = createMailWorker(db, transport, logger, {
    pollMs: config.MAIL_POLL_MS,
    retryBaseMs: config.MAIL_RETRY_BASE_MS,
    retryMaxMs: config.MAIL_RETRY_MAX_MS,
    maxAttempts: config.MAIL_MAX_ATTEMPTS,
    leaseMs: config.MAIL_LEASE_MS,
  });
  worker.start();
  if (transport.kind === "files") logger.info("mails écrits en fichiers .eml (SMTP_URL absent)", { directory: `${config.DATA_DIR}/mail` });
  return worker;
}

/** The dev page only on the embedded default outside production: it shows live one-time links. */
export function devMailMiddleware({ config, db }: AppContext): Koa.Middleware | null {
  if (config.NODE_ENV === "production" || config.SMTP_URL) return null;
  return devMailRoutes(db).routes() as unknown as Koa.Middleware;
}
