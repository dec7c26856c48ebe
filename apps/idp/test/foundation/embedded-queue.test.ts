import { describe, expect, it } from "vitest";
import pg from "pg";
import { startEmbeddedDatabase } from "../../src/db/embedded.js";

// pglite-socket queued each protocol message on its own: a Parse from one connection could slip
// between another connection's Parse and Bind when a large message came in several TCP chunks.
describe("Base embarquée partagée par plusieurs connexions", () => {
  it("des requêtes paramétrées simultanées, aux grandes valeurs, depuis plusieurs connexions, sans mêler leurs messages", async () => {
    const e = await startEmbeddedDatabase(undefined, 10);
    const pool = new pg.Pool({ connectionString: e.url, max: 8 });
    const jobs = [];
    for (let i = 0; i < 400; i++) {
      jobs.push(
        i % 2
          ? pool.query("SELECT $1::int AS a", [i]).then((r) => r.rows[0].a === i)
          : pool
              .query("SELECT $1::int AS a, length($2::text) AS b", [i, "x".repeat(200_000)])
              .then((r) => r.rows[0].a === i && r.rows[0].b === 200_000),
      );
    }
    const results = await Promise.allSettled(jobs);
    const bad = results.filter((r) => r.status === "rejected" || r.value !== true);
    await pool.end();
    await e.close();
    expect(bad.map((b) => (b.status === "rejected" ? String(b.reason) : "wrong")).slice(0, 3)).toEqual([]);
  }, 60_000);
});
