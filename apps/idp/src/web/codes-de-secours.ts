// « Vos codes de secours » (shown once, after enrolment or when new ones are drawn) and « Code de
// secours accepté » (how many are left).
import { html } from "@convergences/html";
import { csrfField } from "./csrf.js";
import { page } from "./layout.js";

export function recoveryCodesPage(o: {
  codes: string[];
  action: string;
  organisation?: string;
  intro?: string;
  csrf?: string;
  method?: "get" | "post";
}): string {
  return page({
    title: "Vos codes de secours",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Vos codes de secours</h1>
<p class="success">${o.intro ?? "La double authentification est activée."}</p>
<p>Si vous perdez votre téléphone ou votre clé, chacun de ces dix codes permet <strong>une seule</strong> connexion. Notez-les ou imprimez-les et gardez-les en lieu sûr : ils ne seront plus affichés.</p>
<ol id="codes-de-secours">
${o.codes.map((c) => html`<li><code>${c}</code></li>`)}
</ol>
<form method="${o.method ?? "post"}" action="${o.action}">${csrfField(o.csrf)}
  <button type="submit">J'ai noté mes codes, continuer</button>
</form>
</div>`,
  });
}

export function recoveryUsedPage(o: { left: number; action: string; organisation?: string }): string {
  const left =
    o.left === 0
      ? "Il ne vous reste aucun code de secours."
      : o.left === 1
        ? "Il vous reste 1 code de secours."
        : `Il vous reste ${o.left} codes de secours.`;
  return page({
    title: "Code de secours accepté",
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Code de secours accepté</h1>
<p class="${o.left <= 3 ? "error" : "info"}" role="status">${left}</p>
<p>Générez de nouveaux codes, ou remplacez votre téléphone perdu, depuis « Sécurité du compte » sur le portail.</p>
<form method="post" action="${o.action}">
  <button type="submit">Continuer</button>
</form>
</div>`,
  });
}
