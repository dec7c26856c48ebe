// The admin API under /api/v1: problem documents outermost, JSON body parsing, then the public
// entries of the endpoint table (the OpenAPI document and its page), then bearer authentication and
// every other entry. Each route file binds entries of @convergences/contract ENDPOINTS to handlers;
// BINDINGS below is the whole API, and a test checks it against the table and the OpenAPI document.
import Router from "@koa/router";
import { bodyParser } from "@koa/bodyparser";
import { API_PREFIX } from "@convergences/contract";
import type Koa from "koa";
import type { AppContext } from "../server.js";
import { authenticate } from "./auth.js";
import type { Binding } from "./endpoint.js";
import { factorRoutes } from "./routes/factors.js";
import { openApiRoutes } from "./openapi.js";
import { problems } from "./problem.js";
import { inputGuard, methodGuard } from "./validate.js";
import { applicationRoutes } from "./routes/applications.js";
import { auditRoutes } from "./routes/audit.js";
import { exportRoutes } from "./routes/exports.js";
import { mandateRoutes } from "./routes/mandates.js";
import { meRoutes } from "./routes/me.js";
import { photoRoutes } from "./routes/photo.js";
import { roleMemberRoutes } from "./routes/role-members.js";
import { structureRoutes } from "./routes/structures.js";
import { userRoutes } from "./routes/users.js";

export const BINDINGS: readonly Binding[] = [
  ...openApiRoutes,
  ...meRoutes,
  ...userRoutes,
  ...photoRoutes,
  ...factorRoutes,
  ...structureRoutes,
  ...applicationRoutes,
  ...roleMemberRoutes,
  ...mandateRoutes,
  ...exportRoutes,
  ...auditRoutes,
];

/** The two routers: public entries, then the authenticated ones. */
export function apiRouters(app: AppContext, bindings: readonly Binding[] = BINDINGS): { open: Router; api: Router } {
  const open = new Router({ prefix: API_PREFIX });
  const api = new Router({ prefix: API_PREFIX });
  api.use(authenticate(app));
  for (const { endpoint, middleware } of bindings)
    (endpoint.access === "public" ? open : api).register(endpoint.path, [endpoint.method], middleware);
  return { open, api };
}

export function adminApi(app: AppContext): Koa.Middleware {
  const { open, api } = apiRouters(app);

  const parse = bodyParser({ enableTypes: ["json"], jsonLimit: "256kb", encoding: "utf-8" });
  const handle = problems(app.logger);
  const openRoutes = open.routes();
  const apiRoutes = api.routes();
  const methods = methodGuard([open, api]);
  return async (ctx, next) => {
    if (ctx.path !== API_PREFIX && !ctx.path.startsWith(API_PREFIX + "/")) return next();
    ctx.state.app = app;
    ctx.set("Cache-Control", "no-store");
    await handle(ctx, async () => {
      await methods(ctx, () =>
        parse(ctx, () =>
          inputGuard(ctx, async () => {
            await openRoutes(ctx as Parameters<typeof openRoutes>[0], async () => {
              await apiRoutes(ctx as Parameters<typeof apiRoutes>[0], async () => {});
            });
          }),
        ),
      );
    });
  };
}
