// "Je supprime le compte d'un agent utilisateur": confirmation, then the notice bottom-right.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MESSAGES } from "@convergences/contract";
import { endpoints } from "../api/endpoints";
import { keys } from "../api/hooks";
import type { UserSummary } from "../api/types";
import { ConfirmDialog } from "./ConfirmDialog";
import { useNotify } from "./Notifier";

interface Props {
  user: Pick<UserSummary, "id" | "firstName" | "lastName" | "email"> | null;
  onClose: () => void;
  onDeleted?: () => void;
}

export function DeleteUserDialog({ user, onClose, onDeleted }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: (id: string) => endpoints.deleteUser(id),
    onSuccess: () => {
      notify(MESSAGES.userDeleted);
      void queryClient.invalidateQueries({ queryKey: keys.users });
      void queryClient.invalidateQueries({ queryKey: keys.structureMembers });
      void queryClient.invalidateQueries({ queryKey: keys.roleMembers });
      remove.reset();
      onClose();
      onDeleted?.();
    },
  });
  return (
    <ConfirmDialog
      open={user !== null}
      title="Supprimer l'utilisateur"
      confirmLabel="Supprimer"
      destructive
      pending={remove.isPending}
      error={remove.error}
      onCancel={() => {
        remove.reset();
        onClose();
      }}
      onConfirm={() => user && remove.mutate(user.id)}
    >
      {user ? (
        <>
          Voulez-vous vraiment supprimer le compte de{" "}
          <strong>
            {user.firstName} {user.lastName}
          </strong>{" "}
          ({user.email}) ? Ses données personnelles, sa photo et ses habilitations seront effacées, et ses sessions fermées. Cette
          action est irréversible.
        </>
      ) : null}
    </ConfirmDialog>
  );
}
