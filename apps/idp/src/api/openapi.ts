// The OpenAPI 3.1 document, generated from the contract's zod schemas (z.toJSONSchema), and a
// readable HTML page listing it (no CDN, escaped by @convergences/html).
import { z } from "zod";
import * as C from "@convergences/contract";
import { html } from "@convergences/html";
import { page } from "../web/layout.js";

type Op = [method: string, path: string, summary: string, who: string, request?: z.ZodType, response?: z.ZodType, query?: z.ZodObject];
const REF = "Administrateur CIG ; référent (périmètre)";
const CIG = "Administrateur CIG";

export const OPERATIONS: Op[] = [
  ["get", "/me", "Mon profil, mes rôles et mes mandats", "Toute personne connectée", undefined, C.Me],
  [
    "get",
    "/users",
    "Liste des utilisateurs (pagination, tri, filtres, recherche ≥ 3 caractères)",
    REF,
    undefined,
    C.UsersPage,
    C.UsersQuery,
  ],
  ["post", "/users/email-check", "Vérifier l'adresse mail", REF, C.EmailCheckRequest, C.EmailCheckResult],
  ["post", "/users", "Créer un utilisateur (et envoyer le mail de création)", REF, C.UserCreate, C.UserCard],
  [
    "post",
    "/users/bulk-delete",
    "Supprimer les utilisateurs sélectionnés (chacun retiré de mon périmètre)",
    REF,
    C.BulkDeleteRequest,
    C.BulkDeleteResult,
  ],
  [
    "get",
    "/users/{id}",
    "Fiche de l'agent (ETag) : ce qui est dans mon périmètre, et ce que je peux y faire (permissions)",
    "Référent (périmètre) ; l'agent lui-même",
    undefined,
    C.UserCard,
  ],
  [
    "patch",
    "/users/{id}",
    "Éditer l'utilisateur (If-Match ou version) : référent de la structure d'appartenance ou administrateur CIG",
    REF,
    C.UserUpdate,
    C.UserCard,
  ],
  [
    "delete",
    "/users/{id}",
    "Supprimer l'utilisateur : le retirer de mon périmètre (le compte est effacé quand il ne lui reste rien, ou par un administrateur CIG)",
    REF,
    undefined,
    C.ActionResult,
  ],
  ["post", "/users/{id}/lock", "Verrouiller le compte", REF, C.LockRequest, C.ActionResult],
  ["post", "/users/{id}/unlock", "Déverrouiller le compte", REF, undefined, C.ActionResult],
  ["post", "/users/{id}/password-reset", "Réinitialisation mot de passe (mail)", REF, undefined, C.ActionResult],
  [
    "post",
    "/users/{id}/mfa-reset",
    "Réinitialiser les moyens de connexion (second facteur ; mail à l'agent)",
    "Référent de la structure d'appartenance ; administrateur CIG (seul, pour un référent)",
    undefined,
    C.ActionResult,
  ],
  ["get", "/users/{id}/photo", "Photo (JPEG, PNG ou WebP)", "Référent (périmètre) ; l'agent lui-même"],
  ["put", "/users/{id}/photo", "Ajouter / modifier la photo (corps : l'image, ≤ 2 Mo)", "Référent (périmètre) ; l'agent lui-même"],
  ["delete", "/users/{id}/photo", "Supprimer la photo", "Référent (périmètre) ; l'agent lui-même"],
  [
    "post",
    "/users/attach",
    "Rattacher un compte existant, par son adresse mail, à une structure de mon périmètre (multi-structure)",
    REF,
    C.AttachRequest,
    C.UserCard,
  ],
  [
    "post",
    "/users/{id}/structures",
    "Rattacher un utilisateur que je vois déjà à une autre de mes structures",
    REF,
    C.MembershipCreate,
    C.UserCard,
  ],
  [
    "post",
    "/users/{id}/structures/{structureId}/move",
    "Déplacer une affectation (droits sur les deux structures)",
    REF,
    C.MembershipMove,
    C.UserCard,
  ],
  [
    "delete",
    "/users/{id}/structures/{structureId}",
    "Retirer un utilisateur d'une structure (la fiche, ou un message s'il ne reste rien de lui dans mon périmètre)",
    REF,
    undefined,
    z.union([C.UserCard, C.ActionResult]),
  ],
  ["get", "/structures", "Arborescence des structures", REF, undefined, C.StructureTree],
  ["post", "/structures", "Créer une structure", REF, C.StructureCreate, C.StructureNode],
  ["get", "/structures/{id}", "Une structure", REF, undefined, C.StructureNode],
  ["patch", "/structures/{id}", "Renommer / déplacer une structure", REF, C.StructureUpdate, C.StructureNode],
  ["delete", "/structures/{id}", "Supprimer une structure vide", REF, undefined, C.ActionResult],
  [
    "get",
    "/structures/{id}/members",
    "Membres d'une structure (avec ou sans sous-structures)",
    REF,
    undefined,
    C.UsersPage,
    C.StructureMembersQuery,
  ],
  ["get", "/applications", "Applications administrées et leurs rôles", REF, undefined, C.ApplicationList],
  ["post", "/applications", "Créer une application (client OIDC, tuile)", CIG, C.ApplicationCreate, C.ApplicationCreated],
  ["get", "/applications/{id}", "Une application", REF, undefined, C.ApplicationDetail],
  ["patch", "/applications/{id}", "Modifier une application", CIG, C.ApplicationUpdate, C.ApplicationDetail],
  ["delete", "/applications/{id}", "Supprimer une application", CIG, undefined, C.ActionResult],
  ["post", "/applications/{id}/secret", "Renouveler le secret client (affiché une seule fois)", CIG, undefined, C.ClientSecret],
  ["get", "/applications/{id}/roles", "Rôles d'une application", REF, undefined, z.object({ items: z.array(C.Role) })],
  ["post", "/applications/{id}/roles", "Créer un rôle", CIG, C.RoleCreate, C.Role],
  ["patch", "/applications/{id}/roles/{roleId}", "Modifier un rôle", CIG, C.RoleUpdate, C.Role],
  ["delete", "/applications/{id}/roles/{roleId}", "Supprimer un rôle", CIG, undefined, C.ActionResult],
  ["get", "/applications/{id}/roles/{roleId}/members", "Membres d'un rôle", REF, undefined, C.RoleMembersPage, C.RoleMembersQuery],
  ["post", "/applications/{id}/roles/{roleId}/members", "Affecter un ou plusieurs utilisateurs", REF, C.AssignRequest, C.AssignResult],
  ["delete", "/applications/{id}/roles/{roleId}/members/{userId}", "Désaffecter le membre", REF, undefined, C.ActionResult],
  [
    "post",
    "/applications/{id}/roles/{roleId}/members/{userId}/reassign",
    "Réaffecter le membre à un autre rôle",
    REF,
    C.ReassignRequest,
    C.ActionResult,
  ],
  ["get", "/mandates", "Référents et administrateurs CIG", CIG, undefined, C.MandateList],
  ["post", "/mandates", "Désigner un référent ou un administrateur CIG", CIG, C.MandateCreate, C.Mandate],
  ["put", "/mandates/{id}/applications", "Changer les applications d'un référent", CIG, C.MandateApplicationsUpdate, C.Mandate],
  ["delete", "/mandates/{id}", "Retirer un mandat", CIG, undefined, C.ActionResult],
  ["get", "/exports/users.csv", "Exporter tous les utilisateurs visibles (CSV)", REF],
  ["get", "/exports/structures/{id}/users.csv", "Exporter les utilisateurs d'une structure (CSV)", REF],
  ["get", "/exports/applications/{id}/roles/{roleId}/users.csv", "Exporter les utilisateurs d'un rôle (CSV)", REF],
  ["get", "/audit", "Journal d'audit", REF, undefined, C.AuditPage, C.AuditQuery],
];

const schema = (s: z.ZodType, io: "input" | "output") => z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" });

export function openApiDocument(publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path, summary, who, request, response, query] of OPERATIONS) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string", format: "uuid" },
    }));
    const queryParams = query
      ? Object.entries((schema(query, "input") as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, s]) => ({
          name,
          in: "query",
          required: false,
          schema: s,
        }))
      : [];
    (paths[path] ??= {})[method] = {
      summary,
      description: `Autorisé : ${who}.`,
      parameters: [...params, ...queryParams],
      ...(request ? { requestBody: { required: true, content: { "application/json": { schema: schema(request, "input") } } } } : {}),
      ...(path.endsWith("/photo") && method === "put"
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(C.PHOTO_TYPES.map((t) => [t, { schema: { type: "string", format: "binary" } }])),
            },
          }
        : {}),
      responses: {
        [method === "post" &&
        (path === "/users" || path === "/structures" || path === "/applications" || path === "/mandates" || path.endsWith("/roles"))
          ? "201"
          : "200"]: {
          description: "Succès",
          content: path.endsWith(".csv")
            ? { "text/csv": { schema: { type: "string" } } }
            : path.endsWith("/photo") && method === "get"
              ? Object.fromEntries(C.PHOTO_TYPES.map((t) => [t, { schema: { type: "string", format: "binary" } }]))
              : { "application/json": { schema: response ? schema(response, "output") : { type: "object" } } },
        },
        default: {
          description: "Erreur (RFC 9457)",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Convergences – API d'administration (AIA)",
      version: "1",
      description:
        "API de l'Annuaire des identités et des accès. Authentification : jeton d'accès Bearer émis par le fournisseur d'identité pour la ressource " +
        `${publicUrl}/api/v1 (scope « aia » pour la console, « aia:admin » en client credentials pour un script d'administration CIG).`,
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Problem: schema(C.Problem, "output") },
    },
    "x-error-codes": Object.fromEntries(Object.entries(C.ERRORS).map(([k, v]) => [k, v])),
    paths,
  };
}

export function docsPage(publicUrl: string): string {
  const doc = openApiDocument(publicUrl);
  const body = html`<div class="card wide">
<h1>API d'administration – documentation</h1>
<p>${doc.info.description}</p>
<p>Document OpenAPI 3.1 : <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Erreurs au format <code>application/problem+json</code> (RFC 9457).</p>
<table><thead><tr><th scope="col">Méthode</th><th scope="col">Chemin</th><th scope="col">Action</th><th scope="col">Autorisé</th></tr></thead>
<tbody>${OPERATIONS.map(([m, p, s, w]) => html`<tr><td><code>${m.toUpperCase()}</code></td><td><code>/api/v1${p}</code></td><td>${s}</td><td>${w}</td></tr>`)}</tbody></table>
<h2>Codes d'erreur</h2>
<table><thead><tr><th scope="col">Code</th><th scope="col">Statut</th><th scope="col">Message</th></tr></thead>
<tbody>${Object.entries(C.ERRORS).map(([k, v]) => html`<tr><td><code>${k}</code></td><td>${v.status}</td><td>${v.message}</td></tr>`)}</tbody></table>
</div>`;
  return page({ title: "API d'administration", body });
}
