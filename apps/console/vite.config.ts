import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The console is served by the identity provider under /aia/ in production. In development, Vite
// serves it on :5173 and forwards the API and the provider's endpoints to the server on :3000.
const target = process.env.CONSOLE_PROXY_TARGET ?? "http://localhost:3000";
const proxied = ["/api", "/.well-known", "/auth", "/token", "/jwks", "/me", "/session", "/interaction", "/mot-de-passe"];

export default defineConfig({
  base: "/aia/",
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, { target, changeOrigin: false }])),
  },
  build: {
    outDir: "dist",
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
