// @convergences/contract: the admin API's schemas (zod 4) and types, error codes and French labels,
// shared by the API (apps/idp/src/api) and the AIA console.
import "./zod-setup.js";
export * from "./errors.js";
export * from "./common.js";
export * from "./users.js";
export * from "./structures.js";
export * from "./applications.js";
export * from "./mandates.js";
export * from "./me.js";
export * from "./audit.js";
export * from "./labels.js";
export * from "./endpoint.js";
export * from "./endpoints.js";
export * from "./format.js";
