import Router from "@koa/router";
import type pg from "pg";

/** /healthz: the process is up. /readyz: the database answers (within 2 s). */
export function healthRoutes(pool: pg.Pool): Router {
  const router = new Router();
  router.get("/healthz", (ctx) => {
    ctx.body = { status: "ok" };
  });
  router.get("/readyz", async (ctx) => {
    try {
      await Promise.race([
        pool.query("SELECT 1"),
        new Promise((_, reject) => setTimeout(() => reject(new Error("délai dépassé")), 2000).unref()),
      ]);
      ctx.body = { status: "ok", database: "ok" };
    } catch (e) {
      ctx.status = 503;
      ctx.body = { status: "indisponible", database: (e as Error).message };
    }
  });
  return router;
}
