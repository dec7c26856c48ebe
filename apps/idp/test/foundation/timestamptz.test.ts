// Every timestamp column is timestamptz, and what compares with now() is right whatever the
// session's TimeZone (CI runs the PostgreSQL suites in Europe/Paris; here a zone 14 hours ahead).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import { createLogger } from "../../src/lib/log.js";
import { createTransport } from "../../src/mail/transport.js";
import { createMailWorker } from "../../src/mail/worker.js";
import { loadConfig } from "../../src/config.js";
import { createTestDatabase, databaseKind } from "../support/database.js";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe(`horodatages (${databaseKind})`, () => {
  it("aucune colonne « timestamp without time zone » dans le schéma", async () => {
    const { rows } = await db.pool.query(
      `SELECT table_name || '.' || column_name AS col FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone' ORDER BY 1`,
    );
    expect(rows.map((r) => r.col)).toEqual([]);
  });

  it("un mail dû est envoyé et un jeton encore valide est lu, quel que soit le fuseau de la session", async () => {
    const client = await db.pool.connect();
    try {
      await client.query(`SET TimeZone TO 'Pacific/Kiritimati'`);
      await client.query(`INSERT INTO "OidcPayload" (id, type, payload, "expiresAt") VALUES ('tz-1', 'Session', '{}', $1)`, [
        new Date(Date.now() + 60_000),
      ]);
      const live = await client.query(`SELECT id FROM "OidcPayload" WHERE id = 'tz-1' AND "expiresAt" > now()`);
      expect(live.rowCount).toBe(1);
      const stored = await client.query<{ e: Date }>(`SELECT "expiresAt" AS e FROM "OidcPayload" WHERE id = 'tz-1'`);
      expect(Math.abs(stored.rows[0]!.e.getTime() - (Date.now() + 60_000))).toBeLessThan(10_000);
    } finally {
      client.release(true);
    }
    // A mail queued now is due now (nextAttemptAt <= now()), sent by the worker.
    const row = await db.prisma.mailOutbox.create({ data: { from: "a@cig929394.fr", to: "tz@example.fr", subject: "s", text: "t" } });
    const dir = (await import("node:fs")).mkdtempSync((await import("node:path")).join((await import("node:os")).tmpdir(), "conv-tz-"));
    const worker = createMailWorker(db, createTransport(loadConfig({ DATA_DIR: dir })), createLogger("silent"), {
      pollMs: 50,
      retryBaseMs: 50,
      retryMaxMs: 50,
      maxAttempts: 3,
    });
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    expect((await db.prisma.mailOutbox.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("SENT");
  });
});
