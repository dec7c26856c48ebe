// The admin API under /api/v1: problem documents outermost, JSON body parsing, then the OpenAPI
// document and its page (public), then bearer authentication and the routes. Reading the list below
// tells the whole API.
import Router from "@koa/router";
import { bodyParser } from "@koa/bodyparser";
import type Koa from "koa";
import type { AppContext } from "../server.js";
import { authenticate } from "./auth.js";
import { factorRoutes } from "./routes/factors.js";
import { docsPage, openApiDocument } from "./openapi.js";
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

export const API_PREFIX = "/api/v1";

export function adminApi(app: AppContext): Koa.Middleware {
  const open = new Router({ prefix: API_PREFIX });
  open.get("/openapi.json", (ctx) => {
    ctx.body = openApiDocument(app.config.PUBLIC_URL);
  });
  open.get("/docs", (ctx) => {
    ctx.type = "text/html; charset=utf-8";
    ctx.body = docsPage(app.config.PUBLIC_URL);
  });

  const api = new Router({ prefix: API_PREFIX });
  api.use(authenticate(app));
  meRoutes(api);
  userRoutes(api);
  photoRoutes(api);
  structureRoutes(api);
  applicationRoutes(api);
  roleMemberRoutes(api);
  mandateRoutes(api);
  exportRoutes(api);
  auditRoutes(api);
  factorRoutes(api);

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
