// How zod runs wherever the contract is used; index.ts exports this module first, so that it runs
// before any schema is built.
import { z } from "zod";

// In a browser, the server's Content-Security-Policy has no 'unsafe-eval': zod must not even probe
// for `new Function` (its JIT, probed when a schema is built), since the caught probe is reported as
// a violation.
if (typeof (globalThis as { document?: unknown }).document !== "undefined") z.config({ jitless: true });
