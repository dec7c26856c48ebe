// The two durable queues, MailOutbox (mail/worker.ts) and BackchannelJob (oidc/backchannel.ts), are
// claimed the same way: due PENDING rows are leased (lockedUntil) and counted as an attempt in one
// UPDATE, FOR UPDATE SKIP LOCKED, so that several instances never take the same row; a lease that
// runs out (a killed process) makes the row due again.
import type { Sql } from "../sql.js";

const QUEUES = {
  MailOutbox: {
    order: `"nextAttemptAt", "createdAt"`,
    returning: `"id", "from", "to", "subject", "text", "html", "createdAt", "attempts"`,
  },
  BackchannelJob: {
    order: `"nextAttemptAt"`,
    returning: `id, url, "clientId", sub, sid, attempts`,
  },
} as const;

const claimSql = (
  table: keyof typeof QUEUES,
) => `UPDATE "${table}" SET "lockedUntil" = now() + $1::int * interval '1 millisecond', attempts = attempts + 1
  WHERE id IN (
    SELECT id FROM "${table}"
     WHERE status = 'PENDING' AND "nextAttemptAt" <= now() AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
     ORDER BY ${QUEUES[table].order} LIMIT $2::int
     FOR UPDATE SKIP LOCKED)
  RETURNING ${QUEUES[table].returning}`;
const CLAIM = { MailOutbox: claimSql("MailOutbox"), BackchannelJob: claimSql("BackchannelJob") };

/** Leases up to `limit` due rows of the queue for `leaseMs`. */
export async function claimDue<R extends object>(sql: Sql, table: keyof typeof QUEUES, leaseMs: number, limit: number): Promise<R[]> {
  return (await sql<R & Record<string, unknown>>(`claim_${table}`, CLAIM[table], [leaseMs, limit])).rows;
}

/** A back-channel logout to deliver (its retries are counted on the row). */
export async function enqueueBackchannel(sql: Sql, job: { url: string; clientId: string; sub: string; sid: string | null }): Promise<void> {
  await sql("backchannel_enqueue", `INSERT INTO "BackchannelJob" (url, "clientId", sub, sid) VALUES ($1, $2, $3, $4)`, [
    job.url,
    job.clientId,
    job.sub,
    job.sid,
  ]);
}

export async function deleteBackchannel(sql: Sql, id: string): Promise<void> {
  await sql("backchannel_delete", `DELETE FROM "BackchannelJob" WHERE id = $1`, [id]);
}

/** A failed delivery: tried again after `delayMs`, or given up (FAILED). */
export async function retryBackchannel(sql: Sql, id: string, failed: boolean, error: string, delayMs: number): Promise<void> {
  await sql(
    "backchannel_retry",
    `UPDATE "BackchannelJob" SET status = $2::"JobStatus", "lockedUntil" = NULL, "lastError" = $3,
        "nextAttemptAt" = now() + $4::int * interval '1 millisecond' WHERE id = $1`,
    [id, failed ? "FAILED" : "PENDING", error.slice(0, 1000), delayMs],
  );
}
