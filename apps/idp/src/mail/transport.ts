// Where mails go: SMTP (nodemailer) when SMTP_URL is set; otherwise — the embedded default — one
// .eml file per mail under DATA_DIR/mail/, which any mail client opens.
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { Config } from "../config.js";
import { DEFAULT_LEASE_MS } from "./worker.js";

export interface OutgoingMail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: Date;
}

export interface MailTransport {
  readonly kind: "smtp" | "files";
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Sending must end well before the worker's lease does, or another instance could send it again. */
export function smtpTimeouts(leaseMs: number) {
  return { connectionTimeout: Math.floor(leaseMs / 6), greetingTimeout: Math.floor(leaseMs / 6), socketTimeout: Math.floor(leaseMs / 3) };
}

function message(mail: OutgoingMail, host: string) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? undefined,
    date: mail.createdAt,
    // Stable per outbox row: a mail sent twice after a crash is recognisable as the same one.
    messageId: `<${mail.id}@${host}>`,
  };
}

export function createTransport(config: Pick<Config, "SMTP_URL" | "DATA_DIR" | "MAIL_FROM"> & { MAIL_LEASE_MS?: number }): MailTransport {
  const host = config.MAIL_FROM.split("@")[1] ?? "convergences.local";
  if (config.SMTP_URL) {
    const smtp = nodemailer.createTransport({
      url: config.SMTP_URL,
      ...smtpTimeouts(config.MAIL_LEASE_MS ?? DEFAULT_LEASE_MS),
    } satisfies SMTPTransport.Options);
    return {
      kind: "smtp",
      async send(mail) {
        await smtp.sendMail(message(mail, host));
      },
      close: () => smtp.close(),
    };
  }
  const dir = path.join(config.DATA_DIR, "mail");
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    kind: "files",
    async send(mail) {
      const info = await stream.sendMail(message(mail, host));
      await fs.promises.mkdir(dir, { recursive: true });
      const file = path.join(dir, emlFileName(mail));
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, info.message as Buffer);
      await fs.promises.rename(tmp, file);
    },
    close: () => stream.close(),
  };
}

/** `2026-11-27T10-15-00Z-<id>.eml`: sorted by date, one file per outbox row (a resend overwrites it). */
export function emlFileName(mail: Pick<OutgoingMail, "id" | "createdAt">): string {
  return `${mail.createdAt
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-")}-${mail.id}.eml`;
}
