// One-time links (first visit, password reset): the raw token goes in the mail, only its SHA-256 is stored.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.js";

type Tx = Pick<PrismaClient, "oneTimeToken">;
export type TokenPurpose = "FIRST_VISIT" | "PASSWORD_RESET";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  FIRST_VISIT: 72 * 3600_000,
  PASSWORD_RESET: 3600_000,
};

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export async function issueOneTimeToken(tx: Tx, userId: string, purpose: TokenPurpose, ttlMs = TOKEN_TTL_MS[purpose]) {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + ttlMs);
  await tx.oneTimeToken.create({ data: { tokenHash: hashToken(token), userId, purpose, expiresAt } });
  return { token, expiresAt };
}

/** The page where the holder of a one-time link sets his password. */
export function passwordLink(publicUrl: string, token: string): string {
  return `${publicUrl}/mot-de-passe/definir?jeton=${encodeURIComponent(token)}`;
}
