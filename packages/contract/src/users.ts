// Users: the list of the "Utilisateurs" menu, the agent's card, the creation wizard and the
// "Éditer l'utilisateur" form of the guide.
import { z } from "zod";
import {
  ApplicationRef, Email, Id, IsoDate, PageQuery, PersonRef, QueryBool, RoleRef, Search, SortOrder, StructureRef,
  optionalText, page, requiredText, text,
} from "./common.js";

export const UserSort = z.enum(["lastName", "firstName", "email", "identifiant", "structure", "createdAt", "lastLoginAt"]);
export type UserSort = z.infer<typeof UserSort>;

/** GET /users */
export const UsersQuery = z.strictObject({
  ...PageQuery,
  /** ≥ 3 characters; matches nom, prénom, identifiant, email and the structure's name. */
  q: Search.optional(),
  structureId: Id.optional(),
  /** With structureId: include the structure's sub-tree (default) or only the node itself. */
  subtree: QueryBool.optional(),
  applicationId: Id.optional(),
  roleId: Id.optional(),
  locked: QueryBool.optional(),
  sort: UserSort.default("lastName"),
  order: SortOrder.default("asc"),
});
export type UsersQuery = z.infer<typeof UsersQuery>;
export type UsersQueryInput = z.input<typeof UsersQuery>;

export const UserSummary = z.object({
  id: Id,
  email: z.string(),
  identifiant: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  structure: StructureRef,
  service: z.string().nullable(),
  fonction: z.string().nullable(),
  locked: z.boolean(),
  hasPhoto: z.boolean(),
  validFrom: IsoDate.nullable(),
  validUntil: IsoDate.nullable(),
  lastLoginAt: z.string().nullable(),
});
export type UserSummary = z.infer<typeof UserSummary>;
export const UsersPage = page(UserSummary).extend({
  /**
   * Present (true) when the directory stopped counting: `total` is then a lower bound (the page reads
   * "1 - 20 sur plus de 10 000"). Absent when `total` is exact.
   */
  totalIsLowerBound: z.boolean().optional(),
});
export type UsersPage = z.infer<typeof UsersPage>;

export const UserRoleAssignment = z.object({
  id: Id,
  application: ApplicationRef,
  role: RoleRef,
  structure: StructureRef,
  grantedAt: z.string(),
});
export type UserRoleAssignment = z.infer<typeof UserRoleAssignment>;

/** The agent's card (fiche de l'agent). `version` goes back in If-Match / `version` when editing. */
export const UserCard = UserSummary.extend({
  phone: z.string().nullable(),
  postalAddress: z.string().nullable(),
  teleworking: z.boolean(),
  appIdentifier: z.string().nullable(),
  lockedReason: z.string().nullable(),
  photoUrl: z.string().nullable(),
  /** Further structures of a multi-structure user (the main one is `structure`). */
  otherStructures: z.array(StructureRef),
  roles: z.array(UserRoleAssignment),
  hasPassword: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserCard = z.infer<typeof UserCard>;

const PHONE = /^[0-9+ ().-]{2,30}$/;
const phone = optionalText(30).refine((v) => v == null || PHONE.test(v), "Numéro de téléphone invalide (chiffres, espaces, + . ( ) - uniquement)");

/** The editable fields of "Éditer l'utilisateur" (the email is shown, never changed). */
const editable = {
  identifiant: text(254).min(1, "L'identifiant ne peut pas être vide").optional(),
  lastName: requiredText(100, "Le nom"),
  firstName: requiredText(100, "Le prénom"),
  structureId: Id,
  service: optionalText(200),
  fonction: optionalText(200),
  phone,
  postalAddress: optionalText(500),
  teleworking: z.boolean().optional(),
  appIdentifier: optionalText(100),
  validFrom: IsoDate.nullable().optional(),
  validUntil: IsoDate.nullable().optional(),
  locked: z.boolean().optional(),
  lockedReason: optionalText(500),
};

const datesInOrder = (v: { validFrom?: string | null; validUntil?: string | null }) =>
  !v.validFrom || !v.validUntil || v.validFrom <= v.validUntil;
const datesMessage = { message: "La date de fin de validité doit suivre la date de début", path: ["validUntil"] };

/** Roles chosen in step 3 of the creation wizard ("Affecter des rôles", optional). */
export const RoleChoice = z.strictObject({ roleId: Id, structureId: Id.optional() });
export type RoleChoice = z.infer<typeof RoleChoice>;

/** POST /users */
export const UserCreate = z
  .strictObject({ email: Email, ...editable, roles: z.array(RoleChoice).max(50).optional() })
  .refine(datesInOrder, datesMessage);
export type UserCreate = z.infer<typeof UserCreate>;
export type UserCreateInput = z.input<typeof UserCreate>;

/** PATCH /users/:id — only the fields sent change. `email` is accepted only unchanged (immutable). */
export const UserUpdate = z
  .strictObject({
    version: z.number().int().min(1).optional(),
    email: Email.optional(),
    ...editable,
    lastName: editable.lastName.optional(),
    firstName: editable.firstName.optional(),
    structureId: Id.optional(),
  })
  .refine(datesInOrder, datesMessage);
export type UserUpdate = z.infer<typeof UserUpdate>;
export type UserUpdateInput = z.input<typeof UserUpdate>;

/** POST /users/email-check — step 1 of the wizard, "Vérifier l'adresse mail". */
export const EmailCheckRequest = z.strictObject({ email: Email });
export type EmailCheckRequest = z.infer<typeof EmailCheckRequest>;
export const EmailCheckResult = z.discriminatedUnion("status", [
  z.object({ status: z.literal("available"), message: z.string() }),
  z.object({
    status: z.literal("exists"),
    message: z.string(),
    user: PersonRef,
    structure: StructureRef,
    /** true when the account is already in the caller's sub-tree (nothing to attach). */
    inMyScope: z.boolean(),
  }),
]);
export type EmailCheckResult = z.infer<typeof EmailCheckResult>;

/** POST /users/:id/structures — attach an existing user to one more structure (multi-structure user). */
export const MembershipCreate = z.strictObject({ structureId: Id });
export type MembershipCreate = z.infer<typeof MembershipCreate>;

/** POST /users/:id/lock */
export const LockRequest = z.strictObject({ reason: optionalText(500) });
export type LockRequest = z.infer<typeof LockRequest>;

/** POST /users/bulk-delete — "Supprimer les utilisateurs sélectionnés". */
export const BulkDeleteRequest = z.strictObject({ userIds: z.array(Id).min(1, "Sélectionnez au moins un utilisateur").max(500, "500 utilisateurs au maximum à la fois") });
export type BulkDeleteRequest = z.infer<typeof BulkDeleteRequest>;
export const BulkDeleteResult = z.object({
  deleted: z.array(Id),
  /** Users that could not be deleted, with the reason (not found or not in the caller's scope are reported the same way). */
  refused: z.array(z.object({ id: Id, message: z.string() })),
});
export type BulkDeleteResult = z.infer<typeof BulkDeleteResult>;

export const ActionResult = z.object({ message: z.string() });
export type ActionResult = z.infer<typeof ActionResult>;

/** Photo upload: the raw image as the body, Content-Type image/jpeg, image/png or image/webp. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
