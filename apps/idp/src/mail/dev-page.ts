// GET /dev/mails: the outbox, for a developer on the embedded default (mails go to .eml files there).
// Never mounted in production, nor when a real SMTP server is configured: the page shows one-time links.
import Router from "@koa/router";
import type { Database } from "../db/database.js";
import { html, type SafeHtml } from "@convergences/html";
import { page } from "../web/layout.js";

const STATUS = { PENDING: "en attente", SENT: "envoyé", FAILED: "abandonné" } as const;
const when = (d: Date | null) => (d ? d.toLocaleString("fr-FR", { timeZone: "Europe/Paris" }) : "—");

/** Escapes the text and turns its http(s) addresses into links. */
function linkify(text: string): SafeHtml {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return html`${parts.map((p, i) => (i % 2 ? html`<a href="${p}">${p}</a>` : p))}`;
}

export function devMailRoutes(db: Pick<Database, "prisma">): Router {
  const router = new Router({ prefix: "/dev/mails" });
  router.get("/", async (ctx) => {
    const mails = await db.prisma.mailOutbox.findMany({ orderBy: { createdAt: "desc" }, take: 200 });
    ctx.set("Cache-Control", "no-store");
    ctx.type = "html";
    ctx.body = page({
      title: "Mails émis (développement)",
      body: html`<div class="card wide">
<h1>Mails émis (développement)</h1>
<p class="hint">Page de développement, absente en production. Les 200 derniers mails de la file d'envoi.</p>
${
  mails.length === 0
    ? html`<p>Aucun mail pour l'instant.</p>`
    : html`<table>
<caption class="visually-hidden">Mails de la file d'envoi, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Créé le</th><th scope="col">Destinataire</th><th scope="col">Objet</th><th scope="col">État</th><th scope="col">Essais</th></tr></thead>
<tbody>${mails.map((m) => html`<tr><td>${when(m.createdAt)}</td><td>${m.to}</td><td><a href="/dev/mails/${m.id}">${m.subject}</a></td><td>${STATUS[m.status]}</td><td>${m.attempts}</td></tr>\n`)}</tbody>
</table>`
}
</div>`,
    });
  });
  router.get("/:id", async (ctx) => {
    const id = ctx.params.id ?? "";
    const mail = /^[0-9a-f-]{36}$/i.test(id) ? await db.prisma.mailOutbox.findUnique({ where: { id } }) : null;
    ctx.set("Cache-Control", "no-store");
    ctx.type = "html";
    if (!mail) {
      ctx.status = 404;
      ctx.body = page({
        title: "Mail introuvable",
        body: html`<div class="card"><h1>Mail introuvable</h1><p><a href="/dev/mails">Retour à la liste</a></p></div>`,
      });
      return;
    }
    ctx.body = page({
      title: mail.subject,
      body: html`<div class="card wide">
<p><a href="/dev/mails">← Tous les mails</a></p>
<h1>${mail.subject}</h1>
<dl>
<dt>De</dt><dd>${mail.from}</dd><dt>À</dt><dd>${mail.to}</dd>
<dt>Créé le</dt><dd>${when(mail.createdAt)}</dd><dt>État</dt><dd>${STATUS[mail.status]} (${mail.attempts} essai(s))${mail.sentAt ? html`, envoyé le ${when(mail.sentAt)}` : ""}</dd>
${mail.lastError ? html`<dt>Dernière erreur</dt><dd>${mail.lastError}</dd>` : ""}
</dl>
<h2>Texte</h2>
<pre class="pre-wrap">${linkify(mail.text)}</pre>
${mail.html ? html`<h2>HTML</h2><iframe title="Version HTML du mail" sandbox src="/dev/mails/${mail.id}/html" class="mail-frame"></iframe>` : ""}
</div>`,
    });
  });
  router.get("/:id/html", async (ctx) => {
    const id = ctx.params.id ?? "";
    const mail = /^[0-9a-f-]{36}$/i.test(id) ? await db.prisma.mailOutbox.findUnique({ where: { id } }) : null;
    if (!mail?.html) return;
    // A mail's own HTML (inline styles, as mails need), shown sandboxed in the dev page's frame only:
    // the one exception to the site's headers (../http/security-headers.ts), development only.
    ctx.set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    ctx.set("X-Frame-Options", "SAMEORIGIN");
    ctx.set("Cache-Control", "no-store");
    ctx.type = "html";
    ctx.body = mail.html;
  });
  return router;
}
