// "Utilisateurs": nothing loaded by default; CHARGER TOUS LES UTILISATEURS, search by criteria,
// filter of the loaded list, server-side pages (100,000 rows stay smooth), delete, export.
import { useState } from "react";
import { Box, Button, FormControl, InputLabel, MenuItem, Paper, Select, Stack, TextField, Typography } from "@mui/material";
import PersonAddIcon from "@mui/icons-material/PersonAdd";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ERRORS, MIN_SEARCH, type UsersQueryInput } from "@convergences/contract";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { UserSummary } from "../../api/types";
import { usePageTitle } from "../../components/usePageTitle";
import { UserTable, type SortState } from "../../components/UserTable";
import { DeleteUserDialog } from "../../components/DeleteUserDialog";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { StructurePicker } from "../../components/StructurePicker";
import { ExportMenu } from "../../components/ExportMenu";
import { useDebounced } from "../../components/useDebounced";
import { formatTotal } from "../../components/pagination";
import { AddUserDialog } from "./AddUserDialog";
import { FilterField, tooShort } from "../../components/FilterField";

interface Criteria {
  q: string;
  structureId: string | null;
  locked: "" | "true" | "false";
}
const noCriteria: Criteria = { q: "", structureId: null, locked: "" };

export default function UsersPage() {
  usePageTitle("Utilisateurs");
  const [loaded, setLoaded] = useState<Criteria | null>(null);
  const [draft, setDraft] = useState<Criteria>(noCriteria);
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(20);
  const [sort, setSort] = useState<SortState>({ sort: "lastName", order: "asc" });
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<UserSummary | null>(null);
  const debouncedFilter = useDebounced(filter.trim());

  // The filter narrows the loaded list; on the server it is one more search term.
  const q = [loaded?.q.trim(), debouncedFilter.length >= MIN_SEARCH ? debouncedFilter : ""].filter(Boolean).join(" ");
  const query: UsersQueryInput = {
    page: page + 1,
    pageSize,
    q: q || undefined,
    structureId: loaded?.structureId ?? undefined,
    locked: loaded?.locked || undefined,
    sort: sort.sort,
    order: sort.order,
  };
  const users = useQuery({
    queryKey: [...keys.users, "list", query],
    queryFn: () => api.listerLesUtilisateurs({ query }),
    enabled: loaded !== null,
    placeholderData: keepPreviousData,
  });

  function load(criteria: Criteria) {
    if (tooShort(criteria.q)) return;
    setLoaded(criteria);
    setPage(0);
  }

  return (
    <>
      <Typography variant="h1" gutterBottom>
        Utilisateurs
      </Typography>

      <Paper component="section" aria-labelledby="criteria-title" sx={{ p: 2, mb: 2 }}>
        <Typography id="criteria-title" variant="h2" gutterBottom>
          Recherche par critères
        </Typography>
        <Box
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            load(draft);
          }}
        >
          <Stack
            direction={{ xs: "column", sm: "row" }}
            spacing={2}
            useFlexGap
            sx={{ alignItems: { xs: "stretch", sm: "flex-start" }, flexWrap: "wrap" }}
          >
            <TextField
              label="Nom, prénom, identifiant, email ou structure"
              value={draft.q}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              error={tooShort(draft.q)}
              helperText={tooShort(draft.q) ? ERRORS.SEARCH_TOO_SHORT.message : " "}
              sx={{ flex: { sm: "2 1 360px" } }}
            />
            <Box sx={{ flex: { sm: "2 1 300px" }, minWidth: 0 }}>
              <StructurePicker
                label="Structure"
                value={draft.structureId}
                onChange={(structureId) => setDraft({ ...draft, structureId })}
              />
            </Box>
            <FormControl sx={{ flex: { sm: "1 1 220px" } }}>
              <InputLabel id="locked-label">Verrouillage du compte</InputLabel>
              <Select
                labelId="locked-label"
                label="Verrouillage du compte"
                value={draft.locked}
                onChange={(e) => setDraft({ ...draft, locked: e.target.value as Criteria["locked"] })}
              >
                <MenuItem value="">Tous les comptes</MenuItem>
                <MenuItem value="false">Comptes actifs</MenuItem>
                <MenuItem value="true">Comptes verrouillés</MenuItem>
              </Select>
            </FormControl>
            <Button type="submit" variant="outlined" size="large" sx={{ minHeight: 56, px: 4, flexShrink: 0 }}>
              Rechercher
            </Button>
          </Stack>
        </Box>
      </Paper>

      <Paper component="section" aria-labelledby="list-title" sx={{ p: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap", mb: 1 }}>
          <Typography id="list-title" variant="h2" sx={{ flexGrow: 1 }}>
            {users.data ? `Utilisateurs (${formatTotal(users.data.total, users.data.totalIsLowerBound)})` : "Utilisateurs"}
          </Typography>
          <Button
            variant="contained"
            onClick={() => {
              setDraft(noCriteria);
              load(noCriteria);
            }}
          >
            Charger tous les utilisateurs
          </Button>
          <Button variant="outlined" startIcon={<PersonAddIcon />} onClick={() => setAdding(true)}>
            Ajouter
          </Button>
          <ExportMenu label="Actions sur la liste des utilisateurs" onExport={() => api.exporterLesUtilisateurs()} />
        </Stack>

        {loaded === null ? (
          <Typography sx={{ py: 3, color: "text.secondary" }}>
            Par défaut, les utilisateurs déjà enregistrés ne sont pas affichés. Cliquez sur « Charger tous les utilisateurs » ou lancez une
            recherche par critères.
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
            {users.isPending ? <Loading label="Chargement des utilisateurs…" /> : null}
            {users.isError ? <ErrorAlert error={users.error} retry={() => void users.refetch()} /> : null}
            {users.data ? (
              <UserTable
                caption="Liste des utilisateurs"
                rows={users.data.items}
                total={users.data.total}
                totalIsLowerBound={users.data.totalIsLowerBound}
                page={page}
                pageSize={pageSize}
                onPage={setPage}
                onPageSize={(size) => {
                  setPageSize(size);
                  setPage(0);
                }}
                sort={sort}
                onSort={(s) => {
                  setSort(s);
                  setPage(0);
                }}
                fetching={users.isFetching}
                onDelete={setDeleting}
              />
            ) : null}
          </>
        )}
      </Paper>

      <AddUserDialog open={adding} onClose={() => setAdding(false)} />
      <DeleteUserDialog user={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
