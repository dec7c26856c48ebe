// "The database cannot be reached right now" as one question, whatever layer saw it: pg (socket
// errors, server shutdown codes, pool timeouts), Prisma (P1001… wrapping adapter-pg's
// DriverAdapterError) or the embedded server's socket. Such errors are an outage, not a bug: every
// entry point answers 503 with Retry-After instead of 500, and the workers wait and retry.

/** Seconds a client should wait before trying again (Retry-After). */
export const RETRY_AFTER_S = 5;

export const UNAVAILABLE_MESSAGE = "Le service est momentanément indisponible. Réessayez dans quelques instants.";

/** SQLSTATE classes and codes that mean "no usable connection": 08 connection exception, 57P0x shutdown, 53300 too many connections. */
const PG_CODES = new Set(["57P01", "57P02", "57P03", "57P05", "53300", "08000", "08001", "08003", "08004", "08006", "08007"]);
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ECONNABORTED",
]);
/** Prisma's connection errors: can't reach, timed out, closed connection, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** adapter-pg's DriverAdapterError kinds. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** pg's own messages for a lost or impossible connection (they carry no code). */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Client was closed|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|terminating connection due to administrator command|server closed the connection unexpectedly|Can't reach database server|Unable to start a transaction in the given time|Server has closed the connection/i;

export function isDatabaseUnavailable(e: unknown): boolean {
  return check(e, 0);
}

function check(e: unknown, depth: number): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  if (e instanceof DatabaseUnavailable) return true;
  const err = e as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
    errors?: unknown;
  };
  const code = typeof err.code === "string" ? err.code : undefined;
  if (code && (PG_CODES.has(code) || SOCKET_CODES.has(code) || PRISMA_CODES.has(code))) return true;
  if (typeof err.originalCode === "string" && PG_CODES.has(err.originalCode)) return true;
  if (typeof err.kind === "string" && ADAPTER_KINDS.has(err.kind)) return true;
  // A query error from PostgreSQL itself (a code of another class) is not an outage, whatever its text.
  const fromServer = typeof (e as { severity?: unknown }).severity === "string";
  if (!fromServer && typeof err.message === "string" && MESSAGES.test(err.message)) return true;
  if (err.meta?.driverAdapterError && check(err.meta.driverAdapterError, depth + 1)) return true;
  if (err.cause && check(err.cause, depth + 1)) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => check(x, depth + 1))) return true;
  return false;
}

/**
 * The outage as an error of its own. Its fields are those oidc-provider's error handlers read
 * (`expose`, `statusCode`, the OAuth `error` as message, `error_description`), so that thrown from
 * the provider's storage it is answered `temporarily_unavailable` with 503 instead of `server_error`.
 */
export class DatabaseUnavailable extends Error {
  override readonly name = "DatabaseUnavailable";
  readonly status = 503;
  readonly statusCode = 503;
  readonly expose = true;
  readonly error = "temporarily_unavailable";
  readonly error_description = UNAVAILABLE_MESSAGE;
  readonly allow_redirect = true;
  constructor(cause: unknown) {
    super("temporarily_unavailable", { cause });
  }
}

/** Rethrows a connection error as DatabaseUnavailable, anything else as it is. */
export function asUnavailable(e: unknown): never {
  throw isDatabaseUnavailable(e) && !(e instanceof DatabaseUnavailable) ? new DatabaseUnavailable(e) : e;
}
