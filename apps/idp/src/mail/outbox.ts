// The outbox: a mail is a row written in the same transaction as the change that causes it, so that
// a change is never committed without its mail, nor a mail sent for a change that was rolled back.
import type { PrismaClient } from "../generated/prisma/client.js";

export interface Mail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** A Prisma client or the `tx` of `prisma.$transaction(async (tx) => …)`. */
export type OutboxTx = Pick<PrismaClient, "mailOutbox">;

/** Writes the mail to the outbox inside the caller's transaction; the worker sends it after commit. */
export async function enqueueMail(tx: OutboxTx, mail: Mail): Promise<{ id: string }> {
  const row = await tx.mailOutbox.create({
    data: { from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null },
    select: { id: true },
  });
  return row;
}
