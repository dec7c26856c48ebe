// « Ajout d'un nouvel utilisateur » (the Utilisateurs screen's Ajout dialog).
import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { problem, structures, userCard } from "../../test/fixtures";
import { AddUserDialog, NO_STRUCTURE } from "./AddUserDialog";

describe("Ajout d'un nouvel utilisateur", () => {
  it("sans rien saisir : chaque champ dit son erreur, le premier a le focus, et une erreur part avec sa correction", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ "GET /structures": { body: structures } });
    renderScreen(<AddUserDialog open onClose={() => undefined} />);
    const lastName = screen.getByRole("textbox", { name: /^Nom/ });
    expect(lastName).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Ajouter" }));
    await waitFor(() => expect(lastName).toHaveAccessibleDescription("Le nom est obligatoire"));
    expect(lastName).toHaveFocus();
    expect(screen.getByRole("textbox", { name: /^Prénom/ })).toHaveAccessibleDescription("Le prénom est obligatoire");
    expect(screen.getByRole("textbox", { name: /^Adresse e-mail/ })).toHaveAccessibleDescription("Adresse e-mail invalide");
    expect(screen.getByText(NO_STRUCTURE)).toBeVisible();
    await user.type(lastName, "BLANC");
    expect(lastName).not.toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("textbox", { name: /^Prénom/ })).toHaveAttribute("aria-invalid", "true");
    expect(api.to("POST", "/users")).toHaveLength(0);
  });

  it("l'erreur de l'API arrive sur son champ, qui reçoit le focus, et part quand je le corrige", async () => {
    const user = userEvent.setup({ delay: null });
    let attempts = 0;
    const api = mockApi({
      "GET /structures": { body: structures },
      "POST /users": () =>
        ++attempts === 1
          ? problem("VALIDATION_FAILED", [{ path: "email", message: "Un compte utilisateur existe déjà avec cette adresse e-mail." }])
          : { status: 201, body: userCard() },
    });
    renderScreen(<AddUserDialog open onClose={() => undefined} />);
    await user.type(screen.getByRole("textbox", { name: /^Nom/ }), "BLANC");
    await user.type(screen.getByRole("textbox", { name: /^Prénom/ }), "Hugo");
    const email = screen.getByRole("textbox", { name: /^Adresse e-mail/ });
    await user.type(email, "hugo.blanc@sevres.fr");
    await user.type(screen.getByRole("combobox", { name: /Structure d'appartenance/ }), "AGRH");
    await user.click(await screen.findByRole("option", { name: /DirG RH AGRH/ }));
    await user.click(screen.getByRole("button", { name: "Ajouter" }));
    await waitFor(() => expect(email).toHaveAccessibleDescription("Un compte utilisateur existe déjà avec cette adresse e-mail."));
    expect(email).toHaveFocus();
    expect(email).toHaveValue("hugo.blanc@sevres.fr");
    await user.clear(email);
    await user.type(email, "hugo.blanc2@sevres.fr");
    expect(email).not.toHaveAttribute("aria-invalid", "true");
    await user.click(screen.getByRole("button", { name: "Ajouter" }));
    await waitFor(() => expect(api.to("POST", "/users")).toHaveLength(2));
    expect(api.to("POST", "/users")[1]!.body).toMatchObject({ email: "hugo.blanc2@sevres.fr", lastName: "BLANC", firstName: "Hugo" });
  });
});
