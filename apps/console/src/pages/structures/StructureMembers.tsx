// A node (its header: StructureHeader) and its members: CHARGER TOUS LES UTILISATEURS, filter, checkboxes, menu Exporter /
// Supprimer les utilisateurs sélectionnés, row menu → Supprimer l'utilisateur sélectionné.
import { useState } from "react";
import { Box, Button, Checkbox, FormControlLabel, Paper, Stack, Typography } from "@mui/material";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MESSAGES, MIN_SEARCH } from "@convergences/contract";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { StructureNode, UserSummary } from "../../api/types";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { UserTable } from "../../components/UserTable";
import { ExportMenu } from "../../components/ExportMenu";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DeleteUserDialog } from "../../components/DeleteUserDialog";
import { useNotify } from "../../components/Notifier";
import { useDebounced } from "../../components/useDebounced";
import { StructureHeader } from "./StructureHeader";
import { FilterField } from "../../components/FilterField";
import { invalidatePeople } from "../../components/invalidate";

interface Props {
  node: StructureNode;
  nodes: StructureNode[];
  canRestructure: boolean;
  onCreated: (node: StructureNode) => void;
  onDeleted: () => void;
}

export function StructureMembers({ node, nodes, canRestructure, onCreated, onDeleted }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [loaded, setLoaded] = useState(false);
  const [subtree, setSubtree] = useState(false);
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(20);
  const [selected, setSelected] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<UserSummary | null>(null);
  const [bulk, setBulk] = useState(false);
  const q = useDebounced(filter.trim());
  const query = { page: page + 1, pageSize, subtree: subtree ? "true" : "false", q: q.length >= MIN_SEARCH ? q : undefined } as const;
  const members = useQuery({
    queryKey: [...keys.structureMembers, node.id, query],
    queryFn: () => api.membresDUneStructure({ params: { id: node.id }, query }),
    enabled: loaded,
    placeholderData: keepPreviousData,
  });

  const bulkDelete = useMutation({
    mutationFn: () => api.supprimerDesUtilisateurs({ body: { userIds: selected } }),
    onSuccess: (result) => {
      // What happened: removed from my structures (the account lives on elsewhere) or account erased.
      const done = MESSAGES.usersRemoved(result.deleted.length - result.erased.length, result.erased.length);
      notify(
        result.refused.length ? `${done} ${result.refused.length} n'ont pas pu l'être : ${result.refused[0]!.message}` : done,
        result.refused.length ? "info" : "success",
      );
      setSelected([]);
      setBulk(false);
      bulkDelete.reset();
      void invalidatePeople(queryClient);
    },
  });

  return (
    <Paper component="section" aria-labelledby="structure-title" sx={{ p: 2 }}>
      <StructureHeader node={node} nodes={nodes} canRestructure={canRestructure} onCreated={onCreated} onDeleted={onDeleted} />
      <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap", mb: 1 }}>
        <Button variant="contained" onClick={() => setLoaded(true)}>
          Charger tous les utilisateurs
        </Button>
        <FormControlLabel
          control={
            <Checkbox
              checked={subtree}
              onChange={(e) => {
                setSubtree(e.target.checked);
                setPage(0);
              }}
            />
          }
          label="Inclure les sous-structures"
        />
        <Box sx={{ flexGrow: 1 }} />
        <ExportMenu
          label="Actions sur les utilisateurs de la structure"
          onExport={() => api.exporterUneStructure({ params: { id: node.id } })}
          actions={[{ label: "Supprimer les utilisateurs sélectionnés", onClick: () => setBulk(true), disabled: selected.length === 0 }]}
        />
      </Stack>
      {!loaded ? (
        <Typography sx={{ color: "text.secondary", py: 2 }}>
          Cliquez sur « Charger tous les utilisateurs » pour afficher les membres de cette structure.
        </Typography>
      ) : (
        <>
          <FilterField
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(0);
            }}
          />
          {members.isPending ? <Loading label="Chargement des membres…" /> : null}
          {members.isError ? <ErrorAlert error={members.error} retry={() => void members.refetch()} /> : null}
          {members.data ? (
            <>
              <Typography variant="h3" component="h3" sx={{ mt: 1 }}>
                Détails de la liste des membres {selected.length ? `(${selected.length} sélectionné${selected.length > 1 ? "s" : ""})` : ""}
              </Typography>
              <UserTable
                caption="Détails de la liste des membres"
                rows={members.data.items}
                total={members.data.total}
                totalIsLowerBound={members.data.totalIsLowerBound}
                page={page}
                pageSize={pageSize}
                onPage={setPage}
                onPageSize={(s) => {
                  setPageSize(s);
                  setPage(0);
                }}
                fetching={members.isFetching}
                selectable
                selected={selected}
                onSelect={setSelected}
                deleteLabel="Supprimer l'utilisateur sélectionné"
                onDelete={setDeleting}
              />
            </>
          ) : null}
        </>
      )}
      <DeleteUserDialog user={deleting} onClose={() => setDeleting(null)} />
      <ConfirmDialog
        open={bulk}
        title="Supprimer les utilisateurs sélectionnés"
        confirmLabel="Supprimer"
        destructive
        pending={bulkDelete.isPending}
        error={bulkDelete.error}
        onCancel={() => {
          setBulk(false);
          bulkDelete.reset();
        }}
        onConfirm={() => bulkDelete.mutate()}
      >
        Voulez-vous vraiment supprimer {selected.length} utilisateur{selected.length > 1 ? "s" : ""} ? Chacun est retiré de vos structures,
        avec les rôles tenus pour elles. Un compte rattaché à d'autres structures y reste actif ; les autres comptes sont supprimés, avec
        leurs données personnelles. Cette action est irréversible.
      </ConfirmDialog>
    </Paper>
  );
}
