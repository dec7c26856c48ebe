// The one layout of the server-rendered pages (this folder, plus the development mail page, the API
// documentation and the console's fallback page): the French, accessible shell and its style sheet.
// The html`` tag that escapes comes from @convergences/html (shared with the demo relying party).
// No inline style attribute and no inline script: the CSP (../http/security-headers.ts) only lets the
// nonce'd <style> in, and scripts are files (/assets/cle-d-acces.js).
import { html, SafeHtml } from "@convergences/html";
import { cspNonce } from "../http/security-headers.js";

/** The passkey buttons' script (served by ../mfa/assets.ts), for the pages that offer a passkey. */
export const PASSKEY_SCRIPT = html`<script src="/assets/cle-d-acces.js" defer></script>`;

/** The alert of a one-field form, and the attribute that ties the field to it. */
export const alert = (error?: string) => (error ? html`<p class="error" role="alert" id="erreur">${error}</p>` : "");
export const describedBy = (error?: string) => (error ? new SafeHtml(' aria-describedby="erreur"') : "");

interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Shown in the header when someone is signed in. */
  user?: { name: string } | null;
  organisation?: string;
  /** Page-specific rules (e.g. the portal's tile colours), added to the shell's <style>. */
  css?: string;
}

const CSS = `
:root{--blue:#0b4f8a;--blue-dark:#083a66;--red:#b3261e;--green:#1b5e20;--grey:#4a4a4a;--bg:#f4f6f9}
*{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:var(--bg);line-height:1.5}
header{background:var(--blue);color:#fff;padding:.75rem 1.5rem;display:flex;align-items:center;justify-content:space-between;gap:1rem}
header .brand{font-size:1.35rem;font-weight:700;letter-spacing:.02em;color:#fff;text-decoration:none}
header .org{font-size:.9rem;opacity:.95}
main{max-width:64rem;margin:2rem auto;padding:0 1rem}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:2rem;max-width:28rem;margin:0 auto}
.wide{max-width:none}
h1{font-size:1.5rem;margin-top:0;color:var(--blue-dark)}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.6rem;border:1px solid #767676;border-radius:4px;font-size:1rem}
button,.button{display:inline-block;background:var(--blue);color:#fff;border:0;border-radius:4px;padding:.65rem 1.2rem;font-size:1rem;font-weight:600;cursor:pointer;text-decoration:none;margin-top:1.25rem}
button.secondary,.button.secondary{background:#fff;color:var(--blue);border:2px solid var(--blue)}
button:hover,.button:hover{background:var(--blue-dark);color:#fff}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
a{color:var(--blue)}
.links{display:flex;justify-content:space-between;flex-wrap:wrap;gap:.5rem;margin-top:1.25rem}
.error{border-left:4px solid var(--red);background:#fdecea;padding:.75rem 1rem;color:#5f1410}
.info{border-left:4px solid var(--blue);background:#e8f0fa;padding:.75rem 1rem}
.success{border-left:4px solid var(--green);background:#e8f5e9;padding:.75rem 1rem}
.hint{color:var(--grey);font-size:.9rem}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:1rem;padding:0;list-style:none}
.tile a{display:block;min-height:8rem;border-radius:8px;padding:1.25rem;color:#fff;text-decoration:none;box-shadow:0 1px 3px rgba(0,0,0,.25)}
.tile a:hover,.tile a:focus-visible{filter:brightness(1.1)}
.tile .name{font-size:1.15rem;font-weight:700;display:block}
.tile .desc{font-size:.9rem;display:block;margin-top:.5rem}
footer{text-align:center;color:var(--grey);font-size:.85rem;margin:2rem 0}
.m0{margin:0}.m-quarter{margin:.25rem 0}.m-quarter-bottom{margin:0 0 .25rem}.m-quarter-top{margin:.25rem 0 0}
.error-title{font-size:1.1rem;margin:0 0 .5rem}.field-error{color:var(--red)}.pre-wrap{white-space:pre-wrap}
.mail-frame{width:100%;height:32rem;border:1px solid #ccc}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
/* hidden wins over button{display:…}: the passkey buttons stay hidden until their script shows them */
[hidden]{display:none!important}
`;

export function page({ title, body, user, organisation = "CIG Petite Couronne", css = "" }: PageOptions): string {
  const nonce = cspNonce();
  return (
    "<!doctype html>\n" +
    html`<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – Convergences</title>
<style${nonce ? html` nonce="${nonce}"` : ""}>${new SafeHtml(CSS + css)}</style>
</head>
<body>
<header>
  <a class="brand" href="/">Convergences</a>
  <span class="org">${user ? html`Bienvenue, ${user.name}` : organisation}</span>
</header>
<main id="contenu">
${body}
</main>
<footer>Convergences – ${organisation} · Accessibilité : partiellement conforme</footer>
</body>
</html>`.value
  );
}
