// A minimal browser for server-rendered forms: keeps cookies, reads a form's hidden fields, posts it.
export class Browser {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<{ status: number; body: string; headers: Headers }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(new URL(path, this.base), { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return { status: res.status, body: await res.text(), headers: res.headers };
  }

  get(path: string) {
    return this.request(path);
  }

  /** Submits the page's form like a browser: its hidden fields plus `fields`. */
  async submit(page: string, fields: Record<string, string>) {
    const form = /<form method="post" action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(page);
    if (!form) throw new Error("pas de formulaire dans la page");
    const data = new URLSearchParams();
    for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) data.set(m[1]!, unescape(m[2]!));
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return this.request(unescape(form[1]!), {
      method: "POST",
      body: data,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  dropCookies() {
    this.cookies.clear();
  }
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** A page without its CSP nonce (one per response), to compare two answers. */
export const withoutNonce = (body: string) => body.replace(/ nonce="[^"]+"/g, "");
