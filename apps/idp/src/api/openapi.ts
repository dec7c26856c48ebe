// The OpenAPI 3.1 document, generated from the endpoint table (@convergences/contract ENDPOINTS) and
// its zod schemas (z.toJSONSchema), and a readable HTML page listing it (no CDN, escaped by @convergences/html).
import { z } from "zod";
import * as C from "@convergences/contract";
import { ACCESS, API_PREFIX, ENDPOINTS, type Endpoint, ERRORS, errorsOf, openApiPath, paramNames } from "@convergences/contract";
import { html } from "@convergences/html";
import { page } from "../web/layout.js";
import { bind } from "./endpoint.js";
import { appOf } from "./http.js";

const schema = (s: z.ZodType, io: "input" | "output") => z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" });
const binary = (types: readonly string[]) => Object.fromEntries(types.map((t) => [t, { schema: { type: "string", format: "binary" } }]));

const PARAM_DESCRIPTION: Record<string, string> = {
  id: "Identifiant (UUID) de la ressource",
  roleId: "Identifiant (UUID) du rôle",
  userId: "Identifiant (UUID) de l'utilisateur",
  structureId: "Identifiant (UUID) de la structure",
};

function content(e: Endpoint) {
  if (e.response === "csv") return { "text/csv": { schema: { type: "string" } } };
  if (e.response === "image") return binary(C.PHOTO_TYPES);
  if (e.response === "html") return { "text/html": { schema: { type: "string" } } };
  return { "application/json": { schema: schema(e.response, "output") } };
}

function operation(name: string, e: Endpoint, publicRoute: boolean) {
  const parameters = [
    ...paramNames(e.path).map((p) => ({
      name: p,
      in: "path",
      required: true,
      description: PARAM_DESCRIPTION[p] ?? p,
      schema: { type: "string", format: "uuid" },
    })),
    ...(e.query
      ? Object.entries((schema(e.query, "input") as { properties?: Record<string, unknown>; required?: string[] }).properties ?? {}).map(
          ([p, s]) => ({ name: p, in: "query", required: false, schema: s }),
        )
      : []),
  ];
  const errors = errorsOf(e);
  const byStatus = new Map<number, C.ErrorCode[]>();
  for (const code of errors) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  return {
    operationId: name,
    summary: e.summary,
    description: `${e.guide ? `Guide : « ${e.guide} ». ` : ""}Autorisé : ${ACCESS[e.access]}.`,
    "x-access": e.access,
    ...(publicRoute ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(e.body === "image"
      ? { requestBody: { required: true, content: binary(C.PHOTO_TYPES) } }
      : e.body
        ? { requestBody: { required: true, content: { "application/json": { schema: schema(e.body, "input") } } } }
        : {}),
    responses: {
      [String(e.status ?? 200)]: { description: "Succès", content: content(e) },
      ...Object.fromEntries(
        [...byStatus].map(([status, codes]) => [
          String(status),
          {
            description: codes.map((c) => `${c} : ${ERRORS[c].message}`).join("\n"),
            content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
          },
        ]),
      ),
    },
  };
}

export function openApiDocument(publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, e] of Object.entries(ENDPOINTS) as [string, Endpoint][])
    (paths[openApiPath(e.path)] ??= {})[e.method.toLowerCase()] = operation(name, e, e.access === "public");
  return {
    openapi: "3.1.0",
    info: {
      title: "Convergences – API d'administration (AIA)",
      version: "1",
      description:
        "API de l'Annuaire des identités et des accès. Authentification : jeton d'accès Bearer émis par le fournisseur d'identité pour la ressource " +
        `${publicUrl}${API_PREFIX} (scope « aia » pour la console, « aia:admin » en client credentials pour un script d'administration CIG).`,
    },
    servers: [{ url: `${publicUrl}${API_PREFIX}` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Problem: schema(C.Problem, "output") },
    },
    "x-error-codes": Object.fromEntries(Object.entries(ERRORS).map(([k, v]) => [k, v])),
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
<tbody>${Object.values(ENDPOINTS).map((e: Endpoint) => html`<tr><td><code>${e.method}</code></td><td><code>${API_PREFIX}${openApiPath(e.path)}</code></td><td>${e.summary}</td><td>${ACCESS[e.access]}</td></tr>`)}</tbody></table>
<h2>Codes d'erreur</h2>
<table><thead><tr><th scope="col">Code</th><th scope="col">Statut</th><th scope="col">Message</th></tr></thead>
<tbody>${Object.entries(ERRORS).map(([k, v]) => html`<tr><td><code>${k}</code></td><td>${v.status}</td><td>${v.message}</td></tr>`)}</tbody></table>
</div>`;
  return page({ title: "API d'administration", body });
}

export const openApiRoutes = [
  bind(ENDPOINTS.documentOpenApi, async (ctx) => openApiDocument(appOf(ctx).config.PUBLIC_URL)),
  bind(ENDPOINTS.documentationDeLApi, async (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = docsPage(appOf(ctx).config.PUBLIC_URL);
    return undefined;
  }),
];
