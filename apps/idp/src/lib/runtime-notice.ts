// Preloaded (`node --import`) by `pnpm start` and the commands: oidc-provider 9 prints « Unsupported
// runtime. Use Node.js v22.x LTS » on any Node older than 22, at import. Convergences supports Node
// 20.19+ (CI runs every suite on Node 20) and recommends Node 22 (the image's); the line would only
// alarm an operator, so exactly that line is dropped — every other warning still prints.
const original = console.warn;
console.warn = function warn(...args: unknown[]) {
  if (typeof args[0] === "string" && args[0].startsWith("oidc-provider WARNING: Unsupported runtime.")) return;
  return original.apply(this, args);
};
