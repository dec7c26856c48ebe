// The audit log with filters: who did what, when, allowed or refused.
import { Fragment, useState } from "react";
import {
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from "@mui/material";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AUDIT_ACTION_LABELS, type Endpoints, formatInstant, type QueryInput } from "@convergences/contract";
import { api } from "../../api/endpoints";
import { ScrollX } from "../../components/ScrollX";
import { FrenchDateField, INVALID_DAY } from "../../components/FrenchDateField";
import { usePageTitle } from "../../components/usePageTitle";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { PAGE_SIZES, paginationLabels } from "../../components/pagination";

interface Draft {
  action: string;
  outcome: "" | "allowed" | "denied";
  from: string;
  to: string;
}
const none: Draft = { action: "", outcome: "", from: "", to: "" };
// An unfinished date (INVALID_DAY) filters nothing rather than failing the whole list.
const startOfDay = (d: string) => (d && d !== INVALID_DAY ? new Date(`${d}T00:00:00`).toISOString() : undefined);
const endOfDay = (d: string) => (d && d !== INVALID_DAY ? new Date(`${d}T23:59:59.999`).toISOString() : undefined);

export default function AuditPage() {
  usePageTitle("Journal d'audit");
  const [draft, setDraft] = useState<Draft>(none);
  const [applied, setApplied] = useState<Draft>(none);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string | null>(null);
  const query: QueryInput<Endpoints["journalDAudit"]> = {
    page: page + 1,
    pageSize,
    action: applied.action || undefined,
    outcome: applied.outcome || undefined,
    from: startOfDay(applied.from),
    to: endOfDay(applied.to),
  };
  const events = useQuery({ queryKey: ["audit", query], queryFn: () => api.journalDAudit({ query }), placeholderData: keepPreviousData });

  return (
    <>
      <Typography variant="h1" gutterBottom>
        Journal d'audit
      </Typography>
      <Paper
        component="form"
        aria-label="Filtres du journal"
        sx={{ p: 2, mb: 2 }}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
          setPage(0);
        }}
      >
        <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ alignItems: "center" }}>
          <FormControl sx={{ minWidth: 280 }}>
            <InputLabel id="audit-action">Action</InputLabel>
            <Select
              labelId="audit-action"
              label="Action"
              value={draft.action}
              onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            >
              <MenuItem value="">Toutes les actions</MenuItem>
              {Object.entries(AUDIT_ACTION_LABELS).map(([code, label]) => (
                <MenuItem key={code} value={code}>
                  {label}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <FormControl sx={{ minWidth: 180 }}>
            <InputLabel id="audit-outcome">Résultat</InputLabel>
            <Select
              labelId="audit-outcome"
              label="Résultat"
              value={draft.outcome}
              onChange={(e) => setDraft({ ...draft, outcome: e.target.value as Draft["outcome"] })}
            >
              <MenuItem value="">Tous</MenuItem>
              <MenuItem value="allowed">Autorisée</MenuItem>
              <MenuItem value="denied">Refusée</MenuItem>
            </Select>
          </FormControl>
          <Box sx={{ width: { xs: "100%", sm: 190 } }}>
            <FrenchDateField label="Du" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
          </Box>
          <Box sx={{ width: { xs: "100%", sm: 190 } }}>
            <FrenchDateField label="Au" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
          </Box>
          <Button type="submit" variant="contained">
            Filtrer
          </Button>
        </Stack>
      </Paper>
      <Paper sx={{ p: 2 }}>
        {events.isPending ? <Loading /> : null}
        {events.isError ? <ErrorAlert error={events.error} retry={() => void events.refetch()} /> : null}
        {events.data ? (
          <>
            <ScrollX label="Événements du journal d'audit (défilement horizontal)">
              <Table size="small" aria-label="Événements du journal d'audit">
                <TableHead>
                  <TableRow>
                    <TableCell>Date</TableCell>
                    <TableCell>Auteur</TableCell>
                    <TableCell>Action</TableCell>
                    <TableCell>Résultat</TableCell>
                    <TableCell>Cible</TableCell>
                    <TableCell>Détails</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {events.data.items.length === 0 ? (
                    <TableRow>
                      <TableCell colSpan={6}>Aucun événement ne correspond.</TableCell>
                    </TableRow>
                  ) : null}
                  {events.data.items.map((e) => (
                    <Fragment key={e.id}>
                      <TableRow>
                        <TableCell>{formatInstant(e.at)}</TableCell>
                        <TableCell>{e.actor.label ?? "—"}</TableCell>
                        <TableCell>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</TableCell>
                        <TableCell>{e.outcome === "denied" ? "Refusée" : "Autorisée"}</TableCell>
                        <TableCell>{e.targetLabel ?? e.targetId ?? "—"}</TableCell>
                        <TableCell>
                          {e.before != null || e.after != null ? (
                            <Button size="small" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)}>
                              {open === e.id ? "Masquer" : "Voir"}
                            </Button>
                          ) : null}
                        </TableCell>
                      </TableRow>
                      {open === e.id ? (
                        <TableRow>
                          <TableCell colSpan={6}>
                            <Box sx={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 2, fontSize: 13 }}>
                              <div>
                                <strong>Avant</strong>
                                <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(e.before, null, 2)}</pre>
                              </div>
                              <div>
                                <strong>Après</strong>
                                <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(e.after, null, 2)}</pre>
                              </div>
                            </Box>
                          </TableCell>
                        </TableRow>
                      ) : null}
                    </Fragment>
                  ))}
                </TableBody>
              </Table>
            </ScrollX>
            <TablePagination
              component="div"
              count={events.data.total}
              page={page}
              rowsPerPage={pageSize}
              rowsPerPageOptions={PAGE_SIZES}
              onPageChange={(_, p) => setPage(p)}
              onRowsPerPageChange={(ev) => {
                setPageSize(Number(ev.target.value));
                setPage(0);
              }}
              {...paginationLabels}
            />
          </>
        ) : null}
      </Paper>
    </>
  );
}
