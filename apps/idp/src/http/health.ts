import Router from "@koa/router";
import type { Sql } from "../db/sql.js";

/** /healthz: the process is up. /readyz: the database answers (within 2 s). */
export function healthRoutes(sql: Sql): Router {
  const router = new Router();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/readyz", async (ctx) => {
    try {
      await Promise.race([
        sql(null, "SELECT 1"),
        new Promise((_, reject) => setTimeout(() => reject(new Error("délai dépassé")), 2000).unref()),
      ]);
      ctx.body = { status: "ok", database: "ok" };
    } catch (e) {
      ctx.status = 503;
      const err = e as Error;
      // The driver's own message (the runner wraps a lost connection as DatabaseUnavailable).
      ctx.body = { status: "indisponible", database: ((err.cause as Error | undefined) ?? err).message };
    }
  });
  return router;
}
