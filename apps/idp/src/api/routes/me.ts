// GET /me: the caller's profile, roles, mandates, and what the console may offer him.
import { ENDPOINTS as E, type Me } from "@convergences/contract";
import { bind } from "../endpoint.js";
import { appOf } from "../http.js";
import { placeUser, structureRefs } from "../lookup.js";
import { actorOf, isReferent, mayAdministerUsers, mayConfigure, mayReadAudit } from "../policy.js";
import { userCard } from "../user-views.js";
import { mandateViews } from "./mandates.js";

export const meRoutes = [
  bind(E.monProfil, async (ctx) => {
    const actor = actorOf(ctx);
    const { prisma, sql } = appOf(ctx).db;
    const placed = actor.userId ? await placeUser(sql, actor.userId) : null;
    const profile = placed ? await userCard(sql, placed.id, actor, placed) : null;
    const mandates = actor.userId ? await mandateViews(appOf(ctx).db, { userId: actor.userId }) : [];
    const appIds = actor.cigAdmin ? undefined : [...new Set(actor.referent.flatMap((m) => m.applicationIds))];
    const apps = await prisma.application.findMany({
      where: appIds ? { id: { in: appIds } } : { roles: { some: {} } },
      select: { id: true, code: true, name: true },
      orderBy: { tileOrder: "asc" },
    });
    const refs = await structureRefs(
      sql,
      actor.referent.map((m) => m.structureId),
    );
    const me: Me = {
      profile,
      cigAdmin: actor.cigAdmin,
      mandates,
      can: {
        manageUsers: mayAdministerUsers(actor),
        manageStructures: actor.cigAdmin || isReferent(actor),
        manageApplications: mayConfigure(actor),
        manageMandates: mayConfigure(actor),
        readAudit: mayReadAudit(actor),
      },
      administeredApplications: actor.cigAdmin || isReferent(actor) ? apps : [],
      administeredStructures: [...refs.values()],
    };
    return me;
  }),
];
