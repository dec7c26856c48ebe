// "Je supprime le compte d'un agent utilisateur" depuis le menu « Utilisateurs ».
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { myPartOnly, structures, summary, userCard, usersPage } from "../../test/fixtures";
import UsersPage from "./UsersPage";

const page1 = Array.from({ length: 20 }, (_, i) => summary(i + 1));

describe("Utilisateurs", () => {
  it("rien n'est chargé par défaut ; CHARGER TOUS LES UTILISATEURS affiche la première page de 20 sur 134", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ "GET /users": { body: usersPage(page1, 134) }, "GET /structures": { body: structures } });
    renderScreen(<UsersPage />);
    expect(screen.getByText(/les utilisateurs déjà enregistrés ne sont pas affichés/)).toBeVisible();
    expect(api.to("GET", "/users")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    expect(await screen.findByText("1 - 20 sur 134")).toBeVisible();
    expect(screen.getByText("Éléments par page")).toBeVisible();
    const q = api.to("GET", "/users")[0]!.query;
    expect(q.get("page")).toBe("1");
    expect(q.get("pageSize")).toBe("20");
    await user.click(screen.getByRole("button", { name: "Page suivante" }));
    await screen.findByText("21 - 40 sur 134");
    expect(api.to("GET", "/users").at(-1)!.query.get("page")).toBe("2");
  });

  it("les 3 points → « Supprimer l'utilisateur » → « Supprimer le compte » quand il n'est rattaché qu'à mes structures → je confirme → la notice apparaît en bas à droite", async () => {
    const user = userEvent.setup({ delay: null });
    const target = page1[2]!;
    const api = mockApi({
      "GET /users": { body: usersPage(page1, 134) },
      "GET /structures": { body: structures },
      [`GET /users/${target.id}`]: { body: userCard({ ...target, permissions: { remove: "erase" } }) },
      [`DELETE /users/${target.id}`]: { body: { message: "L'utilisateur a été supprimé." } },
    });
    renderScreen(<UsersPage />);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    await user.click(await screen.findByRole("button", { name: `Actions pour ${target.firstName} ${target.lastName}` }));
    await user.click(screen.getByRole("menuitem", { name: "Supprimer l'utilisateur" }));

    const dialog = await screen.findByRole("dialog", { name: "Supprimer le compte" });
    expect(await within(dialog).findByText(/Cette action est irréversible/)).toBeVisible();
    expect(within(dialog).getByText(`${target.firstName} ${target.lastName}`)).toBeVisible();
    expect(api.to("DELETE", `/users/${target.id}`)).toHaveLength(0); // nothing before confirming
    await user.click(within(dialog).getByRole("button", { name: "Supprimer" }));

    expect(await screen.findByText("L'utilisateur a été supprimé.")).toBeVisible();
    expect(api.to("DELETE", `/users/${target.id}`)).toHaveLength(1);
  });

  it("un agent également rattaché à d'autres structures : la ligne le dit sans détail, et « Supprimer l'utilisateur » le retire de ma structure", async () => {
    const user = userEvent.setup({ delay: null });
    const shared = summary(99, { lastName: "PARTAGE", firstName: "Agent", alsoElsewhere: true });
    const api = mockApi({
      "GET /users": { body: usersPage([shared, ...page1.slice(0, 3)], 4) },
      "GET /structures": { body: structures },
      [`GET /users/${shared.id}`]: { body: userCard({ ...shared, isHome: false, permissions: myPartOnly }) },
      [`DELETE /users/${shared.id}`]: { body: { message: "L'utilisateur a été retiré de DirG RH AGRH." } },
    });
    renderScreen(<UsersPage />);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    const row = (await screen.findByRole("link", { name: "PARTAGE" })).closest("tr")!;
    expect(within(row).getByRole("img", { name: "Également rattaché à d'autres structures" })).toBeInTheDocument();
    // The others are only in my structures: no mention.
    expect(screen.getAllByRole("img", { name: "Également rattaché à d'autres structures" })).toHaveLength(1);

    await user.click(within(row).getByRole("button", { name: "Actions pour Agent PARTAGE" }));
    await user.click(screen.getByRole("menuitem", { name: "Supprimer l'utilisateur" }));
    const dialog = await screen.findByRole("dialog", { name: "Retirer de DirG RH AGRH" });
    expect(within(dialog).getByText(/Son compte reste actif pour les autres structures/)).toBeVisible();
    expect(within(dialog).queryByText(/irréversible/)).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Retirer" }));
    expect(await screen.findByText("L'utilisateur a été retiré de DirG RH AGRH.")).toBeVisible();
    expect(api.to("DELETE", `/users/${shared.id}`)).toHaveLength(1);
  });

  it("j'annule la suppression : rien n'est supprimé", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      "GET /users": { body: usersPage(page1, 134) },
      "GET /structures": { body: structures },
      [`GET /users/${page1[0]!.id}`]: { body: userCard({ ...page1[0], permissions: { remove: "erase" } }) },
    });
    renderScreen(<UsersPage />);
    await user.click(screen.getByRole("button", { name: "Charger tous les utilisateurs" }));
    await user.click(await screen.findByRole("button", { name: `Actions pour ${page1[0]!.firstName} ${page1[0]!.lastName}` }));
    await user.click(screen.getByRole("menuitem", { name: "Supprimer l'utilisateur" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Annuler" }));
    expect(api.calls.filter((c) => c.method === "DELETE")).toHaveLength(0);
  });
});
