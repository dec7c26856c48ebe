/** Lower case without diacritics: what search compares. "L'Haÿ-les-Roses" → "l'hay-les-roses". */
export function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}

export function userSearchText(u: { lastName: string; firstName: string; identifiant: string; email: string }): string {
  return fold([u.lastName, u.firstName, u.identifiant, u.email].join(" "));
}

/** A stable UUID derived from a name (for seeded rows, so that the seed is idempotent). */
import crypto from "node:crypto";
export function nameUuid(name: string): string {
  const h = crypto
    .createHash("sha256")
    .update("convergences:" + name)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * A NUL character or a lone UTF-16 surrogate: never typed by a person, refused by PostgreSQL in text
 * and jsonb (an error, not a 4xx, if it reached the database) — so refused at the door, everywhere.
 */
const FORBIDDEN_CHARACTERS = /[\0\p{Cs}]/u;
export const hasForbiddenCharacters = (s: string): boolean => FORBIDDEN_CHARACTERS.test(s);
export const FORBIDDEN_CHARACTERS_MESSAGE = "Ce champ contient un caractère non autorisé (caractère nul ou invalide).";
