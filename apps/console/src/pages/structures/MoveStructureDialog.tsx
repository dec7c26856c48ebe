// « Déplacer » a node (and its whole sub-tree) under another parent. The node's own sub-tree is not
// offered; the API decides the rest (scope, cycles) and its refusal is shown here.
import { useCallback, useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { StructureNode } from "../../api/types";
import { ErrorAlert } from "../../components/QueryState";
import { StructurePicker } from "../../components/StructurePicker";
import { useNotify } from "../../components/Notifier";

export function MoveStructureDialog({ node, nodes, onClose }: { node: StructureNode; nodes: StructureNode[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [parentId, setParentId] = useState<string | null>(null);
  // A node's descendants: those whose parent chain reaches it.
  const inSubtree = useCallback(
    (candidate: StructureNode) => {
      const byId = new Map(nodes.map((n) => [n.id, n]));
      for (let n: StructureNode | undefined = candidate; n; n = n.parentId ? byId.get(n.parentId) : undefined)
        if (n.id === node.id) return true;
      return false;
    },
    [node.id, nodes],
  );
  const offered = useCallback((n: StructureNode) => n.editable && n.id !== node.parentId && !inSubtree(n), [inSubtree, node.parentId]);
  const move = useMutation({
    mutationFn: () => api.modifierUneStructure({ params: { id: node.id }, body: { parentId: parentId!, version: node.version } }),
    onSuccess: () => {
      notify("La structure a été déplacée.");
      void queryClient.invalidateQueries({ queryKey: keys.structures });
      void queryClient.invalidateQueries({ queryKey: keys.users });
      onClose();
    },
  });
  return (
    <Dialog open onClose={move.isPending ? undefined : onClose} aria-labelledby="move-structure-title" fullWidth maxWidth="sm">
      <DialogTitle id="move-structure-title">Déplacer la structure</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          « {node.name} » et toutes ses sous-structures seront placées sous la structure choisie. Ses utilisateurs et leurs habilitations la
          suivent.
        </DialogContentText>
        <StructurePicker label="Nouvelle structure parente" required value={parentId} onChange={setParentId} filter={offered} />
        {move.isError ? <ErrorAlert error={move.error} sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={move.isPending}>
          Annuler
        </Button>
        <Button variant="contained" disabled={!parentId || move.isPending} onClick={() => move.mutate()}>
          Déplacer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
