// "Je modifie les informations d'un utilisateur de ma collectivité/mon établissement."
import { describe, expect, it } from "vitest";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockApi } from "../../../test/api-mock";
import { renderScreen } from "../../../test/render";
import { problem, userCard } from "../../../test/fixtures";
import { EditUserDialog } from "./EditUserDialog";

const jean = userCard();
const path = `/users/${jean.id}`;

function open() {
  renderScreen(<EditUserDialog user={jean} etag={'"3"'} open onClose={() => undefined} />);
}

describe("Éditer l'utilisateur", () => {
  it("montre tous les champs du guide, l'adresse mail en lecture seule avec l'explication", () => {
    mockApi({});
    open();
    for (const label of [
      /^Adresse mail/,
      /^Service/,
      /^Date de début de validité du compte/,
      /^Nom/,
      /^Prénom/,
      /^Identifiant applicatif/,
      /^Fonction/,
      /^Adresse postale/,
      /^Numéro de téléphone/,
    ]) {
      // (a date field's label names both its sections group and its hidden input)
      expect(screen.getAllByLabelText(label)[0]).toBeInTheDocument();
    }
    expect(screen.getByRole("switch", { name: "Verrouillage du compte" })).not.toBeChecked();
    expect(screen.getByRole("switch", { name: "Télétravail" })).not.toBeChecked();
    expect(screen.getByText("Réinitialisation mot de passe")).toBeVisible();
    expect(screen.getByRole("button", { name: "Ajouter une photo" })).toBeVisible();
    const email = screen.getByRole("textbox", { name: /^Adresse mail/ });
    expect(email).toHaveAttribute("readonly");
    expect(email).toHaveAccessibleDescription(/créez une nouvelle fiche avec la nouvelle adresse/);
    expect(screen.getByRole("button", { name: "Annuler" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Enregistrer" })).toBeVisible();
  });

  it("j'enregistre : seuls les champs modifiés partent, avec la version de la fiche", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ [`PATCH ${path}`]: { body: userCard({ service: "Paie", teleworking: true, version: 4 }) } });
    open();
    const service = screen.getByRole("textbox", { name: /^Service/ });
    await user.clear(service);
    await user.type(service, "Paie");
    await user.click(screen.getByRole("switch", { name: "Télétravail" }));
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    expect(await screen.findByText("Les informations de l'utilisateur ont été enregistrées.")).toBeVisible();
    const [patch] = api.to("PATCH", path);
    expect(patch!.body).toEqual({ version: 3, service: "Paie", teleworking: true });
    expect(patch!.headers["If-Match"]).toBe('"3"');
  });

  it("les erreurs de l'API s'affichent sur leurs champs, sans perdre la saisie, et partent quand je corrige", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      [`PATCH ${path}`]: problem("VALIDATION_FAILED", [{ path: "appIdentifier", message: "Cet identifiant applicatif est déjà utilisé" }]),
    });
    open();
    const appIdentifier = screen.getByRole("textbox", { name: /^Identifiant applicatif/ });
    await user.clear(appIdentifier);
    await user.type(appIdentifier, "jdupont");
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    await waitFor(() => expect(appIdentifier).toHaveAccessibleDescription("Cet identifiant applicatif est déjà utilisé"));
    expect(api.to("PATCH", path)).toHaveLength(1);
    expect(appIdentifier).toHaveValue("jdupont");
    expect(appIdentifier).toHaveAttribute("aria-invalid", "true");
    expect(appIdentifier).toHaveFocus();
    await user.type(appIdentifier, "2");
    expect(appIdentifier).not.toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByText("Cet identifiant applicatif est déjà utilisé")).toBeNull();
  });

  it("ce que le contrat refuse est dit sur le champ avant tout envoi, le premier champ en erreur reçoit le focus", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ [`PATCH ${path}`]: { body: userCard({ version: 4 }) } });
    open();
    const lastName = screen.getByRole("textbox", { name: /^Nom/ });
    const phone = screen.getByRole("textbox", { name: /^Numéro de téléphone/ });
    await user.clear(lastName);
    await user.clear(phone);
    await user.type(phone, "appelez-moi");
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    await waitFor(() => expect(lastName).toHaveAccessibleDescription("Le nom est obligatoire"));
    expect(phone).toHaveAccessibleDescription(/Numéro de téléphone invalide/);
    expect(lastName).toHaveFocus();
    expect(api.to("PATCH", path)).toHaveLength(0);
    await user.type(lastName, "DUPONT");
    expect(lastName).not.toHaveAttribute("aria-invalid", "true");
    expect(phone).toHaveAttribute("aria-invalid", "true");
  });

  it("quelqu'un a enregistré avant moi : le conflit est expliqué, ma saisie est gardée, et j'enregistre sur la dernière version", async () => {
    const user = userEvent.setup({ delay: null });
    const latest = userCard({ fonction: "Cheffe de service", version: 4 });
    let attempts = 0;
    const api = mockApi({
      [`PATCH ${path}`]: () =>
        ++attempts === 1
          ? problem("PRECONDITION_FAILED")
          : { body: userCard({ fonction: "Cheffe de service", lastName: "DUPONT-MOREL", version: 5 }) },
      [`GET ${path}`]: { body: latest, headers: { ETag: '"4"' } },
    });
    open();
    const lastName = screen.getByRole("textbox", { name: /^Nom/ });
    await user.clear(lastName);
    await user.type(lastName, "DUPONT-MOREL");
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));

    const alert = await screen.findByText(/modifiées par une autre personne/);
    expect(alert).toBeVisible();
    expect(screen.getByText("Modifié entre-temps : Fonction.")).toBeVisible();
    expect(screen.getByText(/Vos saisies ont été conservées/)).toBeVisible();
    expect(lastName).toHaveValue("DUPONT-MOREL");
    // The other person's change shows, instead of being overwritten with the old value.
    expect(screen.getByRole("textbox", { name: /^Fonction/ })).toHaveValue("Cheffe de service");

    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    await screen.findByText("Les informations de l'utilisateur ont été enregistrées.");
    const second = api.to("PATCH", path)[1]!;
    expect(second.body).toEqual({ version: 4, lastName: "DUPONT-MOREL" });
    expect(second.headers["If-Match"]).toBe('"4"');
  });

  it("ce que l'API ne me permet pas n'est pas offert : ni verrouillage, ni réinitialisation, ni photo, et les champs d'identité en lecture seule", () => {
    mockApi({});
    const limited = userCard({ permissions: { editIdentity: false, lock: false, resetPassword: false, photo: false } });
    renderScreen(<EditUserDialog user={limited} etag={'"3"'} open onClose={() => undefined} />);
    expect(screen.getByRole("textbox", { name: /^Nom/ })).toHaveAttribute("readonly");
    expect(screen.getByRole("textbox", { name: /^Service/ })).toHaveAttribute("readonly");
    expect(screen.getByRole("switch", { name: "Télétravail" })).toBeDisabled();
    expect(screen.queryByRole("switch", { name: "Verrouillage du compte" })).toBeNull();
    expect(screen.queryByText("Réinitialisation mot de passe")).toBeNull();
    expect(screen.queryByRole("button", { name: /photo/ })).toBeNull();
  });

  it("le verrouillage seul : le commutateur et son motif, le reste en lecture seule ; seul le verrouillage part", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ [`PATCH ${path}`]: { body: userCard({ locked: true, lockedReason: "Départ", version: 4 }) } });
    const lockOnly = userCard({ permissions: { editIdentity: false, lock: true, resetPassword: false, photo: false } });
    renderScreen(<EditUserDialog user={lockOnly} etag={'"3"'} open onClose={() => undefined} />);
    expect(screen.getByRole("textbox", { name: /^Fonction/ })).toHaveAttribute("readonly");
    await user.click(screen.getByRole("switch", { name: "Verrouillage du compte" }));
    const reason = screen.getByRole("textbox", { name: /Motif|Raison|verrouillage/i });
    expect(reason).not.toHaveAttribute("readonly");
    await user.type(reason, "Départ");
    await user.click(screen.getByRole("button", { name: "Enregistrer" }));
    expect(await screen.findByText("Les informations de l'utilisateur ont été enregistrées.")).toBeVisible();
    expect(api.to("PATCH", path)[0]!.body).toEqual({ version: 3, locked: true, lockedReason: "Départ" });
  });
});
