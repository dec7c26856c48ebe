// « Ajouter une sous-structure » under the selected node: its name and its kind.
import { useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, MenuItem, TextField } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { STRUCTURE_KIND_LABELS } from "@convergences/contract";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { StructureKind, StructureNode } from "../../api/types";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";

type ChildKind = Exclude<StructureKind, "CIG">;
const KINDS = (Object.keys(STRUCTURE_KIND_LABELS) as StructureKind[]).filter((k): k is ChildKind => k !== "CIG");

/** The kind a child usually has: a collectivité holds directions, a direction holds services. */
function defaultKind(parent: StructureNode): ChildKind {
  if (parent.kind === "DIRECTION" || parent.kind === "SERVICE") return "SERVICE";
  if (parent.kind === "COLLECTIVITE" || parent.kind === "ETABLISSEMENT") return "DIRECTION";
  return "COLLECTIVITE";
}

export function CreateStructureDialog({
  parent,
  onClose,
  onCreated,
}: {
  parent: StructureNode;
  onClose: () => void;
  onCreated: (node: StructureNode) => void;
}) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<ChildKind>(defaultKind(parent));
  const [touched, setTouched] = useState(false);
  const create = useMutation({
    mutationFn: () => api.creerUneStructure({ body: { name: name.trim(), kind, parentId: parent.id } }),
    onSuccess: async (node) => {
      notify("La structure a été créée.");
      await queryClient.invalidateQueries({ queryKey: keys.structures });
      onCreated(node);
    },
  });
  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors : {};
  const nameError = fieldErrors.name ?? (touched && !name.trim() ? "Le nom est obligatoire" : undefined);
  const submit = () => {
    setTouched(true);
    if (name.trim()) create.mutate();
  };
  return (
    <Dialog open onClose={create.isPending ? undefined : onClose} aria-labelledby="create-structure-title" fullWidth maxWidth="sm">
      <DialogTitle id="create-structure-title">Ajouter une sous-structure</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>Sous « {parent.path} ». Les champs obligatoires sont indiqués avec *.</DialogContentText>
        <TextField
          label="Nom de la structure"
          required
          fullWidth
          autoFocus
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && submit()}
          error={Boolean(nameError)}
          helperText={nameError ?? " "}
        />
        <TextField
          select
          label="Type de structure"
          required
          fullWidth
          value={kind}
          onChange={(e) => setKind(e.target.value as ChildKind)}
          sx={{ mt: 1 }}
        >
          {KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {STRUCTURE_KIND_LABELS[k]}
            </MenuItem>
          ))}
        </TextField>
        {create.isError && !fieldErrors.name ? <ErrorAlert error={create.error} sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={create.isPending}>
          Annuler
        </Button>
        <Button variant="contained" onClick={submit} disabled={create.isPending}>
          Créer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
