// The HTML of the server-rendered pages, shared by the identity provider (apps/idp/src/web/) and the
// demo relying party: a tagged template that escapes every interpolated value unless it is already
// HTML (a nested html`` or an explicit SafeHtml).

export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

export function escapeHtml(s: unknown): string {
  return String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function render(v: unknown): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join("");
  if (v === null || v === undefined || v === false) return "";
  return escapeHtml(v);
}

/** html`<p>${userInput}</p>`: values are escaped unless they are SafeHtml (nested html``); arrays are joined; null, undefined and false render nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Markup written by the program itself (never user input): `raw(' autofocus')`. */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);
