// The yardstick of `pnpm bench:oidc`: oidc-provider with nothing of ours — an in-memory adapter, one
// static confidential client, its default account — serving the same token calls, with the same
// signing set-up as ours (ES256 ID tokens, keys.ts) so that the ratio measures our overhead, not the
// choice of algorithm. Prints one JSON line {port, refreshTokens} once ready.
import http from "node:http";
import Provider from "oidc-provider";
import { exportJWK, generateKeyPair } from "jose";

const port = Number(process.env.PORT ?? 0);
const chains = Number(process.env.CHAINS ?? 16);
const issuer = `http://127.0.0.1:${port}`;
// A plain Map: oidc-provider's own development adapter is an LRU of 1,000 entries, which evicts the
// grants long before a refresh benchmark ends.
const store = new Map<string, any>();
const grants = new Map<string, Set<string>>();
class MemoryAdapter {
  constructor(readonly name: string) {}
  key(id: string) {
    return `${this.name}:${id}`;
  }
  async upsert(id: string, payload: any) {
    store.set(this.key(id), payload);
    if (payload.grantId) {
      let set = grants.get(payload.grantId);
      if (!set) grants.set(payload.grantId, (set = new Set()));
      set.add(this.key(id));
    }
  }
  async find(id: string) {
    return store.get(this.key(id));
  }
  async findByUid(uid: string) {
    for (const v of store.values()) if (v.uid === uid) return v;
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume(id: string) {
    const v = store.get(this.key(id));
    if (v) v.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string) {
    store.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string) {
    for (const k of grants.get(grantId) ?? []) store.delete(k);
    grants.delete(grantId);
  }
}

const jwk = async (alg: "ES256" | "RS256") => ({
  ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey)),
  alg,
  use: "sig",
  kid: alg,
});
const provider = new Provider(issuer, {
  adapter: MemoryAdapter as any,
  jwks: { keys: [await jwk("ES256"), await jwk("RS256")] as any },
  clientDefaults: {
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
    id_token_signed_response_alg: "ES256",
  },
  clients: [
    {
      client_id: "bench",
      client_secret: "bench-secret",
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      redirect_uris: ["http://127.0.0.1:9/cb"],
      scope: "openid profile email",
    },
  ],
  scopes: ["openid", "offline_access", "profile", "email"],
  claims: { openid: ["sub"], email: ["email"] },
  features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  issueRefreshToken: async () => true,
  rotateRefreshToken: true,
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: "bench@example.org" }) }),
});
const server = http.createServer(provider.callback());
await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));

// Refresh tokens as a code exchange would have left them: one grant and one token per chain.
const client = (await provider.Client.find("bench"))!;
const refreshTokens: string[] = [];
for (let i = 0; i < chains; i++) {
  const grant = new provider.Grant({ accountId: `bench-${i}`, clientId: "bench" });
  grant.addOIDCScope("openid email");
  const grantId = await grant.save();
  const rt = new provider.RefreshToken({
    client,
    accountId: `bench-${i}`,
    grantId,
    scope: "openid email",
    gty: "authorization_code",
    authTime: Math.floor(Date.now() / 1000),
  } as any);
  refreshTokens.push(await rt.save());
}
process.stdout.write(JSON.stringify({ port: (server.address() as import("node:net").AddressInfo).port, refreshTokens }) + "\n");
