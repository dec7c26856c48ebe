// One AsyncLocalStorage for what a request carries across its awaits: the nonce of its CSP
// (http/security-headers.ts) and its OIDC unit of work (oidc/unit-of-work.ts). On Node 20 every
// AsyncLocalStorage in use is copied onto every promise a request creates, whichever store it is:
// one shared store instead of one per concern (oidc-provider keeps its own, for its ctx).
import { AsyncLocalStorage } from "node:async_hooks";
import type { Unit } from "../oidc/unit-of-work.js";

export interface RequestScope {
  nonce?: string;
  unit?: Unit;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();
