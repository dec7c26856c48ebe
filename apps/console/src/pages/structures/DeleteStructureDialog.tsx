// « Supprimer » a node: confirmation; while it still has members or sub-structures the API refuses,
// and its reason is shown in the dialog.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { StructureNode } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useNotify } from "../../components/Notifier";

export function DeleteStructureDialog({ node, onClose, onDeleted }: { node: StructureNode; onClose: () => void; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: () => api.supprimerUneStructure({ params: { id: node.id } }),
    onSuccess: async (result) => {
      notify(result?.message ?? "La structure a été supprimée.");
      onDeleted();
      await queryClient.invalidateQueries({ queryKey: keys.structures });
    },
  });
  return (
    <ConfirmDialog
      open
      title="Supprimer la structure"
      confirmLabel="Supprimer"
      destructive
      pending={remove.isPending}
      error={remove.error}
      onCancel={onClose}
      onConfirm={() => remove.mutate()}
    >
      Voulez-vous vraiment supprimer la structure <strong>{node.name}</strong> ({node.path}) ? Une structure ne peut être supprimée que
      lorsqu'elle n'a plus ni utilisateur ni sous-structure.
    </ConfirmDialog>
  );
}
