// Which errors are a database outage (→ 503) and which are not (→ their own answer, or 500): real
// errors from pg and Prisma, on PGlite or PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { connect, type Database } from "../../src/db/database.js";
import { DatabaseUnavailable, isDatabaseUnavailable } from "../../src/db/unavailable.js";
import { createTestDatabase, databaseKind, onPostgres } from "../support/database.js";
import { freePort } from "../support/server.js";

let db: Database;
let nowhere: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  // A server address where nothing listens: what the pool sees while PostgreSQL is stopped.
  nowhere = connect(`postgresql://postgres@127.0.0.1:${await freePort()}/postgres`, 1);
});
afterAll(async () => {
  await nowhere?.close();
  await db?.close();
});

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe(`une base injoignable est une indisponibilité, pas une erreur (${databaseKind})`, () => {
  it("connexion refusée : pg, Prisma (modèle, requête brute, transaction) et le lanceur SQL d'OIDC", async () => {
    const errors = [
      await caught(nowhere.pool.query("SELECT 1")),
      await caught(nowhere.prisma.user.count()),
      await caught(nowhere.prisma.$queryRaw`SELECT 1`),
      await caught(nowhere.prisma.$transaction(async (tx) => tx.user.count())),
    ];
    for (const e of errors) expect(isDatabaseUnavailable(e), String(e)).toBe(true);
    const fromSql = await caught(nowhere.sql("probe", "SELECT 1", []));
    expect(fromSql).toBeInstanceOf(DatabaseUnavailable);
    // The fields oidc-provider reads to answer temporarily_unavailable with 503.
    expect(fromSql).toMatchObject({ statusCode: 503, expose: true, message: "temporarily_unavailable" });
  });

  it.skipIf(!onPostgres)(
    "connexion coupée par le serveur (57P01, comme à l'arrêt de PostgreSQL), et la connexion rendue au pool",
    async () => {
      // One connection only: had the broken transaction kept it, the next one would wait in vain.
      const one = connect(db.url, 1);
      try {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        client.on("error", () => {});
        const { rows } = await client.query("SELECT pg_backend_pid() AS pid");
        const viaPrisma = await one.prisma
          .$transaction(async (tx) => {
            const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
            await db.pool.query("SELECT pg_terminate_backend($1)", [row!.pid]);
            return caught(tx.$queryRaw`SELECT 1`);
          })
          .catch((e: unknown) => e);
        await db.pool.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
        const viaPg = await caught(client.query("SELECT 1"));
        expect(isDatabaseUnavailable(viaPg), String(viaPg)).toBe(true);
        expect(isDatabaseUnavailable(viaPrisma), String(viaPrisma)).toBe(true);
        // The broken connection was dropped and replaced: the next transaction gets one at once.
        expect(await one.prisma.$transaction(async (tx) => tx.user.count())).toBeGreaterThanOrEqual(0);
      } finally {
        await one.close();
      }
    },
  );

  it("les erreurs de requête ne sont pas des indisponibilités (syntaxe, contrainte, délai d'une requête)", async () => {
    const errors = [
      await caught(db.pool.query("SELEC 1")),
      await caught(db.prisma.$queryRawUnsafe("SELECT 1/0")),
      await caught(db.prisma.structure.create({ data: { id: "00000000-0000-0000-0000-000000000000" } as any })),
      await caught(db.pool.query("SELECT * FROM nulle_part")),
    ];
    for (const e of errors) {
      expect(e).toBeTruthy();
      expect(isDatabaseUnavailable(e), String(e)).toBe(false);
    }
    expect(isDatabaseUnavailable(new Error("quelque chose d'autre"))).toBe(false);
  });
});
