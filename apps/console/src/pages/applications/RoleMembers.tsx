// The members of one role: CHARGER TOUS LES UTILISATEURS, Affecter, filter, row menu
// (désaffecter / réaffecter), Exporter.
import { useId, useState } from "react";
import {
  Box,
  Button,
  IconButton,
  LinearProgress,
  Link,
  Menu,
  MenuItem,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from "@mui/material";
import MoreVertIcon from "@mui/icons-material/MoreVert";
import { Link as RouterLink } from "react-router";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatInstantDay, MESSAGES, MIN_SEARCH } from "@convergences/contract";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { ApplicationSummary, Role, RoleMember } from "../../api/types";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ExportMenu } from "../../components/ExportMenu";
import { useNotify } from "../../components/Notifier";
import { useDebounced } from "../../components/useDebounced";
import { PAGE_SIZES, paginationLabels } from "../../components/pagination";
import { AssignDialog } from "./AssignDialog";
import { ReassignDialog } from "./ReassignDialog";
import { FilterField } from "../../components/FilterField";
import { AlsoElsewhereMark } from "../../components/AlsoElsewhere";
import { invalidatePeople } from "../../components/invalidate";

/** One line per member: a long structure path is cut (full text in the tooltip) instead of wrapping the row. */
const oneLine = { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", maxWidth: 190 } as const;

export function RoleMembers({ application, role }: { application: ApplicationSummary; role: Role }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [loaded, setLoaded] = useState(false);
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(20);
  const [assigning, setAssigning] = useState(false);
  const [menu, setMenu] = useState<{ anchor: HTMLElement; member: RoleMember } | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [unassigning, setUnassigning] = useState<RoleMember | null>(null);
  const [reassigning, setReassigning] = useState<RoleMember | null>(null);
  const menuId = useId();
  const q = useDebounced(filter.trim());

  const query = { page: page + 1, pageSize, q: q.length >= MIN_SEARCH ? q : undefined };
  const members = useQuery({
    queryKey: [...keys.roleMembers, role.id, query],
    queryFn: () => api.membresDUnRole({ params: { id: application.id, roleId: role.id }, query }),
    enabled: loaded,
    placeholderData: keepPreviousData,
  });

  const unassign = useMutation({
    // Only this row's assignment (held for a structure of mine): what other bodies granted stays.
    mutationFn: (m: RoleMember) =>
      api.supprimerUneHabilitation({
        params: { id: application.id, roleId: role.id, userId: m.user.id },
        query: { structureId: m.structure.id },
      }),
    onSuccess: () => {
      notify(MESSAGES.unassigned);
      void invalidatePeople(queryClient);
      setUnassigning(null);
      unassign.reset();
    },
  });

  return (
    <Paper component="section" aria-labelledby="role-title" sx={{ p: 2 }}>
      <Typography id="role-title" variant="h2" gutterBottom>
        {role.label} — {application.name}
      </Typography>
      {role.description ? <Typography sx={{ mb: 1 }}>{role.description}</Typography> : null}
      <Stack direction="row" spacing={2} sx={{ alignItems: "center", flexWrap: "wrap", mb: 1 }}>
        <Typography sx={{ flexGrow: 1 }}>
          {members.data ? `Membres (${members.data.total})` : `${role.memberCount} membre${role.memberCount > 1 ? "s" : ""}`}
        </Typography>
        <Button variant="contained" onClick={() => setLoaded(true)}>
          Charger tous les utilisateurs
        </Button>
        <Button variant="outlined" onClick={() => setAssigning(true)}>
          Affecter
        </Button>
        <ExportMenu
          label="Actions sur les membres du rôle"
          onExport={() => api.exporterUnRole({ params: { id: application.id, roleId: role.id } })}
        />
      </Stack>

      {!loaded ? (
        <Typography sx={{ color: "text.secondary", py: 2 }}>
          Cliquez sur « Charger tous les utilisateurs » pour voir les agents qui ont déjà ce rôle.
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
              {members.isFetching ? <LinearProgress aria-label="Chargement de la liste" /> : <Box sx={{ height: 4 }} />}
              <TableContainer>
                <Table size="small" aria-label="Détails de la liste des membres">
                  <TableHead>
                    <TableRow>
                      <TableCell>Nom</TableCell>
                      <TableCell>Prénom</TableCell>
                      <TableCell>Email</TableCell>
                      <TableCell>Structure</TableCell>
                      <TableCell>Affecté le</TableCell>
                      <TableCell align="right" sx={{ position: "relative" }}>
                        <Box component="span" sx={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
                          Actions
                        </Box>
                      </TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {members.data.items.length === 0 ? (
                      <TableRow>
                        <TableCell colSpan={6}>Aucun agent n'a ce rôle.</TableCell>
                      </TableRow>
                    ) : null}
                    {members.data.items.map((m) => (
                      <TableRow key={m.assignmentId} hover selected={current === m.assignmentId} onClick={() => setCurrent(m.assignmentId)}>
                        <TableCell>
                          <Link component={RouterLink} to={`/utilisateurs/${m.user.id}`}>
                            {m.user.lastName}
                          </Link>
                        </TableCell>
                        <TableCell>{m.user.firstName}</TableCell>
                        <TableCell sx={oneLine} title={m.user.email}>
                          {m.user.email}
                        </TableCell>
                        <TableCell sx={oneLine} title={m.structure.path}>
                          {m.alsoElsewhere ? <AlsoElsewhereMark /> : null}
                          {m.structure.path}
                        </TableCell>
                        <TableCell>{formatInstantDay(m.grantedAt)}</TableCell>
                        <TableCell align="right">
                          <IconButton
                            aria-label={`Actions pour ${m.user.firstName} ${m.user.lastName}`}
                            aria-haspopup="menu"
                            onClick={(e) => {
                              setCurrent(m.assignmentId);
                              setMenu({ anchor: e.currentTarget, member: m });
                            }}
                          >
                            <MoreVertIcon />
                          </IconButton>
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </TableContainer>
              <TablePagination
                component="div"
                count={members.data.total}
                page={page}
                rowsPerPage={pageSize}
                rowsPerPageOptions={PAGE_SIZES}
                onPageChange={(_, p) => setPage(p)}
                onRowsPerPageChange={(e) => {
                  setPageSize(Number(e.target.value));
                  setPage(0);
                }}
                {...paginationLabels}
              />
            </>
          ) : null}
        </>
      )}

      <Menu id={menuId} anchorEl={menu?.anchor} open={menu !== null} onClose={() => setMenu(null)}>
        <MenuItem
          onClick={() => {
            setUnassigning(menu!.member);
            setMenu(null);
          }}
        >
          Désaffecter le membre sélectionné
        </MenuItem>
        <MenuItem
          onClick={() => {
            setReassigning(menu!.member);
            setMenu(null);
          }}
        >
          Réaffecter le membre à un autre rôle
        </MenuItem>
      </Menu>

      <ConfirmDialog
        open={unassigning !== null}
        title="Désaffecter le membre sélectionné"
        confirmLabel="Désaffecter"
        destructive
        pending={unassign.isPending}
        error={unassign.error}
        onCancel={() => {
          setUnassigning(null);
          unassign.reset();
        }}
        onConfirm={() => unassigning && unassign.mutate(unassigning)}
      >
        Voulez-vous retirer le rôle « {role.label} » de l'application {application.name} à{" "}
        <strong>
          {unassigning?.user.firstName} {unassigning?.user.lastName}
        </strong>{" "}
        ?
      </ConfirmDialog>
      <ReassignDialog application={application} roleId={role.id} member={reassigning} onClose={() => setReassigning(null)} />
      <AssignDialog open={assigning} onClose={() => setAssigning(false)} application={application} role={role} />
    </Paper>
  );
}
