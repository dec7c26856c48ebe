// Users: the list of the "Utilisateurs" menu, the agent's card, the creation wizard and the
// "Éditer l'utilisateur" form of the guide.
import { z } from "zod";
import {
  ApplicationRef,
  Email,
  Id,
  IsoDate,
  PageQuery,
  QueryBool,
  RoleRef,
  Search,
  SortOrder,
  StructureRef,
  optionalText,
  page,
  requiredText,
  text,
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
  /**
   * The account also belongs to structures (or holds roles for structures) outside the caller's
   * scope; nothing more is said about them (« également rattaché à d'autres structures »).
   */
  alsoElsewhere: z.boolean(),
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

/**
 * What the caller may do on this account, decided by the API's policy (the console shows it, never guesses):
 * - editIdentity: « Éditer l'utilisateur » (names, fields, validity, change of the structure d'appartenance);
 * - lock / resetPassword / photo: verrouiller-déverrouiller, réinitialiser le mot de passe, la photo;
 * - manageRoles: habiliter / désaffecter / réaffecter for the structures in the caller's scope;
 * - attach: rattacher à une autre structure de son périmètre;
 * - remove: "detach" = « retirer de <structure> » (the account lives on elsewhere), "erase" = « supprimer
 *   le compte », null = not allowed;
 * - moveMembership: déplacer une affectation (from one of the caller's structures to another).
 */
export const UserPermissions = z.object({
  editIdentity: z.boolean(),
  lock: z.boolean(),
  resetPassword: z.boolean(),
  photo: z.boolean(),
  manageRoles: z.boolean(),
  attach: z.boolean(),
  remove: z.enum(["detach", "erase"]).nullable(),
  moveMembership: z.boolean(),
});
export type UserPermissions = z.infer<typeof UserPermissions>;

/**
 * The agent's card (fiche de l'agent), as the caller sees it: `structure`, `otherStructures` and `roles`
 * are the memberships and role assignments in the caller's scope only (`structure` is the structure
 * d'appartenance when it is in that scope, else the first of his structures that is), `alsoElsewhere`
 * says that there are others. `version` goes back in If-Match / `version` when editing.
 */
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
  /** `structure` is the account's structure d'appartenance (home), not only one of his structures. */
  isHome: z.boolean(),
  permissions: UserPermissions,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UserCard = z.infer<typeof UserCard>;

const PHONE = /^[0-9+ ().-]{2,30}$/;
const phone = optionalText(30).refine(
  (v) => v == null || PHONE.test(v),
  "Numéro de téléphone invalide (chiffres, espaces, + . ( ) - uniquement)",
);

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
/** Validity: calendar days, the end day inclusive; the same day for both is one day of validity. */
export const VALIDITY_ORDER_MESSAGE = "La date de fin de validité ne peut pas précéder la date de début";
const datesMessage = { message: VALIDITY_ORDER_MESSAGE, path: ["validUntil"] };

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
/**
 * - available: no account with this address;
 * - exists: an account exists outside the caller's scope (attach it with POST /users/attach);
 * - exists-in-my-scope: it is already in one of the caller's structures (nothing to create or attach).
 * Only the structure's name and path are told (the guide's « … existe déjà dans la structure … : path »):
 * never the account's id or names.
 */
export const EmailCheckResult = z.discriminatedUnion("status", [
  z.object({ status: z.literal("available"), message: z.string() }),
  z.object({
    status: z.enum(["exists", "exists-in-my-scope"]),
    message: z.string(),
    structure: z.object({ name: z.string(), path: z.string() }),
  }),
]);
export type EmailCheckResult = z.infer<typeof EmailCheckResult>;

/** POST /users/:id/structures — attach a user the caller already sees to one more structure of his scope. */
export const MembershipCreate = z.strictObject({ structureId: Id });
export type MembershipCreate = z.infer<typeof MembershipCreate>;

/** POST /users/attach — « Cas des utilisateurs multi-structure »: the account found by the email check, attached to a structure of the caller's scope. */
export const AttachRequest = z.strictObject({ email: Email, structureId: Id });
export type AttachRequest = z.infer<typeof AttachRequest>;

/** POST /users/:id/structures/:structureId/move — « déplacer une affectation » to another structure (rights on both). */
export const MembershipMove = z.strictObject({ toStructureId: Id });
export type MembershipMove = z.infer<typeof MembershipMove>;

/** POST /users/:id/lock */
export const LockRequest = z.strictObject({ reason: optionalText(500) });
export type LockRequest = z.infer<typeof LockRequest>;

/** POST /users/bulk-delete — "Supprimer les utilisateurs sélectionnés". */
export const BulkDeleteRequest = z.strictObject({
  userIds: z.array(Id).min(1, "Sélectionnez au moins un utilisateur").max(500, "500 utilisateurs au maximum à la fois"),
});
export type BulkDeleteRequest = z.infer<typeof BulkDeleteRequest>;
export const BulkDeleteResult = z.object({
  /** Removed from the caller's scope (detached, or erased when nothing was left). */
  deleted: z.array(Id),
  /** Those of `deleted` whose account was erased (the others live on in other structures). */
  erased: z.array(Id),
  /** Users that could not be deleted, with the reason (not found or not in the caller's scope are reported the same way). */
  refused: z.array(z.object({ id: Id, message: z.string() })),
});
export type BulkDeleteResult = z.infer<typeof BulkDeleteResult>;

export const ActionResult = z.object({ message: z.string() });
export type ActionResult = z.infer<typeof ActionResult>;

/** Photo upload: the raw image as the body, Content-Type image/jpeg, image/png or image/webp. */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
