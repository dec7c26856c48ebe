// « ÉDITER » a node of the tree (its name).
import { useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { StructureNode } from "../../api/types";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";

export function EditStructureDialog({ node, onClose }: { node: StructureNode; onClose: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [name, setName] = useState(node.name);
  const save = useMutation({
    mutationFn: () => api.modifierUneStructure({ params: { id: node.id }, body: { name: name.trim(), version: node.version } }),
    onSuccess: () => {
      notify("La structure a été modifiée.");
      void queryClient.invalidateQueries({ queryKey: keys.structures });
      onClose();
    },
  });
  const nameError = save.error instanceof ApiError ? save.error.fieldErrors.name : undefined;
  return (
    <Dialog open onClose={save.isPending ? undefined : onClose} aria-labelledby="edit-structure-title" fullWidth maxWidth="sm">
      <DialogTitle id="edit-structure-title">Éditer la structure</DialogTitle>
      <DialogContent>
        <TextField
          label="Nom de la structure"
          required
          fullWidth
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={Boolean(nameError) || !name.trim()}
          helperText={nameError ?? (!name.trim() ? "Champ obligatoire" : node.path)}
          sx={{ mt: 1 }}
        />
        {save.isError && !nameError ? <ErrorAlert error={save.error} sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={save.isPending}>
          Annuler
        </Button>
        <Button variant="contained" disabled={!name.trim() || save.isPending} onClick={() => save.mutate()}>
          Enregistrer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
