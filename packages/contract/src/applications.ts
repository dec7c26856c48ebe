// Applications and their roles: the "Applications" menu (habiliter, désaffecter, réaffecter) and,
// for CIG administrators, the OIDC client settings and tiles.
import { z } from "zod";
import { ApplicationRef, Id, PageQuery, PersonRef, Search, StructureRef, optionalText, requiredText, text } from "./common.js";

export const Role = z.object({
  id: Id,
  code: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  memberCount: z.number().int(),
});
export type Role = z.infer<typeof Role>;

/** GET /applications: the applications the caller administers (all of them for a CIG administrator). */
export const ApplicationSummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  tileLabel: z.string(),
  tileColor: z.string().nullable(),
  roles: z.array(Role),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummary>;
export const ApplicationList = z.object({ items: z.array(ApplicationSummary) });
export type ApplicationList = z.infer<typeof ApplicationList>;

const HttpUrl = z.url({ protocol: /^https?$/, message: "URL http(s) invalide" }).max(2000);
export const TokenEndpointAuthMethod = z.enum(["none", "client_secret_basic", "client_secret_post"]);
export const GrantType = z.enum(["authorization_code", "refresh_token", "client_credentials"]);

/** GET /applications/:id (CIG administrator): the OIDC client and its tile. */
export const ApplicationDetail = ApplicationSummary.extend({
  clientId: z.string(),
  tokenEndpointAuthMethod: TokenEndpointAuthMethod,
  hasSecret: z.boolean(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  backchannelLogoutUri: z.string().nullable(),
  grantTypes: z.array(z.string()),
  scopes: z.array(z.string()),
  requiresRole: z.boolean(),
  enabled: z.boolean(),
  launchUrl: z.string().nullable(),
  tileDescription: z.string().nullable(),
  tileOrder: z.number().int(),
  version: z.number().int(),
});
export type ApplicationDetail = z.infer<typeof ApplicationDetail>;

const appFields = {
  name: requiredText(200, "Le nom"),
  description: optionalText(1000),
  redirectUris: z.array(HttpUrl).max(20),
  postLogoutRedirectUris: z.array(HttpUrl).max(20).optional(),
  backchannelLogoutUri: HttpUrl.nullable().optional(),
  grantTypes: z.array(GrantType).min(1).max(3).optional(),
  scopes: z
    .array(text(100).regex(/^[a-z0-9:_.-]+$/i, "Scope invalide"))
    .max(20)
    .optional(),
  requiresRole: z.boolean().optional(),
  enabled: z.boolean().optional(),
  launchUrl: HttpUrl.nullable().optional(),
  tileLabel: requiredText(100, "Le libellé de la tuile"),
  tileDescription: optionalText(500),
  tileColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Couleur au format #RRGGBB")
    .nullable()
    .optional(),
  tileOrder: z.number().int().min(0).max(10_000).optional(),
};

/** POST /applications (CIG administrator). A confidential client's secret is returned once. */
export const ApplicationCreate = z.strictObject({
  code: text(50)
    .regex(/^[a-z0-9-]+$/, "Code : minuscules, chiffres et tirets")
    .min(2),
  clientId: text(100)
    .regex(/^[A-Za-z0-9._-]+$/, "client_id : lettres, chiffres, . _ -")
    .min(2),
  tokenEndpointAuthMethod: TokenEndpointAuthMethod.default("client_secret_basic"),
  ...appFields,
});
export type ApplicationCreate = z.infer<typeof ApplicationCreate>;
export type ApplicationCreateInput = z.input<typeof ApplicationCreate>;

/** PATCH /applications/:id (CIG administrator). */
export const ApplicationUpdate = z.strictObject({
  version: z.number().int().min(1).optional(),
  name: appFields.name.optional(),
  description: appFields.description,
  redirectUris: appFields.redirectUris.optional(),
  postLogoutRedirectUris: appFields.postLogoutRedirectUris,
  backchannelLogoutUri: appFields.backchannelLogoutUri,
  grantTypes: appFields.grantTypes,
  scopes: appFields.scopes,
  requiresRole: appFields.requiresRole,
  enabled: appFields.enabled,
  launchUrl: appFields.launchUrl,
  tileLabel: appFields.tileLabel.optional(),
  tileDescription: appFields.tileDescription,
  tileColor: appFields.tileColor,
  tileOrder: appFields.tileOrder,
});
export type ApplicationUpdate = z.infer<typeof ApplicationUpdate>;

/** POST /applications (201) and POST /applications/:id/secret: the secret, shown this once only. */
export const ClientSecret = z.object({ clientId: z.string(), clientSecret: z.string(), message: z.string() });
export type ClientSecret = z.infer<typeof ClientSecret>;
export const ApplicationCreated = z.object({ application: ApplicationDetail, clientSecret: z.string().nullable() });
export type ApplicationCreated = z.infer<typeof ApplicationCreated>;

/** POST /applications/:id/roles, PATCH /applications/:id/roles/:roleId (CIG administrator). */
export const RoleCreate = z.strictObject({
  code: text(50)
    .regex(/^[a-z0-9-]+$/, "Code : minuscules, chiffres et tirets")
    .min(2),
  label: requiredText(200, "Le libellé"),
  description: optionalText(1000),
});
export type RoleCreate = z.infer<typeof RoleCreate>;
export const RoleUpdate = z.strictObject({ label: requiredText(200, "Le libellé").optional(), description: optionalText(1000) });
export type RoleUpdate = z.infer<typeof RoleUpdate>;

/** GET /applications/:id/roles/:roleId/members */
export const RoleMembersQuery = z.strictObject({ ...PageQuery, q: Search.optional() });
export type RoleMembersQuery = z.infer<typeof RoleMembersQuery>;
export const RoleMember = z.object({
  assignmentId: Id,
  user: PersonRef.extend({ identifiant: z.string(), structure: StructureRef }),
  /** The body for which the agent holds the role. */
  structure: StructureRef,
  grantedAt: z.string(),
  grantedBy: z.string().nullable(),
  /** The agent also belongs to (or holds roles for) structures outside the caller's scope. */
  alsoElsewhere: z.boolean(),
});
export type RoleMember = z.infer<typeof RoleMember>;
export const RoleMembersPage = z.object({
  items: z.array(RoleMember),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  application: ApplicationRef,
  role: z.object({ id: Id, code: z.string(), label: z.string() }),
});
export type RoleMembersPage = z.infer<typeof RoleMembersPage>;

/** POST /applications/:id/roles/:roleId/members — "Affecter un ou plusieurs utilisateur(s)". */
export const AssignRequest = z.strictObject({
  userIds: z.array(Id).min(1, "Sélectionnez au moins un utilisateur").max(500, "500 utilisateurs au maximum à la fois"),
  /**
   * The structure for which the role is held, in the caller's scope for this application; default: for
   * each user, the collectivité/établissement of his first structure in that scope (never a body outside it).
   */
  structureId: Id.optional(),
});
export type AssignRequest = z.infer<typeof AssignRequest>;
export const AssignResult = z.object({
  assigned: z.array(Id),
  alreadyAssigned: z.array(Id),
  refused: z.array(z.object({ id: Id, message: z.string() })),
  message: z.string(),
});
export type AssignResult = z.infer<typeof AssignResult>;

/** POST /applications/:id/roles/:roleId/members/:userId/reassign — "Réaffecter le membre à un autre rôle". */
export const ReassignRequest = z.strictObject({ toRoleId: Id });
export type ReassignRequest = z.infer<typeof ReassignRequest>;
