// "Je référence un utilisateur appartenant à la structure dont je suis référent désigné."
import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import {
  A,
  R,
  S,
  applications,
  assignResult,
  emailAvailable,
  emailExists,
  emailInMyScope,
  id,
  problem,
  structures,
  userCard,
} from "../../test/fixtures";
import { CreateUserWizard } from "./CreateUserWizard";

const base = { "GET /structures": { body: structures }, "GET /applications": { body: applications } };

async function pickStructure(user: ReturnType<typeof userEvent.setup>, label: RegExp, name: string) {
  await user.click(screen.getByRole("combobox", { name: label }));
  await user.click(await screen.findByRole("option", { name }));
}

describe("Créer un utilisateur (assistant en 4 étapes)", () => {
  it("je saisis l'email, je vérifie, je renseigne les champs obligatoires, j'affecte un rôle, je vois le récapitulatif et j'ajoute", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      ...base,
      "POST /users/email-check": { body: emailAvailable },
      "POST /users": ({ body }) => {
        const b = body as { email: string; lastName: string; firstName: string };
        return {
          status: 201,
          body: userCard({
            email: b.email,
            identifiant: b.email,
            lastName: b.lastName,
            firstName: b.firstName,
            roles: [
              {
                id: "00000000-0000-4000-8000-000000009999",
                application: { id: A.bip, code: "bip", name: "BIP" },
                role: { id: R.bipGestionnaire, code: "gestionnaire", label: "Gestionnaire BIP" },
                structure: { id: S.lhay, name: "L'Haÿ-les-Roses", path: "cig-pc / collectivites / L'Haÿ-les-Roses" },
                grantedAt: "2026-11-27T10:00:00.000Z",
              },
            ],
          }),
        };
      },
    });
    renderScreen(<CreateUserWizard />);

    // 1 Saisir l'email de l'utilisateur
    expect(screen.getByText("Saisir l'email de l'utilisateur")).toBeVisible();
    await user.type(screen.getByRole("textbox", { name: /Adresse mail/ }), "nouvel.agent@lhay.fr");
    await user.click(screen.getByRole("button", { name: "Vérifier l'adresse mail" }));
    expect(await screen.findByText("Aucun compte utilisateur n'existe avec cette adresse email")).toBeVisible();
    expect(api.to("POST", "/users/email-check")[0]!.body).toEqual({ email: "nouvel.agent@lhay.fr" });
    await user.click(screen.getByRole("button", { name: "Suivant" }));

    // 2 Saisir les informations: the three required fields
    expect(await screen.findByText("Saisir les informations de nouvel.agent@lhay.fr")).toBeVisible();
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    expect(screen.getAllByText("Champ obligatoire")).toHaveLength(3);
    await user.type(screen.getByRole("textbox", { name: /^Nom/ }), "MARTIN");
    await user.type(screen.getByRole("textbox", { name: /^Prénom/ }), "Léa");
    await pickStructure(user, /Structure d'appartenance/, "DirG RH AGRH");
    await user.click(screen.getByRole("button", { name: "Suivant" }));

    // 3 Affecter des rôles (optionnelle): unfold the application with its little arrow, tick a role
    expect(screen.getByText("Optionnelle")).toBeVisible();
    await user.click(await screen.findByRole("button", { name: "Déplier les rôles de BIP" }));
    await user.click(screen.getByRole("checkbox", { name: "Gestionnaire BIP" }));
    await user.click(screen.getAllByRole("button", { name: "Suivant" }).at(-1)!);

    // 4 Récapitulatif des informations → Ajouter
    const recap = await screen.findByText("Récapitulatif des informations");
    expect(recap).toBeVisible();
    expect(screen.getByText("BIP : Gestionnaire BIP", { selector: "dd" })).toBeVisible();
    expect(screen.getByText(/DirG RH AGRH$/)).toBeVisible();
    await user.click(screen.getByRole("button", { name: "Ajouter" }));

    // Création de l'utilisateur: the roles granted, and a button to add another user
    expect(await screen.findByText(/L'utilisateur Léa MARTIN est créé/)).toBeVisible();
    // (the summary may still be folding away on a slow machine: the granted role is the list item)
    expect(screen.getByText("BIP : Gestionnaire BIP", { selector: "li" })).toBeVisible();
    expect(api.to("POST", "/users")[0]!.body).toEqual({
      email: "nouvel.agent@lhay.fr",
      lastName: "MARTIN",
      firstName: "Léa",
      structureId: S.agrh,
      roles: [{ roleId: R.bipGestionnaire }],
    });
    await user.click(screen.getByRole("button", { name: "Ajouter un nouvel utilisateur" }));
    expect(screen.getByRole("textbox", { name: /Adresse mail/ })).toHaveValue("");
  });

  it("Adresse mail déjà existante dans AIA (cas des utilisateurs multi-structure) : « existe déjà dans la structure … » avec son chemin, puis le rattachement par l'adresse et les rôles pour ma structure", async () => {
    const user = userEvent.setup({ delay: null });
    const attached = userCard({
      id: id(700),
      email: "corres.cig@gmail.com",
      identifiant: "corres.cig@gmail.com",
      lastName: "CORRES",
      firstName: "Cig",
      alsoElsewhere: true,
      isHome: false,
    });
    const api = mockApi({
      ...base,
      "POST /users/email-check": { body: emailExists },
      "POST /users/attach": { status: 201, body: attached },
      [`POST /applications/${A.bip}/roles/${R.bipConsultation}/members`]: ({ body }) => ({
        body: assignResult((body as { userIds: string[] }).userIds),
      }),
    });
    renderScreen(<CreateUserWizard />);
    await user.type(screen.getByRole("textbox", { name: /Adresse mail/ }), "corres.cig@gmail.com");
    await user.click(screen.getByRole("button", { name: "Vérifier l'adresse mail" }));
    expect(await screen.findByText("Adresse mail déjà existante dans AIA")).toBeVisible();
    expect(
      screen.getByText(/corres\.cig@gmail\.com existe déjà dans la structure Nanterre : cig-pc \/ collectivites \/ Nanterre/),
    ).toBeVisible();
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    // No name fields: the account exists (and the check did not say who it is); only the structure to attach it to.
    expect(screen.queryByRole("textbox", { name: /^Nom/ })).toBeNull();
    await pickStructure(user, /Structure de rattachement/, "DirG RH AGRH");
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await user.click(await screen.findByRole("button", { name: "Déplier les rôles de BIP" }));
    await user.click(screen.getByRole("checkbox", { name: "Consultation BIP" }));
    await user.click(screen.getAllByRole("button", { name: "Suivant" }).at(-1)!);
    await user.click(await screen.findByRole("button", { name: "Ajouter" }));
    expect(await screen.findByText(/Le compte corres\.cig@gmail\.com est rattaché à .*DirG RH AGRH/)).toBeVisible();
    expect(screen.getByText("BIP : Consultation BIP", { selector: "li" })).toBeVisible();
    expect(api.to("POST", "/users")).toHaveLength(0);
    // Attached by its address, to the structure I chose; the role is held for that structure, given to the id of the answer.
    expect(api.to("POST", "/users/attach")[0]!.body).toEqual({ email: "corres.cig@gmail.com", structureId: S.agrh });
    expect(api.to("POST", `/applications/${A.bip}/roles/${R.bipConsultation}/members`)[0]!.body).toEqual({
      userIds: [id(700)],
      structureId: S.agrh,
    });
    expect(screen.getByRole("link", { name: "Voir la fiche de l'utilisateur" })).toHaveAttribute("href", `/utilisateurs/${id(700)}`);
  });

  it("une adresse déjà dans mes structures : rien à créer ni à rattacher, « Suivant » reste inactif", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ ...base, "POST /users/email-check": { body: emailInMyScope } });
    renderScreen(<CreateUserWizard />);
    await user.type(screen.getByRole("textbox", { name: /Adresse mail/ }), "jean.dupont@lhay.fr");
    await user.click(screen.getByRole("button", { name: "Vérifier l'adresse mail" }));
    expect(
      await screen.findByText(/jean\.dupont@lhay\.fr existe déjà dans la structure DirG RH AGRH : cig-pc .* \/ DirG RH AGRH/),
    ).toBeVisible();
    expect(screen.getByText(/Ce compte fait déjà partie de vos structures/)).toBeVisible();
    expect(screen.getByRole("button", { name: "Suivant" })).toBeDisabled();
    expect(api.calls.filter((c) => c.method === "POST" && c.path !== "/users/email-check")).toHaveLength(0);
  });

  it("un SUIVANT refusé : le focus va sur le premier champ en erreur, et chaque « Champ obligatoire » disparaît dès que je remplis son champ, sans nouveau clic", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ ...base, "POST /users/email-check": { body: emailAvailable } });
    renderScreen(<CreateUserWizard />);
    // « Vérifier l'adresse mail » sans adresse: refused on the field, which keeps the focus; the error goes with the address.
    const email = screen.getByRole("textbox", { name: /Adresse mail/ });
    await user.click(screen.getByRole("button", { name: "Vérifier l'adresse mail" }));
    await waitFor(() => expect(email).toHaveAccessibleDescription("Champ obligatoire"));
    expect(email).toHaveFocus();
    expect(api.to("POST", "/users/email-check")).toHaveLength(0);
    await user.type(email, "nouvel.agent@lhay.fr");
    await waitFor(() => expect(email).not.toHaveAttribute("aria-invalid", "true"));
    await user.click(screen.getByRole("button", { name: "Vérifier l'adresse mail" }));
    await screen.findByText("Aucun compte utilisateur n'existe avec cette adresse email");
    await user.click(screen.getByRole("button", { name: "Suivant" }));

    // The new step's first field has the focus.
    const lastName = await screen.findByRole("textbox", { name: /^Nom/ });
    await waitFor(() => expect(lastName).toHaveFocus());
    const firstName = screen.getByRole("textbox", { name: /^Prénom/ });
    const structure = screen.getByRole("combobox", { name: /Structure d'appartenance/ });
    // Refused: the three say « Champ obligatoire », the first has the focus.
    await user.click(firstName);
    await user.click(screen.getAllByRole("button", { name: "Suivant" }).at(-1)!);
    await waitFor(() => expect(screen.getAllByText("Champ obligatoire")).toHaveLength(3));
    expect(lastName).toHaveFocus();
    expect(lastName).toHaveAccessibleDescription("Champ obligatoire");
    // Each goes as its field is filled, the others stay, with no other click on SUIVANT.
    await user.type(lastName, "MARTIN");
    await waitFor(() => expect(lastName).not.toHaveAttribute("aria-invalid", "true"));
    expect(screen.getAllByText("Champ obligatoire")).toHaveLength(2);
    expect(firstName).toHaveAccessibleDescription("Champ obligatoire");
    await user.type(firstName, "Léa");
    await waitFor(() => expect(screen.getAllByText("Champ obligatoire")).toHaveLength(1));
    await pickStructure(user, /Structure d'appartenance/, "DirG RH AGRH");
    await waitFor(() => expect(screen.queryByText("Champ obligatoire")).toBeNull());
    expect(structure).not.toHaveAttribute("aria-invalid", "true");
    // Emptied again, a field says it again at once.
    await user.clear(firstName);
    await waitFor(() => expect(firstName).toHaveAccessibleDescription("Champ obligatoire"));
    await user.type(firstName, "Léa");
    await user.click(screen.getAllByRole("button", { name: "Suivant" }).at(-1)!);
    await waitFor(() => expect(screen.getByRole("button", { name: "Déplier les rôles de BIP" })).toHaveFocus());
  });

  it("une erreur de l'API sur un champ ramène à l'étape qui le contient, avec le message sur le champ", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      ...base,
      "POST /users/email-check": { body: emailAvailable },
      "POST /users": problem("VALIDATION_FAILED", [{ path: "lastName", message: "100 caractères au maximum" }]),
    });
    renderScreen(<CreateUserWizard />);
    await user.type(screen.getByRole("textbox", { name: /Adresse mail/ }), "x.y@lhay.fr");
    await user.click(screen.getByRole("button", { name: "Vérifier l'adresse mail" }));
    await user.click(await screen.findByRole("button", { name: "Suivant" }));
    await user.type(screen.getByRole("textbox", { name: /^Nom/ }), "TROP LONG");
    await user.type(screen.getByRole("textbox", { name: /^Prénom/ }), "Y");
    await pickStructure(user, /Structure d'appartenance/, "DirG RH AGRH");
    await user.click(screen.getByRole("button", { name: "Suivant" }));
    await user.click(screen.getAllByRole("button", { name: "Suivant" }).at(-1)!);
    await user.click(await screen.findByRole("button", { name: "Ajouter" }));
    const field = await screen.findByRole("textbox", { name: /^Nom/ });
    await waitFor(() => expect(field).toHaveAccessibleDescription("100 caractères au maximum"));
    expect(field).toHaveValue("TROP LONG");
    expect(within(document.body).queryByText(/est créé/)).toBeNull();
    // The field in error has the focus, and its error goes with the correction.
    await waitFor(() => expect(field).toHaveFocus());
    await user.clear(field);
    await user.type(field, "COURT");
    await waitFor(() => expect(field).not.toHaveAttribute("aria-invalid", "true"));
  });
});
