// The demo's pages: a few escaped HTML fragments in French (the html`` tag shared with the identity
// provider, @convergences/html), styled like a separate application.
import { html, type SafeHtml } from "@convergences/html";

export function page(title: string, body: SafeHtml): string {
  return `<!doctype html>\n${
    html`<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – BIP (démo)</title>
<style>body{margin:0;font-family:system-ui,Arial,sans-serif;background:#f3f6fb;color:#1a1a1a;line-height:1.5}
header{background:#1565c0;color:#fff;padding:.75rem 1.5rem;font-weight:700;font-size:1.3rem}main{max-width:52rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:2rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #dde3ea;vertical-align:top}th{width:14rem}
.button{display:inline-block;background:#1565c0;color:#fff;border-radius:4px;padding:.6rem 1.1rem;text-decoration:none;font-weight:600;margin-top:1rem}
.error{border-left:4px solid #b3261e;background:#fdecea;padding:.75rem 1rem}:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}</style>
</head><body><header>BIP (démo)</header><main id="contenu"><div class="card">${body}</div></main></body></html>`.value
  }`;
}

export interface ShownClaims {
  sub: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  structures?: { id?: string; name?: string; path?: string }[];
  roles?: { code?: string; label?: string; structure?: { id?: string; name?: string } | string }[];
}

export function homePage(claims: ShownClaims): string {
  const structures = claims.structures ?? [];
  const roles = claims.roles ?? [];
  return page(
    "Accueil",
    html`<h1>Bienvenue dans BIP (démo), ${claims.name ?? claims.email ?? claims.sub}</h1>
<p>Vous êtes connecté par Convergences. Voici ce que le jeton d'identité transmet à l'application :</p>
<table>
<caption style="text-align:left;font-weight:600;margin-bottom:.5rem">Informations du jeton d'identité</caption>
<tr><th scope="row">Nom complet</th><td>${claims.name}</td></tr>
<tr><th scope="row">Prénom</th><td>${claims.given_name}</td></tr>
<tr><th scope="row">Nom</th><td>${claims.family_name}</td></tr>
<tr><th scope="row">Adresse e-mail</th><td>${claims.email}</td></tr>
<tr><th scope="row">Identifiant (sub)</th><td><code>${claims.sub}</code></td></tr>
<tr><th scope="row">Structures</th><td>${structures.length ? html`<ul>${structures.map((s) => html`<li>${s.path ?? s.name ?? s.id}</li>`)}</ul>` : "aucune"}</td></tr>
<tr><th scope="row">Rôles dans BIP</th><td>${roles.length ? html`<ul>${roles.map((r) => html`<li>${r.label ?? r.code}${structureName(r.structure)}</li>`)}</ul>` : "aucun"}</td></tr>
</table>
<a class="button" href="/deconnexion">Se déconnecter</a>`,
  );
}

function structureName(s: unknown): string {
  if (!s) return "";
  if (typeof s === "string") return ` (${s})`;
  const o = s as { name?: string; id?: string };
  return ` (${o.name ?? o.id ?? ""})`;
}

export function signedOutPage(message?: string): string {
  return page(
    "Connexion",
    html`<h1>BIP (démo)</h1>
${message ? html`<p role="status">${message}</p>` : ""}
<p>Cette application de démonstration tient la place de BIP : elle connecte ses utilisateurs par Convergences (OpenID Connect).</p>
<a class="button" href="/connexion">Se connecter</a>`,
  );
}

export function errorPage(message: string): string {
  return page(
    "Erreur",
    html`<h1>Connexion impossible</h1>
<p class="error" role="alert">${message}</p>
<a class="button" href="/connexion">Réessayer</a>`,
  );
}
