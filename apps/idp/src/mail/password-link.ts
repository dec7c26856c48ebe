// A one-time link and its mail, written together inside the caller's transaction: the link is never
// valid without its mail on the way, and the mail never carries a link that was rolled back.
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { issueOneTimeToken, passwordLink, type TokenPurpose } from "../lib/tokens.js";
import { enqueueMail } from "./outbox.js";
import { firstVisitMail, passwordResetMail, type MailRecipient } from "./templates.js";

type Tx = Pick<PrismaClient, "oneTimeToken" | "mailOutbox">;
type LinkConfig = Pick<Config, "MAIL_FROM" | "PORTAL_URL" | "ORGANISATION_NAME" | "PUBLIC_URL">;

export async function queuePasswordLinkMail(
  tx: Tx,
  config: LinkConfig,
  user: MailRecipient & { id: string },
  purpose: TokenPurpose,
): Promise<{ mailId: string; expiresAt: Date }> {
  const { token, expiresAt } = await issueOneTimeToken(tx, user.id, purpose);
  const link = { url: passwordLink(config.PUBLIC_URL, token), expiresAt };
  const mail = purpose === "FIRST_VISIT" ? firstVisitMail(config, user, link) : passwordResetMail(config, user, link);
  const { id } = await enqueueMail(tx, mail);
  return { mailId: id, expiresAt };
}
