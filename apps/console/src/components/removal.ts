// What « Supprimer l'utilisateur » does for this actor, as the API decided it (`permissions.remove`):
// "detach" takes the person out of the actor's structures (the account lives on elsewhere), "erase"
// deletes the account, null is not offered.
import type { UserCard } from "../api/types";

/** The actor's structures of this person (the card lists only those). */
export const structuresInScope = (card: Pick<UserCard, "structure" | "otherStructures">) =>
  [card.structure, ...card.otherStructures].map((s) => s.name).join(", ");

export function removalLabel(card: Pick<UserCard, "structure" | "otherStructures" | "permissions">): string | null {
  if (card.permissions.remove === "detach") return `Retirer de ${structuresInScope(card)}`;
  if (card.permissions.remove === "erase") return "Supprimer le compte";
  return null;
}
