// HTTP flows shared by the benchmarks: a token call, and one whole password login as a browser and a
// relying party do it (authorize → login form → code → token), with nothing but fetch.
import crypto from "node:crypto";

export async function tokenCall(url: string, auth: string, form: Record<string, string>) {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: { authorization: `Basic ${auth}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  const body = (await res.json()) as Record<string, string>;
  if (!res.ok) throw new Error(`${res.status} ${body.error} ${body.error_description ?? ""}`);
  return body;
}

export const basic = (id: string, secret: string) =>
  Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64");

export interface LoginClient {
  password: string;
  clientId: string;
  clientSecret: string;
  /** The code of the account's authenticator application, asked after the password (second factor). */
  totp?: () => string;
}

/** One whole login; returns the token response. */
export async function login(url: string, publicUrl: string, redirectUri: string, email: string, client: LoginClient) {
  const cookies = new Map<string, string>();
  const jar = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair!.indexOf("=");
      cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const get = async (u: string, init: RequestInit = {}) => {
    const res = await fetch(u.replace(publicUrl, url), {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as object), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    jar(res);
    return res;
  };
  const verifier = crypto.randomBytes(32).toString("base64url");
  const challenge = crypto.createHash("sha256").update(verifier).digest("base64url");
  const auth =
    `${url}/auth?` +
    new URLSearchParams({
      client_id: client.clientId,
      response_type: "code",
      scope: "openid profile email",
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: "S256",
      nonce: crypto.randomBytes(8).toString("hex"),
    });
  let res = await get(auth);
  const interaction = new URL(res.headers.get("location")!, url).href;
  await res.body?.cancel();
  res = await get(interaction);
  const html = await res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error("pas de formulaire de connexion");
  res = await get(new URL(action, url).href, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: client.password }),
  });
  if (res.status !== 303) throw new Error(`connexion refusée (${res.status})`);
  let resume = new URL(res.headers.get("location")!, url).href;
  if (client.totp && new URL(resume).pathname.endsWith("/verification")) {
    // The second step: its page, then the code.
    await res.body?.cancel();
    res = await get(resume);
    await res.body?.cancel();
    res = await get(`${resume}/code`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ code: client.totp() }),
    });
    if (res.status !== 303) throw new Error(`code refusé (${res.status})`);
    resume = new URL(res.headers.get("location")!, url).href;
  }
  await res.body?.cancel();
  res = await get(resume);
  const back = new URL(res.headers.get("location")!);
  await res.body?.cancel();
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`pas de code : ${back}`);
  return tokenCall(url, basic(client.clientId, client.clientSecret), {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
}
