// The admin API, one entry per endpoint (method, path, what it reads and answers, its error codes,
// who may call it). Named after the guide's procedures where it has one: « Je réaffecte une
// habilitation » is `reaffecterUneHabilitation`. Adding an endpoint: one entry here, its use case,
// and its binding in apps/idp/src/api/routes/ (a test refuses a route that is not in this table).
import { z } from "zod";
import {
  ApplicationCreate,
  ApplicationCreated,
  ApplicationDetail,
  ApplicationList,
  ApplicationSummary,
  ApplicationUpdate,
  AssignRequest,
  AssignResult,
  ClientSecret,
  ReassignRequest,
  Role,
  RoleCreate,
  RoleMembersPage,
  RoleMembersQuery,
  RoleUpdate,
} from "./applications.js";
import { AuditPage, AuditQuery } from "./audit.js";
import { Id } from "./common.js";
import { endpoint } from "./endpoint.js";
import { Mandate, MandateApplicationsUpdate, MandateCreate, MandateList } from "./mandates.js";
import { Me } from "./me.js";
import { StructureCreate, StructureMembersQuery, StructureNode, StructureTree, StructureUpdate } from "./structures.js";
import {
  ActionResult,
  AttachRequest,
  BulkDeleteRequest,
  BulkDeleteResult,
  EmailCheckRequest,
  EmailCheckResult,
  LockRequest,
  MembershipCreate,
  MembershipMove,
  UserCard,
  UserCreate,
  UserUpdate,
  UsersPage,
  UsersQuery,
} from "./users.js";

/** PUT /users/:id/photo */
export const PhotoResult = z.object({ message: z.string(), photoUrl: z.string(), type: z.string() });
export type PhotoResult = z.infer<typeof PhotoResult>;
/** GET /applications/:id/roles */
export const RoleList = z.object({ items: z.array(Role) });
export type RoleList = z.infer<typeof RoleList>;
/** DELETE …/members/:userId: the role held for that structure only (default: the one the actor may remove). */
export const UnassignQuery = z.strictObject({ structureId: Id.optional() });
export type UnassignQuery = z.infer<typeof UnassignQuery>;
/** « Retirer l'utilisateur d'une de mes structures »: the card as the actor still sees him, or only a message. */
export const DetachResult = z.union([UserCard, ActionResult]);
export type DetachResult = z.infer<typeof DetachResult>;
/** A référent sees an application's summary, a CIG administrator its settings too. */
export const ApplicationView = z.union([ApplicationDetail, ApplicationSummary]);
export type ApplicationView = z.infer<typeof ApplicationView>;
export const OpenApiDocument = z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) });

const user = { id: "USER_NOT_FOUND" } as const;
const role = { id: "APPLICATION_NOT_FOUND", roleId: "ROLE_NOT_FOUND" } as const;
const VERSIONED = ["PRECONDITION_FAILED", "PRECONDITION_REQUIRED", "VERSION_CONFLICT"] as const;

export const ENDPOINTS = {
  // ——— Documentation (public)
  documentOpenApi: endpoint("GET", "/openapi.json", {
    summary: "Ce document OpenAPI 3.1",
    access: "public",
    response: OpenApiDocument,
  }),
  documentationDeLApi: endpoint("GET", "/docs", {
    summary: "La documentation lisible de l'API (page HTML)",
    access: "public",
    response: "html",
  }),

  // ——— Mon profil
  monProfil: endpoint("GET", "/me", {
    summary: "Mon profil, mes rôles et mes mandats",
    guide: "Je visualise mon profil",
    access: "signed-in",
    response: Me,
  }),

  // ——— Utilisateurs
  listerLesUtilisateurs: endpoint("GET", "/users", {
    summary: "Liste des utilisateurs (pagination, tri, filtres, recherche ≥ 3 caractères)",
    guide: "J'accède à la liste de tous les agents utilisateurs qui figurent dans l'annuaire",
    access: "referent",
    query: UsersQuery,
    response: UsersPage,
    errors: ["SEARCH_TOO_SHORT"],
  }),
  verifierLAdresseMail: endpoint("POST", "/users/email-check", {
    summary: "Vérifier l'adresse mail",
    access: "referent",
    body: EmailCheckRequest,
    response: EmailCheckResult,
  }),
  referencerUnUtilisateur: endpoint("POST", "/users", {
    summary: "Créer un utilisateur (et envoyer le mail de création)",
    guide: "Je référence un utilisateur appartenant à la structure dont je suis référent désigné",
    access: "referent",
    body: UserCreate,
    response: UserCard,
    status: 201,
    errors: ["EMAIL_TAKEN"],
  }),
  rattacherUnCompteExistant: endpoint("POST", "/users/attach", {
    summary: "Rattacher un compte existant, par son adresse mail, à une structure de mon périmètre (multi-structure)",
    access: "referent",
    body: AttachRequest,
    response: UserCard,
    status: 201,
    errors: ["USER_NOT_FOUND", "ALREADY_MEMBER"],
  }),
  supprimerDesUtilisateurs: endpoint("POST", "/users/bulk-delete", {
    summary: "Supprimer les utilisateurs sélectionnés (chacun retiré de mon périmètre)",
    access: "referent",
    body: BulkDeleteRequest,
    response: BulkDeleteResult,
  }),
  consulterLaFiche: endpoint("GET", "/users/:id", {
    summary: "Fiche de l'agent (ETag) : ce qui est dans mon périmètre, et ce que je peux y faire (permissions)",
    guide: "J'accède aux fiches des agents utilisateurs de ma collectivité ou de mon établissement",
    access: "referent-or-self",
    params: user,
    response: UserCard,
  }),
  modifierLesInformations: endpoint("PATCH", "/users/:id", {
    summary: "Éditer l'utilisateur (If-Match ou version) : référent de la structure d'appartenance ou administrateur CIG",
    guide: "Je modifie les informations d'un utilisateur de ma collectivité/mon établissement",
    access: "home",
    params: user,
    body: UserUpdate,
    response: UserCard,
    errors: ["EMAIL_IMMUTABLE", ...VERSIONED],
  }),
  supprimerLUtilisateur: endpoint("DELETE", "/users/:id", {
    summary:
      "Supprimer l'utilisateur : le retirer de mon périmètre (le compte est effacé quand il ne lui reste rien, ou par un administrateur CIG)",
    guide: "Je supprime le compte d'un agent utilisateur",
    access: "referent",
    params: user,
    response: ActionResult,
    errors: ["SELF_DELETE"],
  }),
  verrouillerLeCompte: endpoint("POST", "/users/:id/lock", {
    summary: "Verrouiller le compte",
    access: "home",
    params: user,
    body: LockRequest,
    response: ActionResult,
  }),
  deverrouillerLeCompte: endpoint("POST", "/users/:id/unlock", {
    summary: "Déverrouiller le compte",
    access: "home",
    params: user,
    response: ActionResult,
  }),
  reinitialiserLeMotDePasse: endpoint("POST", "/users/:id/password-reset", {
    summary: "Réinitialisation mot de passe (mail)",
    access: "home",
    params: user,
    response: ActionResult,
  }),
  reinitialiserLesMoyensDeConnexion: endpoint("POST", "/users/:id/mfa-reset", {
    summary: "Réinitialiser les moyens de connexion (second facteur ; mail à l'agent)",
    access: "home",
    params: user,
    response: ActionResult,
  }),
  voirLaPhoto: endpoint("GET", "/users/:id/photo", {
    summary: "Photo (JPEG, PNG ou WebP)",
    access: "referent-or-self",
    params: user,
    response: "image",
    errors: ["PHOTO_NOT_FOUND"],
  }),
  changerLaPhoto: endpoint("PUT", "/users/:id/photo", {
    summary: "Ajouter / modifier la photo (corps : l'image, ≤ 2 Mo)",
    guide: "Je change ma photo de profil",
    access: "referent-or-self",
    params: user,
    body: "image",
    response: PhotoResult,
    errors: ["PHOTO_TOO_LARGE", "PHOTO_TYPE"],
  }),
  supprimerLaPhoto: endpoint("DELETE", "/users/:id/photo", {
    summary: "Supprimer la photo",
    access: "referent-or-self",
    params: user,
    response: ActionResult,
  }),
  rattacherAUneStructure: endpoint("POST", "/users/:id/structures", {
    summary: "Rattacher un utilisateur que je vois déjà à une autre de mes structures",
    access: "referent",
    params: user,
    body: MembershipCreate,
    response: UserCard,
    status: 201,
    errors: ["ALREADY_MEMBER"],
  }),
  deplacerUneAffectation: endpoint("POST", "/users/:id/structures/:structureId/move", {
    summary: "Déplacer une affectation (droits sur les deux structures)",
    access: "referent",
    params: { id: "USER_NOT_FOUND", structureId: "STRUCTURE_NOT_FOUND" },
    body: MembershipMove,
    response: UserCard,
    errors: ["ALREADY_MEMBER", "MAIN_STRUCTURE"],
  }),
  retirerDeLaStructure: endpoint("DELETE", "/users/:id/structures/:structureId", {
    summary: "Retirer un utilisateur d'une structure (la fiche, ou un message s'il ne reste rien de lui dans mon périmètre)",
    access: "referent",
    params: { id: "USER_NOT_FOUND", structureId: "STRUCTURE_NOT_FOUND" },
    response: DetachResult,
    errors: ["MAIN_STRUCTURE"],
  }),

  // ——— Structures
  arborescence: endpoint("GET", "/structures", {
    summary: "Arborescence des structures",
    access: "referent",
    response: StructureTree,
  }),
  creerUneStructure: endpoint("POST", "/structures", {
    summary: "Créer une structure",
    access: "referent",
    body: StructureCreate,
    response: StructureNode,
    status: 201,
    errors: ["STRUCTURE_CODE_TAKEN", "STRUCTURE_NAME_TAKEN"],
  }),
  consulterUneStructure: endpoint("GET", "/structures/:id", {
    summary: "Une structure",
    access: "referent",
    params: { id: "STRUCTURE_NOT_FOUND" },
    response: StructureNode,
  }),
  modifierUneStructure: endpoint("PATCH", "/structures/:id", {
    summary: "Renommer / déplacer une structure",
    access: "referent",
    params: { id: "STRUCTURE_NOT_FOUND" },
    body: StructureUpdate,
    response: StructureNode,
    errors: ["STRUCTURE_ROOT", "STRUCTURE_MOVE_CYCLE", "STRUCTURE_NAME_TAKEN", ...VERSIONED],
  }),
  supprimerUneStructure: endpoint("DELETE", "/structures/:id", {
    summary: "Supprimer une structure vide",
    access: "referent",
    params: { id: "STRUCTURE_NOT_FOUND" },
    response: ActionResult,
    errors: ["STRUCTURE_ROOT", "STRUCTURE_HAS_CHILDREN", "STRUCTURE_HAS_MEMBERS", "STRUCTURE_HAS_REFERENCES"],
  }),
  membresDUneStructure: endpoint("GET", "/structures/:id/members", {
    summary: "Membres d'une structure (avec ou sans sous-structures)",
    access: "referent",
    params: { id: "STRUCTURE_NOT_FOUND" },
    query: StructureMembersQuery,
    response: UsersPage,
    errors: ["SEARCH_TOO_SHORT"],
  }),

  // ——— Applications et rôles
  listerLesApplications: endpoint("GET", "/applications", {
    summary: "Applications administrées et leurs rôles",
    access: "referent",
    response: ApplicationList,
  }),
  creerUneApplication: endpoint("POST", "/applications", {
    summary: "Créer une application (client OIDC, tuile)",
    access: "cig",
    body: ApplicationCreate,
    response: ApplicationCreated,
    status: 201,
    errors: ["APPLICATION_CODE_TAKEN"],
  }),
  consulterUneApplication: endpoint("GET", "/applications/:id", {
    summary: "Une application (ses réglages pour un administrateur CIG)",
    access: "referent",
    params: { id: "APPLICATION_NOT_FOUND" },
    response: ApplicationView,
  }),
  modifierUneApplication: endpoint("PATCH", "/applications/:id", {
    summary: "Modifier une application",
    access: "cig",
    params: { id: "APPLICATION_NOT_FOUND" },
    body: ApplicationUpdate,
    response: ApplicationDetail,
    errors: [...VERSIONED],
  }),
  supprimerUneApplication: endpoint("DELETE", "/applications/:id", {
    summary: "Supprimer une application",
    access: "cig",
    params: { id: "APPLICATION_NOT_FOUND" },
    response: ActionResult,
  }),
  renouvelerLeSecret: endpoint("POST", "/applications/:id/secret", {
    summary: "Renouveler le secret client (affiché une seule fois)",
    access: "cig",
    params: { id: "APPLICATION_NOT_FOUND" },
    response: ClientSecret,
    errors: ["APPLICATION_PUBLIC"],
  }),
  listerLesRoles: endpoint("GET", "/applications/:id/roles", {
    summary: "Rôles d'une application",
    access: "referent",
    params: { id: "APPLICATION_NOT_FOUND" },
    response: RoleList,
  }),
  creerUnRole: endpoint("POST", "/applications/:id/roles", {
    summary: "Créer un rôle",
    access: "cig",
    params: { id: "APPLICATION_NOT_FOUND" },
    body: RoleCreate,
    response: Role,
    status: 201,
    errors: ["ROLE_CODE_TAKEN"],
  }),
  modifierUnRole: endpoint("PATCH", "/applications/:id/roles/:roleId", {
    summary: "Modifier un rôle",
    access: "cig",
    params: role,
    body: RoleUpdate,
    response: Role,
  }),
  supprimerUnRole: endpoint("DELETE", "/applications/:id/roles/:roleId", {
    summary: "Supprimer un rôle",
    access: "cig",
    params: role,
    response: ActionResult,
  }),

  // ——— Habilitations
  membresDUnRole: endpoint("GET", "/applications/:id/roles/:roleId/members", {
    summary: "Membres d'un rôle",
    access: "referent",
    params: role,
    query: RoleMembersQuery,
    response: RoleMembersPage,
    errors: ["SEARCH_TOO_SHORT"],
  }),
  habiliterUnUtilisateur: endpoint("POST", "/applications/:id/roles/:roleId/members", {
    summary: "Affecter un ou plusieurs utilisateurs",
    guide: "J'habilite un utilisateur sur une application du CIG",
    access: "referent",
    params: role,
    body: AssignRequest,
    response: AssignResult,
    errors: ["STRUCTURE_NOT_FOUND"],
  }),
  supprimerUneHabilitation: endpoint("DELETE", "/applications/:id/roles/:roleId/members/:userId", {
    summary: "Désaffecter le membre",
    guide: "Je supprime une habilitation",
    access: "referent",
    params: { ...role, userId: "USER_NOT_FOUND" },
    query: UnassignQuery,
    response: ActionResult,
    errors: ["ASSIGNMENT_NOT_FOUND", "STRUCTURE_NOT_FOUND"],
  }),
  reaffecterUneHabilitation: endpoint("POST", "/applications/:id/roles/:roleId/members/:userId/reassign", {
    summary: "Réaffecter le membre à un autre rôle",
    guide: "Je réaffecte une habilitation",
    access: "referent",
    params: { ...role, userId: "USER_NOT_FOUND" },
    body: ReassignRequest,
    response: ActionResult,
    errors: ["ASSIGNMENT_NOT_FOUND", "ROLE_OTHER_APPLICATION"],
  }),

  // ——— Référents et administrateurs
  listerLesMandats: endpoint("GET", "/mandates", {
    summary: "Référents et administrateurs CIG",
    access: "cig",
    response: MandateList,
  }),
  designerUnReferent: endpoint("POST", "/mandates", {
    summary: "Désigner un référent ou un administrateur CIG",
    access: "cig",
    body: MandateCreate,
    response: Mandate,
    status: 201,
    errors: ["USER_NOT_FOUND", "STRUCTURE_NOT_FOUND", "APPLICATION_NOT_FOUND", "MANDATE_EXISTS"],
  }),
  changerLesApplicationsDUnReferent: endpoint("PUT", "/mandates/:id/applications", {
    summary: "Changer les applications d'un référent",
    access: "cig",
    params: { id: "MANDATE_NOT_FOUND" },
    body: MandateApplicationsUpdate,
    response: Mandate,
    errors: ["APPLICATION_NOT_FOUND"],
  }),
  retirerUnMandat: endpoint("DELETE", "/mandates/:id", {
    summary: "Retirer un mandat",
    access: "cig",
    params: { id: "MANDATE_NOT_FOUND" },
    response: ActionResult,
  }),

  // ——— Extractions
  exporterLesUtilisateurs: endpoint("GET", "/exports/users.csv", {
    summary: "Exporter tous les utilisateurs visibles (CSV)",
    guide: "Je réalise une extraction sous format Excel",
    access: "referent",
    response: "csv",
  }),
  exporterUneStructure: endpoint("GET", "/exports/structures/:id/users.csv", {
    summary: "Exporter les utilisateurs d'une structure (CSV)",
    access: "referent",
    params: { id: "STRUCTURE_NOT_FOUND" },
    response: "csv",
  }),
  exporterUnRole: endpoint("GET", "/exports/applications/:id/roles/:roleId/users.csv", {
    summary: "Exporter les utilisateurs d'un rôle (CSV)",
    access: "referent",
    params: role,
    response: "csv",
  }),

  // ——— Journal
  journalDAudit: endpoint("GET", "/audit", {
    summary: "Journal d'audit",
    access: "referent",
    query: AuditQuery,
    response: AuditPage,
  }),
} as const;

export type Endpoints = typeof ENDPOINTS;
export type EndpointName = keyof Endpoints;
