// Idempotent seed: every row has a stable id derived from its natural key and is inserted with
// ON CONFLICT DO NOTHING, so a second run (or a run on a directory edited since) changes nothing.
import crypto from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.js";
import { nameUuid, userSearchText } from "../lib/text.js";
import type { SecretBox } from "../lib/secretbox.js";
import { applications, DEMO_BIP_SECRET, PEOPLE, TREE, type SeedNode } from "./seed-data.js";

export const structureId = (code: string) => nameUuid("structure:" + code);
export const applicationId = (code: string) => nameUuid("application:" + code);
export const roleId = (app: string, code: string) => nameUuid(`role:${app}:${code}`);
export const userId = (email: string) => nameUuid("user:" + email.toLowerCase());

export interface SeedOptions {
  publicUrl: string;
  demoRpUrl: string;
  box: SecretBox;
  /** Client secrets of the seeded confidential clients, by client id; random when absent. */
  clientSecrets?: Record<string, string>;
  /**
   * `demo` (default): the whole demo directory. `initial`: what a production directory starts with —
   * the CIG root structure, the CIG administrator (nothing else) and the AIA console's client, so that
   * the administrator's one-time link leads to a console where everything else is created.
   */
  scope?: "demo" | "initial";
}

export interface SeedResult {
  created: boolean;
  cigAdminId: string;
}

function flatten(node: SeedNode, parent: { id: string; ancestorIds: string[] } | null, out: any[]) {
  const id = structureId(node.code);
  const ancestorIds = [...(parent?.ancestorIds ?? []), id];
  out.push({
    id,
    code: node.code,
    name: node.name,
    kind: node.kind,
    parentId: parent?.id ?? null,
    ancestorIds,
    depth: ancestorIds.length - 1,
  });
  for (const child of node.children ?? []) flatten(child, { id, ancestorIds }, out);
  return out;
}

export async function seed(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  const initial = options.scope === "initial";
  const adminId = userId(PEOPLE.find((p) => p.cigAdmin)!.email);
  const existed = (await prisma.user.count({ where: { id: adminId } })) > 0;
  const apps = initial
    ? applications(options.publicUrl, options.demoRpUrl)
        .filter((a) => a.code === "aia")
        // The Vite development server's callback has no place in a production client.
        .map((a) => ({ ...a, redirectUris: a.redirectUris.filter((u) => u.startsWith(options.publicUrl)) }))
    : applications(options.publicUrl, options.demoRpUrl);
  const people = initial ? PEOPLE.filter((p) => p.cigAdmin).map((p) => ({ ...p, structure: TREE.code, fonction: undefined })) : PEOPLE;

  await prisma.$transaction(
    async (tx) => {
      const nodes = initial ? flatten({ ...TREE, children: [] }, null, []) : flatten(TREE, null, []);
      // Parents before children: one createMany keeps the array order.
      await tx.structure.createMany({ data: nodes, skipDuplicates: true });

      await tx.application.createMany({
        skipDuplicates: true,
        data: apps.map((a) => ({
          id: applicationId(a.code),
          code: a.code,
          name: a.name,
          description: a.description,
          clientId: a.clientId,
          clientSecretEncrypted: a.public
            ? null
            : options.box.seal(options.clientSecrets?.[a.clientId] ?? crypto.randomBytes(32).toString("base64url")),
          tokenEndpointAuthMethod: a.public ? "none" : "client_secret_basic",
          redirectUris: a.redirectUris,
          postLogoutRedirectUris: a.postLogoutRedirectUris,
          backchannelLogoutUri: a.backchannelLogoutUri ?? null,
          grantTypes: a.public ? ["authorization_code", "refresh_token"] : ["authorization_code", "refresh_token", "client_credentials"],
          requiresRole: a.requiresRole,
          ...(a.scopes ? { scopes: a.scopes } : {}),
          launchUrl: a.launchUrl,
          tileLabel: a.name,
          tileDescription: a.description,
          tileColor: a.tileColor,
          tileOrder: a.tileOrder,
        })),
      });
      await tx.role.createMany({
        skipDuplicates: true,
        data: apps.flatMap((a) =>
          a.roles.map((r) => ({ id: roleId(a.code, r.code), applicationId: applicationId(a.code), code: r.code, label: r.label })),
        ),
      });

      await tx.user.createMany({
        skipDuplicates: true,
        data: people.map((p) => ({
          id: userId(p.email),
          email: p.email,
          emailLower: p.email.toLowerCase(),
          identifiant: p.email,
          firstName: p.firstName,
          lastName: p.lastName,
          structureId: structureId(p.structure),
          fonction: p.fonction ?? null,
          searchText: userSearchText({ ...p, identifiant: p.email }),
        })),
      });

      const mandates = people.flatMap((p) => [
        ...(p.cigAdmin
          ? [
              {
                id: nameUuid(`mandate:${p.email}:cig`),
                userId: userId(p.email),
                kind: "CIG_ADMIN" as const,
                structureId: null,
                apps: [] as string[],
              },
            ]
          : []),
        ...(p.referentOf ?? []).map((r) => ({
          id: nameUuid(`mandate:${p.email}:${r.structure}`),
          userId: userId(p.email),
          kind: "REFERENT" as const,
          structureId: structureId(r.structure),
          apps: r.applications,
        })),
      ]);
      await tx.mandate.createMany({
        skipDuplicates: true,
        data: mandates.map(({ apps: _a, ...m }) => ({ ...m, grantedById: adminId === m.userId ? null : adminId })),
      });
      await tx.mandateApplication.createMany({
        skipDuplicates: true,
        data: mandates.flatMap((m) => m.apps.map((a) => ({ mandateId: m.id, applicationId: applicationId(a) }))),
      });

      await tx.roleAssignment.createMany({
        skipDuplicates: true,
        data: people.flatMap((p) =>
          (p.roles ?? []).map((r) => {
            // The body the agent acts for: the collectivité/établissement above his service.
            const sid = structureId(r.structure ?? bodyOf(p.structure));
            return {
              id: nameUuid(`assignment:${p.email}:${r.application}:${r.role}`),
              userId: userId(p.email),
              roleId: roleId(r.application, r.role),
              structureId: sid,
              grantedById: adminId,
            };
          }),
        ),
      });
      // One seed transaction holds the whole demo directory: on a loaded machine it outlives Prisma's 5 s default.
    },
    { timeout: 120_000, maxWait: 60_000 },
  );
  return { created: !existed, cigAdminId: adminId };
}

const NODES: { id: string; code: string; kind: string; ancestorIds: string[] }[] = flatten(TREE, null, []);

/** The collectivité or établissement that contains a structure (itself when it is one). */
function bodyOf(code: string): string {
  const node = NODES.find((n) => n.code === code)!;
  const body = NODES.find((n) => node.ancestorIds.includes(n.id) && (n.kind === "COLLECTIVITE" || n.kind === "ETABLISSEMENT"));
  return body?.code ?? code;
}

/**
 * What `SEED` means at start. `auto` (default): the demo directory on the embedded development
 * default, `initial` as soon as it looks like production (DATABASE_URL set or NODE_ENV=production) —
 * a production directory never receives the demo's people, nor its applications.
 */
export function seedScope(config: {
  SEED: "auto" | "demo" | "initial" | "never";
  DATABASE_URL?: string;
  NODE_ENV: string;
}): "demo" | "initial" | null {
  if (config.SEED === "never") return null;
  if (config.SEED !== "auto") return config.SEED;
  return config.DATABASE_URL || config.NODE_ENV === "production" ? "initial" : "demo";
}

/**
 * The demo client's secret is public (it is in this repository, for the demo relying party): it is
 * given only on the embedded development default; anywhere else the seeded secrets are random.
 */
export function demoClientSecrets(config: { DATABASE_URL?: string; NODE_ENV: string }): Record<string, string> | undefined {
  return config.DATABASE_URL || config.NODE_ENV === "production" ? undefined : { bip: DEMO_BIP_SECRET };
}

/** Seeds only an empty directory (no structure at all): what `SEED=auto` does at start. */
export async function seedIfEmpty(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult | null> {
  if ((await prisma.structure.count()) > 0) return null;
  return seed(prisma, options);
}
