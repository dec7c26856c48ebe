// How zod runs wherever the contract is used; index.ts imports this module first, so that it runs
// before any schema is built.
import { z } from "zod";

// In a browser, the server's Content-Security-Policy has no 'unsafe-eval': zod must not even probe
// for `new Function` (its JIT, probed when a schema is built), since the caught probe is reported as
// a violation.
if (typeof (globalThis as { document?: unknown }).document !== "undefined") z.config({ jitless: true });

const show = (v: unknown) => (typeof v === "string" ? `« ${v} »` : String(v));
const count = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) > 1 ? many : one}`;

const TYPES: Record<string, string> = {
  string: "Un texte est attendu",
  number: "Un nombre est attendu",
  int: "Un nombre entier est attendu",
  bigint: "Un nombre entier est attendu",
  boolean: "Vrai ou faux (true ou false) est attendu",
  array: "Une liste est attendue",
  object: "Un objet est attendu",
  date: "Une date est attendue",
};

const FORMATS: Record<string, string> = {
  email: "Adresse e-mail invalide",
  url: "Adresse web invalide",
  uuid: "Identifiant invalide",
  guid: "Identifiant invalide",
  date: "Date invalide (format attendu : AAAA-MM-JJ)",
  datetime: "Date et heure invalides (format ISO 8601 attendu)",
  time: "Heure invalide (format attendu : HH:MM)",
};

/**
 * Every message zod would write in English, in French — for the issues a schema gives no message of
 * its own (a schema's message always wins). The API sends them as field errors, the console shows them.
 */
export const frenchErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return "Ce champ est obligatoire";
      return TYPES[iss.expected] ?? "Valeur d'un type inattendu";
    case "too_big": {
      const max = iss.maximum;
      if (iss.origin === "string") return `${count(max, "caractère", "caractères")} au maximum`;
      if (iss.origin === "array" || iss.origin === "set") return `${count(max, "élément", "éléments")} au maximum`;
      if (iss.origin === "file") return `Fichier trop volumineux (${max} octets au maximum)`;
      // The bound of a safe integer (.int()) is no number a person reads.
      if (Number(max) >= Number.MAX_SAFE_INTEGER) return "Nombre trop grand";
      return iss.inclusive === false ? `La valeur doit être inférieure à ${max}` : `La valeur doit être au plus ${max}`;
    }
    case "too_small": {
      const min = iss.minimum;
      if (iss.origin === "string")
        return Number(min) === 1 ? "Ce champ est obligatoire" : `${count(min, "caractère", "caractères")} au minimum`;
      if (iss.origin === "array" || iss.origin === "set") return `${count(min, "élément", "éléments")} au minimum`;
      if (Number(min) <= Number.MIN_SAFE_INTEGER) return "Nombre trop petit";
      return iss.inclusive === false ? `La valeur doit être supérieure à ${min}` : `La valeur doit être au moins ${min}`;
    }
    case "invalid_value":
      return iss.values.length === 1
        ? `La valeur doit être ${show(iss.values[0])}`
        : `Valeur non autorisée : choisissez parmi ${iss.values.map(show).join(", ")}`;
    case "invalid_format":
      return FORMATS[iss.format] ?? "Format invalide";
    case "not_multiple_of":
      return `La valeur doit être un multiple de ${iss.divisor}`;
    case "unrecognized_keys":
      return `Champ(s) inconnu(s) : ${iss.keys.join(", ")}`;
    case "invalid_key":
      return "Clé invalide";
    case "invalid_element":
      return "Élément invalide";
    default:
      return "Valeur invalide";
  }
};

z.config({ customError: frenchErrorMap });
