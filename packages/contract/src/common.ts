// Building blocks shared by every schema of the API.
import { z } from "zod";
import { ERROR_CODES } from "./errors.js";

export const Id = z.guid({ message: "Identifiant invalide" });
export type Id = z.infer<typeof Id>;
/** A well-formed id: anything else names nothing (and must never reach PostgreSQL's uuid cast). */
export const isId = (value: unknown): value is Id => Id.safeParse(value).success;

/** Free text entered by a person: trimmed, bounded, stored as text (never interpreted). */
export const text = (max: number) => z.string().trim().max(max, `${max} caractères au maximum`);
export const requiredText = (max: number, label: string) => text(max).min(1, `${label} est obligatoire`);
/** Optional text: empty string means "cleared" (null). */
export const optionalText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v === "" ? null : v));

export const Email = z
  .string()
  .trim()
  .max(254, "254 caractères au maximum")
  .pipe(z.email({ message: "Adresse e-mail invalide" }));

/** A calendar date, "AAAA-MM-JJ". */
export const IsoDate = z.iso.date({ message: "Date invalide (format attendu : AAAA-MM-JJ)" });
export const IsoDateTime = z.iso.datetime({ offset: true });

export const SortOrder = z.enum(["asc", "desc"]);

export const MAX_PAGE_SIZE = 200;
export const PageQuery = {
  page: z.coerce.number().int().min(1, "La page commence à 1").max(100_000, "Page trop grande").default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1, "Au moins 1 élément par page")
    .max(MAX_PAGE_SIZE, `${MAX_PAGE_SIZE} éléments par page au maximum`)
    .default(25),
};

/** Query-string boolean: "true" / "false". */
export const QueryBool = z.enum(["true", "false"]).transform((v) => v === "true");

export const MIN_SEARCH = 3;
export const Search = z
  .string()
  .trim()
  .min(MIN_SEARCH, "Veuillez saisir au moins 3 caractères pour effectuer une recherche")
  .max(100, "100 caractères au maximum");

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** RFC 9457 problem document, with a stable `code` and per-field errors. */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(ERROR_CODES as [string, ...string[]]),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** A structure as shown next to a user: its name and its path from the root ("cig-pc / collectivites / Nanterre"). */
export const StructureRef = z.object({ id: Id, name: z.string(), path: z.string() });
export type StructureRef = z.infer<typeof StructureRef>;

export const ApplicationRef = z.object({ id: Id, code: z.string(), name: z.string() });
export type ApplicationRef = z.infer<typeof ApplicationRef>;
export const RoleRef = z.object({ id: Id, code: z.string(), label: z.string() });
export type RoleRef = z.infer<typeof RoleRef>;
export const PersonRef = z.object({ id: Id, lastName: z.string(), firstName: z.string(), email: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;
