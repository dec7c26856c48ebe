/** Lower case without diacritics: what search compares. "L'Haÿ-les-Roses" → "l'hay-les-roses". */
export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}

export function userSearchText(u: { lastName: string; firstName: string; identifiant: string; email: string }): string {
  return fold([u.lastName, u.firstName, u.identifiant, u.email].join(" "));
}

/** A stable UUID derived from a name (for seeded rows, so that the seed is idempotent). */
import crypto from "node:crypto";
export function nameUuid(name: string): string {
  const h = crypto.createHash("sha256").update("convergences:" + name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
