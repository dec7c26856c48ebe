// « Je réalise une extraction sous format Excel »: all users visible, per structure, per role.
// papaparse with `;` and a UTF-8 BOM (Excel in French opens it directly), French headers, formula
// cells neutralised, streamed by keyset batches from the database (constant memory).
import { Readable } from "node:stream";
import type Router from "@koa/router";
import type Koa from "koa";
import Papa from "papaparse";
import { EXPORT_COLUMNS } from "@convergences/contract";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.js";
import { recordAudit } from "../audit.js";
import { appOf } from "../http.js";
import { isoDate, structureAncestors, structureRefs } from "../lookup.js";
import { actorOf, enforce, mayAdministerApplication, mayAdministerUsers, mayOnStructure, scopeRoots, type Actor } from "../policy.js";
import { ApiError } from "../problem.js";
import { userFilter } from "../user-search.js";
import { uuidParam } from "../validate.js";
import { loadApplication } from "./applications.js";

const BATCH = 2000;
const BOM = "\uFEFF";

/** Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
export function neutralise(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? "'" + v : v;
}

const unparse = (rows: string[][]) => Papa.unparse(rows, { delimiter: ";", newline: "\r\n", header: false }) + "\r\n";

async function* csv(db: PrismaClient, where: Prisma.UserWhereInput, roleApps: "all" | string[]): AsyncGenerator<string> {
  yield BOM + unparse([EXPORT_COLUMNS.map(([, label]) => label)]);
  let after: { lastName: string; id: string } | null = null;
  for (;;) {
    const page: Prisma.UserWhereInput = after
      ? { AND: [where, { OR: [{ lastName: { gt: after.lastName } }, { lastName: after.lastName, id: { gt: after.id } }] }] }
      : where;
    const rows = await db.user.findMany({
      where: page,
      orderBy: [{ lastName: "asc" }, { id: "asc" }],
      take: BATCH,
      select: {
        id: true, lastName: true, firstName: true, email: true, identifiant: true, structureId: true, service: true, fonction: true,
        phone: true, postalAddress: true, teleworking: true, appIdentifier: true, validFrom: true, validUntil: true, locked: true, lastLoginAt: true,
        roleAssignments: {
          where: roleApps === "all" ? {} : { role: { applicationId: { in: roleApps } } },
          select: { role: { select: { label: true, application: { select: { name: true } } } } },
        },
      },
    });
    if (!rows.length) return;
    const refs = await structureRefs(db, rows.map((r) => r.structureId));
    yield unparse(
      rows.map((u) => {
        const values: Record<(typeof EXPORT_COLUMNS)[number][0], string> = {
          lastName: u.lastName, firstName: u.firstName, email: u.email, identifiant: u.identifiant,
          structure: refs.get(u.structureId)?.path ?? "", service: u.service ?? "", fonction: u.fonction ?? "",
          phone: u.phone ?? "", postalAddress: u.postalAddress ?? "", teleworking: u.teleworking ? "Oui" : "Non",
          appIdentifier: u.appIdentifier ?? "", validFrom: isoDate(u.validFrom) ?? "", validUntil: isoDate(u.validUntil) ?? "",
          locked: u.locked ? "Oui" : "Non",
          roles: u.roleAssignments.map((a) => `${a.role.application.name} : ${a.role.label}`).join(" | "),
          lastLoginAt: u.lastLoginAt?.toISOString() ?? "",
        };
        return EXPORT_COLUMNS.map(([k]) => neutralise(values[k]));
      }),
    );
    const last = rows[rows.length - 1]!;
    after = { lastName: last.lastName, id: last.id };
    if (rows.length < BATCH) return;
  }
}

function send(ctx: Koa.Context, name: string, where: Prisma.UserWhereInput, roleApps: "all" | string[]) {
  const date = new Date().toISOString().slice(0, 10);
  const safe = name.normalize("NFD").replace(/[^\w-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "export";
  ctx.type = "text/csv; charset=utf-8";
  ctx.set("Content-Disposition", `attachment; filename="${safe}-${date}.csv"`);
  ctx.set("Cache-Control", "no-store");
  const stream = Readable.from(csv(appOf(ctx).db.prisma, where, roleApps));
  stream.on("error", (e) => appOf(ctx).logger.error("export interrompu", { requestId: ctx.state.requestId, error: String(e) }));
  ctx.body = stream;
}

const roleAppsOf = (actor: Actor) => (actor.cigAdmin ? "all" : [...new Set(actor.referent.flatMap((m) => m.applicationIds))]);

export function exportRoutes(router: Router) {
  router.get("/exports/users.csv", async (ctx) => {
    const actor = actorOf(ctx);
    await enforce(ctx, mayAdministerUsers(actor), { action: "export.users" });
    const where = await userFilter(appOf(ctx).db.prisma, actor, {});
    await recordAudit(ctx, { action: "export.users", targetType: "export", targetLabel: "tous les utilisateurs", structureIds: scopeRoots(actor) === "all" ? [] : (scopeRoots(actor) as string[]) });
    send(ctx, "utilisateurs", where, roleAppsOf(actor));
  });

  router.get("/exports/structures/:id/users.csv", async (ctx) => {
    const actor = actorOf(ctx);
    const { prisma } = appOf(ctx).db;
    const s = await structureAncestors(prisma, uuidParam(ctx.params.id, "STRUCTURE_NOT_FOUND"));
    if (!s) throw new ApiError("STRUCTURE_NOT_FOUND");
    await enforce(ctx, mayOnStructure(actor, "read", s.ancestorIds), { action: "export.users", targetType: "structure", targetId: s.id, structureIds: s.ancestorIds });
    const where = await userFilter(prisma, actor, { structureId: s.id, subtree: true });
    await recordAudit(ctx, { action: "export.users", targetType: "structure", targetId: s.id, targetLabel: s.name, structureIds: s.ancestorIds });
    send(ctx, `utilisateurs-${s.name}`, where, roleAppsOf(actor));
  });

  router.get("/exports/applications/:id/roles/:roleId/users.csv", async (ctx) => {
    const actor = actorOf(ctx);
    const { prisma } = appOf(ctx).db;
    const app = await loadApplication(prisma, ctx.params.id);
    const role = await prisma.role.findFirst({ where: { id: uuidParam(ctx.params.roleId, "ROLE_NOT_FOUND"), applicationId: app.id }, select: { id: true, label: true } });
    if (!role) throw new ApiError("ROLE_NOT_FOUND");
    await enforce(ctx, mayAdministerApplication(actor, app.id), { action: "export.users", targetType: "role", targetId: role.id });
    const where = await userFilter(prisma, actor, { roleId: role.id }, app.id);
    await recordAudit(ctx, { action: "export.users", targetType: "role", targetId: role.id, targetLabel: `${app.name} – ${role.label}` });
    send(ctx, `utilisateurs-${app.code}-${role.label}`, where, roleAppsOf(actor));
  });
}
