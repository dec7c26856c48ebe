// TOTP (RFC 6238) with otpauth: SHA-1, 6 digits, 30 s steps — what every authenticator application
// understands. A code is accepted in its own step or one step either side (clock drift), once.
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";

export const TOTP_PERIOD = 30;
export const TOTP_WINDOW = 1;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = "", issuer = "Convergences") {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI that the QR code carries. */
export function totpUri(secret: string, email: string, issuer: string): string {
  return totp(secret, email, issuer).toString();
}

/** The time step of `now` (ms). */
export function totpStep(now = Date.now()): number {
  return Math.floor(now / 1000 / TOTP_PERIOD);
}

/** The step whose code `code` is, within ±TOTP_WINDOW of now; null when it is none of them. */
export function totpCodeStep(secret: string, code: string, now = Date.now()): number | null {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : totpStep(now) + delta;
}

/** The code of a step (tests, bench and the e2e helpers compute what an authenticator shows). */
export function totpCode(secret: string, step = totpStep()): string {
  return totp(secret).generate({ timestamp: step * TOTP_PERIOD * 1000 });
}

/** The secret in groups of four, as people type it into an application that cannot scan. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

/** The QR code as an SVG element (markup, not script: allowed by the pages' CSP). */
export async function qrSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return svg.replace(
    "<svg ",
    '<svg role="img" aria-label="QR code à scanner avec votre application d\'authentification" width="220" height="220" ',
  );
}
