// A fresh, migrated database for one test file: a new in-memory PGlite by default, or — when
// TEST_DATABASE_URL points at a PostgreSQL server — a new database created on it and dropped after.
import crypto from "node:crypto";
import pg from "pg";
import { connect, openDatabase, type Database } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrate.js";

export const onPostgres = !!process.env.TEST_DATABASE_URL;
export const databaseKind = onPostgres ? "PostgreSQL" : "PGlite";

export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  let db: Database;
  if (process.env.TEST_DATABASE_URL) {
    const admin = new URL(process.env.TEST_DATABASE_URL);
    const name = `conv_test_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    // The test database keeps the time zone of TEST_DATABASE_URL's (CI sets Europe/Paris there, so
    // that the suites prove nothing depends on the session's TimeZone).
    const { rows } = await client.query<{ tz: string }>(`SELECT current_setting('TimeZone') AS tz`);
    await client.query(`ALTER DATABASE "${name}" SET timezone TO ${client.escapeLiteral(rows[0]!.tz)}`);
    await client.end();
    const url = new URL(admin.toString());
    url.pathname = "/" + name;
    db = connect(url.toString(), 5, false, async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    });
  } else {
    db = await openDatabase({ DATA_DIR: "", inMemory: true, DATABASE_POOL_SIZE: 5 });
  }
  if (options.migrate !== false) await migrate(db.pool);
  return db;
}
