// « Structures »: create, move and delete a node, for those the API allows; a refusal shows the
// API's reason.
import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { StructureNode, StructureTree } from "@convergences/contract";
import { mockApi } from "../../test/api-mock";
import { renderScreen } from "../../test/render";
import { fill } from "../../test/fill";
import { S, id, problem, structures } from "../../test/fixtures";
import StructuresPage from "./StructuresPage";

/** The tree as the API gives it to a CIG administrator: everything, every node editable. */
const cigTree = StructureTree.parse({ roots: [S.root], nodes: structures.nodes.map((n) => ({ ...n, editable: true })) });
/** …and to the référente of L'Haÿ-les-Roses: her sub-tree only, her own top node as root. */
const referentTree = StructureTree.parse({ roots: [S.lhay], nodes: structures.nodes.filter((n) => n.depth >= 2) });

const node = (n: string) => screen.getByRole("button", { name: n });
/** Unfolds the tree's nodes with their little arrows, in order. */
async function unfold(user: ReturnType<typeof userEvent.setup>, ...names: string[]) {
  for (const n of names) await user.click(await screen.findByRole("button", { name: `Déplier ${n}` }));
}

describe("Structures", () => {
  it("l'administrateur CIG ajoute une sous-structure : elle apparaît dans l'arborescence, sélectionnée", async () => {
    const user = userEvent.setup({ delay: null });
    const created = StructureNode.parse({
      id: id(6),
      code: "s-00000006",
      name: "Cellule recrutement",
      kind: "SERVICE",
      parentId: S.dg,
      depth: 4,
      path: `${structures.nodes[3]!.path} / Cellule recrutement`,
      memberCount: 0,
      childCount: 0,
      editable: true,
      version: 1,
    });
    let tree = cigTree;
    const api = mockApi({
      "GET /structures": () => ({ body: tree }),
      "POST /structures": () => {
        tree = { ...tree, nodes: [...tree.nodes, created] };
        return { status: 201, body: created };
      },
    });
    renderScreen(<StructuresPage />);
    await unfold(user, "L'Haÿ-les-Roses");
    await user.click(node("Direction générale"));
    await user.click(screen.getByRole("button", { name: "Ajouter une sous-structure" }));
    const dialog = screen.getByRole("dialog", { name: "Ajouter une sous-structure" });
    await user.click(within(dialog).getByRole("button", { name: "Créer" }));
    expect(within(dialog).getByText("Le nom est obligatoire")).toBeVisible();
    expect(api.to("POST", "/structures")).toHaveLength(0);

    await fill(user, within(dialog).getByRole("textbox", { name: /Nom de la structure/ }), "Cellule recrutement");
    expect(within(dialog).getByRole("combobox", { name: /Type de structure/ })).toHaveTextContent("Service");
    await user.click(within(dialog).getByRole("button", { name: "Créer" }));

    expect(await screen.findByRole("heading", { name: "Cellule recrutement" })).toBeVisible();
    expect(api.to("POST", "/structures")[0]!.body).toEqual({ name: "Cellule recrutement", kind: "SERVICE", parentId: S.dg });
    expect(screen.getByText("La structure a été créée.")).toBeVisible();
    expect(node("Cellule recrutement")).toHaveAttribute("aria-current", "true");
  });

  it("la suppression d'une structure qui a encore des membres est refusée, avec la raison donnée par l'API", async () => {
    const user = userEvent.setup({ delay: null });
    const reason = "Cette structure ne peut pas être supprimée : 12 utilisateur(s) y sont encore rattaché(s).";
    const refusal = problem("STRUCTURE_HAS_MEMBERS");
    const api = mockApi({
      "GET /structures": { body: cigTree },
      [`DELETE /structures/${S.agrh}`]: { status: refusal.status, body: { ...refusal.body, detail: reason } },
    });
    renderScreen(<StructuresPage />);
    await unfold(user, "L'Haÿ-les-Roses", "Direction générale");
    await user.click(node("DirG RH AGRH"));
    await user.click(screen.getByRole("button", { name: "Supprimer" }));
    const dialog = screen.getByRole("dialog", { name: "Supprimer la structure" });
    await user.click(within(dialog).getByRole("button", { name: "Supprimer" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(reason);
    expect(api.to("DELETE", `/structures/${S.agrh}`)).toHaveLength(1);
    await user.click(within(dialog).getByRole("button", { name: "Annuler" }));
    expect(screen.getByRole("heading", { name: "DirG RH AGRH" })).toBeVisible();
  });

  it("une structure vide est supprimée après confirmation : la notice s'affiche et sa structure parente est sélectionnée", async () => {
    const user = userEvent.setup({ delay: null });
    let tree = cigTree;
    const api = mockApi({
      "GET /structures": () => ({ body: tree }),
      [`DELETE /structures/${S.agrh}`]: () => {
        tree = { ...tree, nodes: tree.nodes.filter((n) => n.id !== S.agrh) };
        return { body: { message: "La structure a été supprimée." } };
      },
    });
    renderScreen(<StructuresPage />);
    await unfold(user, "L'Haÿ-les-Roses", "Direction générale");
    await user.click(node("DirG RH AGRH"));
    await user.click(screen.getByRole("button", { name: "Supprimer" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Supprimer" }));

    expect(await screen.findByText("La structure a été supprimée.")).toBeVisible();
    expect(api.to("DELETE", `/structures/${S.agrh}`)).toHaveLength(1);
    expect(await screen.findByRole("heading", { name: "Direction générale" })).toBeVisible();
    expect(screen.queryByRole("button", { name: "DirG RH AGRH" })).toBeNull();
  });

  it("je déplace une structure : ni elle ni ses sous-structures ne sont proposées comme nouvelle parente", async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      "GET /structures": { body: cigTree },
      [`PATCH /structures/${S.dg}`]: { body: { ...cigTree.nodes[3]!, parentId: S.collectivites, version: 2 } },
    });
    renderScreen(<StructuresPage />);
    await unfold(user, "L'Haÿ-les-Roses");
    await user.click(node("Direction générale"));
    await user.click(screen.getByRole("button", { name: "Déplacer" }));
    const dialog = screen.getByRole("dialog", { name: "Déplacer la structure" });
    expect(within(dialog).getByRole("button", { name: "Déplacer" })).toBeDisabled();
    await user.click(within(dialog).getByRole("combobox", { name: /Nouvelle structure parente/ }));
    const offered = screen.getAllByRole("option").map((o) => o.textContent);
    expect(offered).toEqual(["cig-pc", "collectivites"]); // not itself, not DirG RH AGRH, not its current parent
    await user.click(screen.getByRole("option", { name: "collectivites" }));
    await user.click(within(dialog).getByRole("button", { name: "Déplacer" }));

    expect(await screen.findByText("La structure a été déplacée.")).toBeVisible();
    expect(api.to("PATCH", `/structures/${S.dg}`)[0]!.body).toEqual({ parentId: S.collectivites, version: 1 });
  });

  it("la référente peut ajouter sous sa propre structure mais ni la déplacer ni la supprimer ; elle gère ses sous-structures", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({ "GET /structures": { body: referentTree } });
    renderScreen(<StructuresPage />);
    await user.click(await screen.findByRole("button", { name: "L'Haÿ-les-Roses" }));
    expect(screen.getByRole("button", { name: "Ajouter une sous-structure" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Éditer" })).toBeVisible();
    expect(screen.queryByRole("button", { name: "Déplacer" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Supprimer" })).toBeNull();

    await user.click(node("Direction générale"));
    expect(screen.getByRole("button", { name: "Déplacer" })).toBeVisible();
    expect(screen.getByRole("button", { name: "Supprimer" })).toBeVisible();
  });

  it("une structure que je ne peux pas modifier n'offre aucune de ces actions", async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({ "GET /structures": { body: structures } }); // the fixture's upper nodes are not editable
    renderScreen(<StructuresPage />);
    await user.click(await screen.findByRole("button", { name: "collectivites" }));
    for (const label of ["Éditer", "Ajouter une sous-structure", "Déplacer", "Supprimer"]) {
      expect(screen.queryByRole("button", { name: label })).toBeNull();
    }
  });
});
