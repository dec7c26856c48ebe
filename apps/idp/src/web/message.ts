// A page that says one thing and offers one way on: an expired sign-in page, an interrupted sign-in,
// the error pages (erreur.ts), the outage page (../http/unavailable.ts), « Vous êtes déconnecté ».
import { html, raw } from "@convergences/html";
import { page } from "./layout.js";

export function messagePage(o: {
  title: string;
  message: string;
  kind?: "error" | "info" | "success";
  link?: { href: string; label: string };
  organisation?: string;
}): string {
  return page({
    title: o.title,
    organisation: o.organisation,
    body: html`<div class="card">
<h1>${o.title}</h1>
<p class="${o.kind ?? "info"}"${o.kind === "error" ? raw(' role="alert"') : ""}>${o.message}</p>
${o.link ? html`<a class="button" href="${o.link.href}">${o.link.label}</a>` : ""}
</div>`,
  });
}
