// « Accès refusé »: the signed-in agent holds no role on the application that sent him; the page
// names whom to ask (his référents, ../interactions/referents.ts).
import { html } from "@convergences/html";
import { page } from "./layout.js";

export interface Referent {
  name: string;
  email: string;
}

export function notAuthorisedPage(o: {
  applicationName: string;
  referents: Referent[];
  user: { name: string };
  portalUrl: string;
  organisation?: string;
}): string {
  return page({
    title: "Accès refusé",
    user: o.user,
    organisation: o.organisation,
    body: html`<div class="card">
<h1>Accès refusé</h1>
<p class="error" role="alert">Vous n'êtes pas habilité à accéder à cette application (${o.applicationName}).</p>
${
  o.referents.length
    ? html`<p>Pour obtenir un accès, adressez-vous à votre référent administrateur :</p>
<ul>${o.referents.map((r) => html`<li>${r.name} – <a href="mailto:${r.email}">${r.email}</a></li>`)}</ul>`
    : html`<p>Pour obtenir un accès, adressez-vous au référent administrateur de votre collectivité ou de votre établissement.</p>`
}
<a class="button" href="${o.portalUrl}">Retour au portail</a>
</div>`,
  });
}
