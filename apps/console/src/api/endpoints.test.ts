// The console's client generated from the endpoint table: each entry's method and path, its
// parameters encoded, its query and body sent as declared, and the messages of the contract's one
// error table when the server sends no problem document.
import { ERRORS } from "@convergences/contract";
import { describe, expect, it, vi } from "vitest";
import { mockApi } from "../test/api-mock";
import { ApiError, errorMessage } from "./client";
import { api } from "./endpoints";

const APP = "0b9e2c2a-1f3e-4a8e-9a57-0d0b6c1f2e33";
const ROLE = "1c9e2c2a-1f3e-4a8e-9a57-0d0b6c1f2e33";
const USER = "2d9e2c2a-1f3e-4a8e-9a57-0d0b6c1f2e33";
const TO = "3e9e2c2a-1f3e-4a8e-9a57-0d0b6c1f2e33";

describe("le client de la console, généré depuis la table des points d'entrée", () => {
  it("Je réaffecte une habilitation : POST sur le chemin de l'entrée, avec son corps", async () => {
    const path = `/applications/${APP}/roles/${ROLE}/members/${USER}/reassign`;
    const mock = mockApi({ [`POST ${path}`]: { body: { message: "Le membre a été réaffecté à un autre rôle." } } });
    const answer = await api.reaffecterUneHabilitation({ params: { id: APP, roleId: ROLE, userId: USER }, body: { toRoleId: TO } });
    expect(answer.message).toBe("Le membre a été réaffecté à un autre rôle.");
    expect(mock.to("POST", path)[0]!.body).toEqual({ toRoleId: TO });
  });

  it("les paramètres sont encodés, la requête ne porte que les critères remplis, l'ETag est rendu", async () => {
    const mock = mockApi({
      "GET /users": { body: { items: [], total: 0, page: 2, pageSize: 20 } },
      [`GET /users/${encodeURIComponent("a/b")}`]: { body: { id: "a/b" }, headers: { ETag: '"7"' } },
    });
    await api.listerLesUtilisateurs({ query: { page: 2, pageSize: 20, q: undefined, locked: "true" } });
    expect(mock.to("GET", "/users")[0]!.query.toString()).toBe("page=2&pageSize=20&locked=true");
    const { etag } = await api.consulterLaFiche.withEtag({ params: { id: "a/b" } });
    expect(etag).toBe('"7"');
  });

  it("sans document d'erreur (serveur injoignable, page d'un proxy), le message vient de la table des erreurs du contrat", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        throw new TypeError("Failed to fetch");
      }),
    );
    const lost = await api.monProfil().catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ApiError);
    expect(errorMessage(lost)).toBe(ERRORS.SERVER_UNREACHABLE.message);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502 })),
    );
    expect(errorMessage(await api.monProfil().catch((e: unknown) => e))).toBe(ERRORS.INTERNAL.message);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("", { status: 429 })),
    );
    expect(errorMessage(await api.monProfil().catch((e: unknown) => e))).toBe(ERRORS.TOO_MANY_REQUESTS.message);
  });
});
