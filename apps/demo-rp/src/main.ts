// `pnpm start` runs this beside the identity provider: BIP (démo) on DEMO_RP_PORT (default 3001).
import http from "node:http";
import { createDemoRp, discover } from "./app.js";

// The provider's development secret of the seeded "bip" client (DEMO_BIP_SECRET in apps/idp/src/server.ts).
const DEFAULT_SECRET = "demo-bip-secret-a-changer-en-production";

const port = Number(process.env.DEMO_RP_PORT ?? 3001);
const host = process.env.DEMO_RP_HOST ?? "127.0.0.1";
const issuer = (process.env.IDP_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const baseUrl = (process.env.DEMO_RP_URL ?? `http://localhost:${port}`).replace(/\/+$/, "");
const clientId = process.env.DEMO_RP_CLIENT_ID ?? "bip";
const secret = process.env.DEMO_RP_CLIENT_SECRET ?? DEFAULT_SECRET;

const log = (msg: string, fields?: Record<string, unknown>) =>
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), app: "demo-rp", msg, ...fields }) + "\n");

const config = await discover(issuer, clientId, secret, { log });
const { app } = createDemoRp({ config, clientId, baseUrl, log });
const server = http.createServer(app.callback());
server.listen(port, host, () => log(`BIP (démo) : ${baseUrl}/`, { issuer }));

const stop = () => server.close(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
