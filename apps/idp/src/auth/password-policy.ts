// The password policy, stated once: the text shown on the page and the checks that enforce it.
// Comparisons ignore case, accents and punctuation, so "Wonder-Woman 2026" contains "WOMAN".
import fs from "node:fs";
import { fold } from "../lib/text.js";

const PASSWORD_MIN_LENGTH = 12;
const PASSWORD_MAX_LENGTH = 128;

export const PASSWORD_POLICY_RULES = [
  `comporter au moins ${PASSWORD_MIN_LENGTH} caractères ;`,
  "ne contenir ni votre adresse e-mail, ni votre nom, ni votre prénom ;",
  "ne pas figurer parmi les mots de passe les plus courants.",
] as const;
export const PASSWORD_POLICY_TITLE = "Votre mot de passe doit :";
export const PASSWORD_POLICY_ADVICE =
  "Conseil : une phrase de plusieurs mots sans lien entre eux, facile à retenir pour vous, est difficile à deviner.";

export const PASSWORD_ERRORS = {
  EMPTY: "Saisissez un mot de passe.",
  TOO_SHORT: `Le mot de passe doit comporter au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  TOO_LONG: `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`,
  CONTAINS_EMAIL: "Le mot de passe ne doit pas contenir votre adresse e-mail ni votre identifiant.",
  CONTAINS_NAME: "Le mot de passe ne doit pas contenir votre nom ni votre prénom.",
  COMMON: "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un plus difficile à deviner.",
} as const;
export type PasswordErrorCode = keyof typeof PASSWORD_ERRORS;

export interface PasswordOwner {
  email: string;
  identifiant?: string | null;
  firstName: string;
  lastName: string;
}

/** Lower case, no accents, letters and digits only. */
const compact = (s: string) => fold(s).replace(/[^a-z0-9]/g, "");
const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "€": "e" };
const unleet = (s: string) => fold(s).replace(/[013457@$€]/g, (c) => LEET[c]!);
const stripDigits = (s: string) => s.replace(/^\d+|\d+$/g, "");

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const file = new URL("./common-passwords.txt", import.meta.url);
    common = new Set(
      fs
        .readFileSync(file, "utf8")
        .split(/\r?\n/)
        .filter((l) => l && !l.startsWith("#"))
        .map(compact)
        .filter(Boolean),
    );
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const plain = compact(password);
  const candidates = [plain, stripDigits(plain), compact(unleet(password)), stripDigits(compact(unleet(password)))];
  if (candidates.some((c) => c.length > 0 && list.has(c))) return true;
  // "aaaaaaaaaaaa", "abababababab": too few different characters to be anything but guessable.
  return new Set([...password.toLowerCase()]).size < 4;
}

/** Parts of a name or address worth refusing inside a password: the whole, and its words of 3+ letters. */
function pieces(value: string | null | undefined): string[] {
  if (!value) return [];
  const words = fold(value).split(/[^a-z0-9]+/);
  return [compact(value), ...words].filter((p) => p.length >= 3);
}

/** An address counts whole and by its local part ("wonder.woman", "wonder", "woman"), not by its domain. */
function addressPieces(value: string | null | undefined): string[] {
  if (!value) return [];
  if (!value.includes("@")) return pieces(value);
  return [compact(value), ...pieces(value.slice(0, value.lastIndexOf("@")))];
}

/** The French messages of every rule the password breaks; empty when it is acceptable. */
export function checkPassword(password: string, owner: PasswordOwner): { code: PasswordErrorCode; message: string }[] {
  const errors: PasswordErrorCode[] = [];
  const length = [...password].length;
  if (length === 0) errors.push("EMPTY");
  else if (length < PASSWORD_MIN_LENGTH) errors.push("TOO_SHORT");
  else if (length > PASSWORD_MAX_LENGTH) errors.push("TOO_LONG");
  if (length > 0) {
    const plain = compact(password);
    if ([...addressPieces(owner.email), ...addressPieces(owner.identifiant)].some((p) => plain.includes(p))) {
      errors.push("CONTAINS_EMAIL");
    }
    if ([...pieces(owner.firstName), ...pieces(owner.lastName)].some((p) => plain.includes(p))) errors.push("CONTAINS_NAME");
    if (isCommonPassword(password)) errors.push("COMMON");
  }
  return errors.map((code) => ({ code, message: PASSWORD_ERRORS[code] }));
}
