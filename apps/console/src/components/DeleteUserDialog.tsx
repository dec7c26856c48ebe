// "Je supprime le compte d'un agent utilisateur": confirmation, then the notice bottom-right. What it
// does comes from the card's `permissions.remove` (the API's decision, never guessed here): « Retirer
// de <structure> » when the account lives on in other bodies, « Supprimer le compte » when it does not.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MESSAGES } from "@convergences/contract";
import { api } from "../api/endpoints";
import { keys } from "../api/hooks";
import type { UserSummary } from "../api/types";
import { ConfirmDialog } from "./ConfirmDialog";
import { Loading } from "./QueryState";
import { useNotify } from "./Notifier";
import { removalLabel, structuresInScope } from "./removal";
import { invalidatePeople } from "./invalidate";

interface Props {
  user: Pick<UserSummary, "id" | "firstName" | "lastName" | "email"> | null;
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteUserDialog({ user, onClose, onDeleted }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  // From a list row, the card says what removing means for me (cached when it comes from the card).
  const card = useQuery({
    queryKey: keys.user(user?.id ?? ""),
    queryFn: () => api.consulterLaFiche.withEtag({ params: { id: user!.id } }),
    enabled: user !== null,
  });
  const target = card.data?.data;
  const label = target ? removalLabel(target) : null;
  const detach = target?.permissions.remove === "detach";
  const remove = useMutation({
    mutationFn: (id: string) => api.supprimerLUtilisateur({ params: { id } }),
    onSuccess: (result, id) => {
      // Out of my scope now: his card is no longer mine to read.
      queryClient.removeQueries({ queryKey: keys.user(id), exact: true });
      notify(result?.message ?? (detach && target ? MESSAGES.userDetached(structuresInScope(target)) : MESSAGES.userDeleted));
      void invalidatePeople(queryClient);
      remove.reset();
      onClose();
      onDeleted?.();
    },
  });
  const name = user ? (
    <strong>
      {user.firstName} {user.lastName}
    </strong>
  ) : null;
  return (
    <ConfirmDialog
      open={user !== null}
      title={label ?? "Supprimer l'utilisateur"}
      confirmLabel={detach ? "Retirer" : "Supprimer"}
      confirmHidden={!label}
      destructive
      pending={remove.isPending}
      error={remove.error ?? card.error}
      onCancel={() => {
        remove.reset();
        onClose();
      }}
      onConfirm={() => user && remove.mutate(user.id)}
    >
      {user && card.isPending ? <Loading label="Chargement de la fiche…" /> : null}
      {user && target && target.permissions.remove === "detach" ? (
        <>
          Voulez-vous vraiment retirer {name} ({user.email}) de {structuresInScope(target)} ? Ses rôles tenus pour ces structures lui seront
          retirés. Son compte reste actif pour les autres structures auxquelles il est rattaché.
        </>
      ) : null}
      {user && target && target.permissions.remove === "erase" ? (
        <>
          Voulez-vous vraiment supprimer le compte de {name} ({user.email}) ? Ses données personnelles, sa photo et ses habilitations seront
          effacées, et ses sessions fermées. Cette action est irréversible.
        </>
      ) : null}
      {user && target && target.permissions.remove === null ? <>Vous ne pouvez pas retirer {name} de vos structures.</> : null}
    </ConfirmDialog>
  );
}
