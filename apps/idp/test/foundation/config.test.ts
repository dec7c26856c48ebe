import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const idp = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("Configuration", () => {
  it("a des valeurs par défaut sûres pour le mode embarqué", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe("http://localhost:3000");
    expect(c.DATA_DIR).toBe(path.resolve("./data"));
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.MAIL_FROM).toBe("ne-pas-repondre@cig929394.fr");
  });

  it("une variable vide compte comme absente, et la barre oblique finale de PUBLIC_URL est retirée", () => {
    const c = loadConfig({ PORT: "", PUBLIC_URL: "https://auth.cig929394.fr/", DATABASE_URL: "" });
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe("https://auth.cig929394.fr");
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["PORT", "abc", /PORT doit être un nombre/],
    ["PORT", "70000", /PORT doit être compris entre 0 et 65535/],
    ["PUBLIC_URL", "auth.cig929394.fr", /PUBLIC_URL doit être une URL http\(s\) complète/],
    ["DATABASE_URL", "mysql://root@localhost/x", /DATABASE_URL doit commencer par postgres/],
    ["SECRET_KEY", "trop-courte", /SECRET_KEY doit faire 32 octets/],
    ["SMTP_URL", "localhost:25", /SMTP_URL doit commencer par smtp/],
    ["MAIL_FROM", "pas-une-adresse", /MAIL_FROM doit être une adresse e-mail/],
  ])("nomme la variable quand %s=%s n'est pas valide", (variable, value, message) => {
    try {
      loadConfig({ [variable]: value });
      expect.unreachable("loadConfig should have thrown");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
      expect((e as Error).message).toMatch(message);
    }
  });

  it("arrête le démarrage avec un message clair qui nomme la variable", () => {
    const r = spawnSync(path.join(idp, "../../node_modules/.bin/tsx"), ["src/main.ts"], {
      cwd: idp,
      env: { ...process.env, PORT: "quatre-mille", PUBLIC_URL: "pas une url" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Configuration invalide");
    expect(r.stderr).toContain("PORT : PORT doit être un nombre");
    expect(r.stderr).toContain("PUBLIC_URL");
    expect(r.stdout).not.toContain("serveur démarré");
  });
});
