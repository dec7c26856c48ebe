import { describe, expect, it } from "vitest";
import { escapeHtml, html, raw, SafeHtml } from "./index.js";

describe("le gabarit html des pages", () => {
  it("échappe chaque valeur insérée, y compris les guillemets d'un attribut", () => {
    const name = `<script>alert("x")</script>' onmouseover='x`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;x">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;x</p>',
    );
  });

  it("insère tel quel un fragment html imbriqué, et joint les listes", () => {
    const items = ["a&b", "c"].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe("<ul><li>a&amp;b</li><li>c</li></ul>");
    expect(html`<input${raw(" autofocus")}>`.value).toBe("<input autofocus>");
  });

  it("n'affiche rien pour null, undefined et false, mais affiche 0", () => {
    expect(html`[${null}${undefined}${false}${0}]`.value).toBe("[0]");
  });

  it("échappe une valeur seule et garde le texte d'un SafeHtml", () => {
    expect(escapeHtml("l'été & <b>")).toBe("l&#39;été &amp; &lt;b&gt;");
    expect(String(new SafeHtml("<b>gras</b>"))).toBe("<b>gras</b>");
  });
});
