// « Applications »: the applications the caller administers and their roles; for CIG administrators,
// the OIDC client settings, the tile, secret rotation (shown once) and the role definitions.
import crypto from "node:crypto";
import { ENDPOINTS as E, MESSAGES, type ApplicationDetail, type ApplicationSummary } from "@convergences/contract";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { diff, recordAudit } from "../audit.js";
import { forgetClient } from "../auth.js";
import { appOf, etag, expectedVersion } from "../http.js";
import { actorOf, enforce, mayAdministerApplication, mayAdministerUsers, mayConfigure, scopeRoots, type Actor } from "../policy.js";
import { ApiError } from "../problem.js";
import { bind } from "../endpoint.js";

const newSecret = () => crypto.randomBytes(32).toString("base64url");

async function summaries(
  db: PrismaClient,
  actor: Actor,
  ids?: string[],
): Promise<(ApplicationSummary & { raw: Awaited<ReturnType<typeof loadApps>>[number] })[]> {
  const apps = await loadApps(db, ids);
  const roots = scopeRoots(actor);
  // A référent counts the members of his sub-tree only.
  const counts = await db.roleAssignment.groupBy({
    by: ["roleId"],
    where: {
      role: { applicationId: { in: apps.map((a) => a.id) } },
      ...(roots === "all"
        ? {}
        : {
            user: {
              OR: [
                { structure: { ancestorIds: { hasSome: roots } } },
                { memberships: { some: { structure: { ancestorIds: { hasSome: roots } } } } },
              ],
            },
          }),
    },
    _count: { _all: true },
  });
  const n = new Map(counts.map((c) => [c.roleId, c._count._all]));
  return apps.map((a) => ({
    id: a.id,
    code: a.code,
    name: a.name,
    description: a.description,
    tileLabel: a.tileLabel,
    tileColor: a.tileColor,
    roles: a.roles.map((r) => ({ id: r.id, code: r.code, label: r.label, description: r.description, memberCount: n.get(r.id) ?? 0 })),
    raw: a,
  }));
}

function loadApps(db: PrismaClient, ids?: string[]) {
  return db.application.findMany({
    where: ids ? { id: { in: ids } } : {},
    include: { roles: { orderBy: { label: "asc" } } },
    orderBy: { tileOrder: "asc" },
  });
}

async function detail(db: PrismaClient, actor: Actor, id: string): Promise<ApplicationDetail> {
  const [s] = await summaries(db, actor, [id]);
  if (!s) throw new ApiError("APPLICATION_NOT_FOUND");
  const { raw: a, ...summary } = s;
  return {
    ...summary,
    clientId: a.clientId,
    tokenEndpointAuthMethod: a.tokenEndpointAuthMethod,
    hasSecret: !!a.clientSecretEncrypted,
    redirectUris: a.redirectUris,
    postLogoutRedirectUris: a.postLogoutRedirectUris,
    backchannelLogoutUri: a.backchannelLogoutUri,
    grantTypes: a.grantTypes,
    scopes: a.scopes,
    requiresRole: a.requiresRole,
    enabled: a.enabled,
    launchUrl: a.launchUrl,
    tileDescription: a.tileDescription,
    tileOrder: a.tileOrder,
    version: a.version,
  };
}

const taken = async <T>(code: "APPLICATION_CODE_TAKEN" | "ROLE_CODE_TAKEN", f: () => Promise<T>) => {
  try {
    return await f();
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new ApiError(code);
    throw e;
  }
};

/** The application of a path (its id already checked by the binding), or 404. */
export async function loadApplication(db: PrismaClient, id: string) {
  const app = await db.application.findUnique({
    where: { id },
    select: { id: true, code: true, name: true },
  });
  if (!app) throw new ApiError("APPLICATION_NOT_FOUND");
  return app;
}

export const applicationRoutes = [
  bind(E.listerLesApplications, async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "application.list" });
    const ids = actor.cigAdmin ? undefined : [...new Set(actor.referent.flatMap((m) => m.applicationIds))];
    return { items: (await summaries(appOf(ctx).db.prisma, actor, ids)).map(({ raw: _r, ...s }) => s) };
  }),

  bind(E.consulterUneApplication, async (ctx, { params }) => {
    const actor = actorOf(ctx);
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    await enforce(ctx, mayAdministerApplication(actor, app.id), {
      action: "application.read",
      targetType: "application",
      targetId: app.id,
    });
    if (!mayConfigure(actor)) return (await summaries(prisma, actor, [app.id])).map(({ raw: _r, ...s }) => s)[0]!;
    const d = await detail(prisma, actor, app.id);
    ctx.set("ETag", etag(d.version));
    return d;
  }),

  bind(E.creerUneApplication, async (ctx, { body }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "application.create" });
    const input = body();
    const app = appOf(ctx);
    const secret = input.tokenEndpointAuthMethod === "none" ? null : newSecret();
    const id = await taken("APPLICATION_CODE_TAKEN", () =>
      app.db.prisma.$transaction(async (tx) => {
        const a = await tx.application.create({
          data: { ...input, clientSecretEncrypted: secret ? app.box.seal(secret) : null },
        });
        await recordAudit(
          ctx,
          { action: "application.create", targetType: "application", targetId: a.id, targetLabel: a.name, after: input },
          tx,
        );
        return a.id;
      }),
    );
    forgetClient(app);
    return { application: await detail(app.db.prisma, actor, id), clientSecret: secret };
  }),

  bind(E.modifierUneApplication, async (ctx, { params, body }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "application.update" });
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    const input = body();
    const version = expectedVersion(ctx, input.version);
    const { version: _v, ...fields } = input;
    const current = await prisma.application.findUniqueOrThrow({ where: { id: app.id } });
    const data = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    await prisma.$transaction(async (tx) => {
      const r = await tx.application.updateMany({ where: { id: app.id, version }, data: { ...data, version: { increment: 1 } } });
      if (!r.count) throw new ApiError(ctx.get("if-match") ? "PRECONDITION_FAILED" : "VERSION_CONFLICT");
      await recordAudit(
        ctx,
        {
          action: "application.update",
          targetType: "application",
          targetId: app.id,
          targetLabel: app.name,
          ...diff(current as unknown as Record<string, unknown>, data),
        },
        tx,
      );
    });
    forgetClient(appOf(ctx)); // a back-office client disabled or stripped of its scope stops at once
    const d = await detail(prisma, actor, app.id);
    ctx.set("ETag", etag(d.version));
    return d;
  }),

  bind(E.renouvelerLeSecret, async (ctx, { params }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "application.secret" });
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    const current = await prisma.application.findUniqueOrThrow({
      where: { id: app.id },
      select: { clientId: true, tokenEndpointAuthMethod: true },
    });
    if (current.tokenEndpointAuthMethod === "none") throw new ApiError("APPLICATION_PUBLIC");
    const secret = newSecret();
    await prisma.$transaction(async (tx) => {
      await tx.application.update({
        where: { id: app.id },
        data: { clientSecretEncrypted: appOf(ctx).box.seal(secret), version: { increment: 1 } },
      });
      // The secret itself is never written to the log.
      await recordAudit(ctx, { action: "application.secret", targetType: "application", targetId: app.id, targetLabel: app.name }, tx);
    });
    forgetClient(appOf(ctx), current.clientId);
    return { clientId: current.clientId, clientSecret: secret, message: MESSAGES.secretShownOnce };
  }),

  bind(E.supprimerUneApplication, async (ctx, { params }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "application.delete" });
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    await prisma.$transaction(async (tx) => {
      await tx.application.delete({ where: { id: app.id } });
      await recordAudit(
        ctx,
        { action: "application.delete", targetType: "application", targetId: app.id, targetLabel: app.name, before: app },
        tx,
      );
    });
    forgetClient(appOf(ctx));
    return { message: "L'application a été supprimée." };
  }),

  bind(E.listerLesRoles, async (ctx, { params }) => {
    const actor = actorOf(ctx);
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    await enforce(ctx, mayAdministerApplication(actor, app.id), { action: "role.list", targetType: "application", targetId: app.id });
    return { items: (await summaries(prisma, actor, [app.id]))[0]!.roles };
  }),

  bind(E.creerUnRole, async (ctx, { params, body }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "role.create" });
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    const input = body();
    const role = await taken("ROLE_CODE_TAKEN", () =>
      prisma.$transaction(async (tx) => {
        const r = await tx.role.create({
          data: { applicationId: app.id, code: input.code, label: input.label, description: input.description ?? null },
        });
        await recordAudit(
          ctx,
          { action: "role.create", targetType: "role", targetId: r.id, targetLabel: `${app.name} – ${r.label}`, after: input },
          tx,
        );
        return r;
      }),
    );
    return { id: role.id, code: role.code, label: role.label, description: role.description, memberCount: 0 };
  }),

  bind(E.modifierUnRole, async (ctx, { params, body }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "role.update" });
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    const input = body();
    const role = await prisma.role.findFirst({ where: { id: params.roleId, applicationId: app.id } });
    if (!role) throw new ApiError("ROLE_NOT_FOUND");
    const data = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const r = await prisma.$transaction(async (tx) => {
      const r = await tx.role.update({ where: { id: role.id }, data });
      await recordAudit(
        ctx,
        {
          action: "role.update",
          targetType: "role",
          targetId: role.id,
          targetLabel: `${app.name} – ${role.label}`,
          ...diff(role as unknown as Record<string, unknown>, data),
        },
        tx,
      );
      return r;
    });
    return {
      id: r.id,
      code: r.code,
      label: r.label,
      description: r.description,
      memberCount: await prisma.roleAssignment.count({ where: { roleId: r.id } }),
    };
  }),

  bind(E.supprimerUnRole, async (ctx, { params }) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayConfigure(actor), { action: "role.delete" });
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, params.id);
    const role = await prisma.role.findFirst({ where: { id: params.roleId, applicationId: app.id } });
    if (!role) throw new ApiError("ROLE_NOT_FOUND");
    await prisma.$transaction(async (tx) => {
      await tx.role.delete({ where: { id: role.id } });
      await recordAudit(
        ctx,
        {
          action: "role.delete",
          targetType: "role",
          targetId: role.id,
          targetLabel: `${app.name} – ${role.label}`,
          before: { code: role.code, label: role.label },
        },
        tx,
      );
    });
    return { message: "Le rôle a été supprimé." };
  }),
];
