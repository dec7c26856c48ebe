// "J'habilite un utilisateur": search (≥ 3 characters), tick the agents, « AFFECTER ».
import { useState } from "react";
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MIN_SEARCH } from "@convergences/contract";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import { useDebounced } from "../../components/useDebounced";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";
import { paginationLabels } from "../../components/pagination";
import { invalidatePeople } from "../../components/invalidate";

interface Props {
  open: boolean;
  onClose: () => void;
  application: { id: string; name: string };
  role: { id: string; label: string };
}

export function AssignDialog({ open, onClose, application, role }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [search, setSearch] = useState("");
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);
  const [selected, setSelected] = useState<string[]>([]);
  const q = useDebounced(search.trim());
  const filterQ = useDebounced(filter.trim());
  const ready = q.length >= MIN_SEARCH;
  const fullQ = [q, filterQ.length >= MIN_SEARCH ? filterQ : ""].filter(Boolean).join(" ");

  const results = useQuery({
    queryKey: [...keys.users, "assign-search", fullQ, page, pageSize],
    queryFn: () => api.listerLesUtilisateurs({ query: { q: fullQ, page: page + 1, pageSize, sort: "lastName", order: "asc" } }),
    enabled: open && ready,
    placeholderData: keepPreviousData,
  });

  const assign = useMutation({
    mutationFn: () => api.habiliterUnUtilisateur({ params: { id: application.id, roleId: role.id }, body: { userIds: selected } }),
    onSuccess: (result) => {
      notify(result.message, result.refused.length ? "info" : "success");
      void invalidatePeople(queryClient);
      close();
    },
  });

  function close() {
    setSearch("");
    setFilter("");
    setSelected([]);
    setPage(0);
    assign.reset();
    onClose();
  }

  const rows = ready ? (results.data?.items ?? []) : [];
  return (
    <Dialog open={open} onClose={assign.isPending ? undefined : close} fullWidth maxWidth="md" aria-labelledby="assign-title">
      <DialogTitle id="assign-title">
        Affecter un ou plusieurs utilisateur(s) au rôle <strong>{role.label}</strong> de l'application <strong>{application.name}</strong>
      </DialogTitle>
      <DialogContent>
        <TextField
          label="Rechercher"
          placeholder="Rechercher par nom, prénom, identifiant ou structure"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
          fullWidth
          autoFocus
          helperText={search.trim().length < MIN_SEARCH ? "Veuillez saisir au moins 3 caractères pour effectuer une recherche" : " "}
          sx={{ mt: 1 }}
        />
        {ready ? (
          <Box aria-live="polite">
            {results.isPending ? <Loading label="Recherche en cours…" /> : null}
            {results.isError ? <ErrorAlert error={results.error} retry={() => void results.refetch()} /> : null}
            {results.data ? (
              <>
                <Box sx={{ display: "flex", alignItems: "center", gap: 2, mt: 1, flexWrap: "wrap" }}>
                  <Typography variant="h3" component="h2" sx={{ flexGrow: 1 }}>
                    Utilisateurs ({results.data.total})
                  </Typography>
                  <TextField label="Filtrer" size="small" value={filter} onChange={(e) => setFilter(e.target.value)} />
                </Box>
                <TablePagination
                  component="div"
                  count={results.data.total}
                  page={page}
                  rowsPerPage={pageSize}
                  rowsPerPageOptions={[10, 20, 50]}
                  onPageChange={(_, p) => setPage(p)}
                  onRowsPerPageChange={(e) => {
                    setPageSize(Number(e.target.value));
                    setPage(0);
                  }}
                  {...paginationLabels}
                />
                <Table size="small" aria-label="Détails de la liste des membres">
                  <caption style={{ captionSide: "top", textAlign: "left", padding: "4px 0" }}>Détails de la liste des membres</caption>
                  <TableHead>
                    <TableRow>
                      <TableCell padding="checkbox" sx={{ position: "relative" }}>
                        <Box component="span" sx={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
                          Sélection
                        </Box>
                      </TableCell>
                      <TableCell>Nom</TableCell>
                      <TableCell>Prénom</TableCell>
                      <TableCell>Email</TableCell>
                      <TableCell>Structure</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {rows.length === 0 ? (
                      <TableRow>
                        <TableCell colSpan={5}>Aucun utilisateur ne correspond à cette recherche.</TableCell>
                      </TableRow>
                    ) : null}
                    {rows.map((u) => {
                      const checked = selected.includes(u.id);
                      return (
                        <TableRow key={u.id} hover selected={checked}>
                          <TableCell padding="checkbox">
                            <Checkbox
                              checked={checked}
                              onChange={(e) => setSelected(e.target.checked ? [...selected, u.id] : selected.filter((id) => id !== u.id))}
                              slotProps={{ input: { "aria-label": `Sélectionner ${u.firstName} ${u.lastName}` } }}
                            />
                          </TableCell>
                          <TableCell>{u.lastName}</TableCell>
                          <TableCell>{u.firstName}</TableCell>
                          <TableCell>{u.email}</TableCell>
                          <TableCell>{u.structure.path}</TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </>
            ) : null}
          </Box>
        ) : null}
        {selected.length ? (
          <Typography sx={{ mt: 1 }} aria-live="polite">
            {selected.length} utilisateur{selected.length > 1 ? "s" : ""} sélectionné{selected.length > 1 ? "s" : ""}
          </Typography>
        ) : null}
        {assign.isError ? <ErrorAlert error={assign.error} sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={assign.isPending}>
          Annuler
        </Button>
        <Button variant="contained" disabled={selected.length === 0 || assign.isPending} onClick={() => assign.mutate()}>
          Affecter
        </Button>
      </DialogActions>
    </Dialog>
  );
}
