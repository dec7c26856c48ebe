// CIG administrators name or remove the référents of a structure and the applications they administer
// (the guide's "déclaration d'un nouveau référent administrateur").
import { useState } from "react";
import {
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  IconButton,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import DeleteIcon from "@mui/icons-material/Delete";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatInstantDay, MANDATE_KIND_LABELS, ofName } from "@convergences/contract";
import { api } from "../../api/endpoints";
import { useApplications } from "../../api/hooks";
import type { Mandate, UserSummary } from "../../api/types";
import { ScrollX } from "../../components/ScrollX";
import { usePageTitle } from "../../components/usePageTitle";
import { StructurePicker } from "../../components/StructurePicker";
import { UserSearchField } from "../../components/UserSearchField";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useNotify } from "../../components/Notifier";

export default function ReferentsPage() {
  usePageTitle("Référents");
  const queryClient = useQueryClient();
  const notify = useNotify();
  const applications = useApplications();
  const [structureId, setStructureId] = useState<string | null>(null);
  const [person, setPerson] = useState<UserSummary | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const [appIds, setAppIds] = useState<string[]>([]);
  const [removing, setRemoving] = useState<Mandate | null>(null);
  const mandates = useQuery({ queryKey: ["mandates", structureId], queryFn: () => api.listerLesMandats().then((r) => r.items) });

  const create = useMutation({
    mutationFn: () =>
      api.designerUnReferent({ body: { kind: "REFERENT", userId: person!.id, structureId: target!, applicationIds: appIds } }),
    onSuccess: () => {
      notify("Le référent administrateur a été désigné.");
      setPerson(null);
      setAppIds([]);
      void queryClient.invalidateQueries({ queryKey: ["mandates"] });
    },
  });
  const remove = useMutation({
    mutationFn: (m: Mandate) => api.retirerUnMandat({ params: { id: m.id } }),
    onSuccess: () => {
      notify("Le référent administrateur a été retiré.");
      setRemoving(null);
      remove.reset();
      void queryClient.invalidateQueries({ queryKey: ["mandates"] });
    },
  });

  return (
    <>
      <Typography variant="h1" gutterBottom>
        Référents administrateurs
      </Typography>
      <Paper component="section" aria-labelledby="new-referent" sx={{ p: 2, mb: 2 }}>
        <Typography id="new-referent" variant="h2" gutterBottom>
          Déclaration d'un nouveau référent administrateur
        </Typography>
        <Stack spacing={2} sx={{ maxWidth: 720 }}>
          <UserSearchField label="Agent à désigner" value={person} onChange={setPerson} />
          <StructurePicker label="Structure (et ses sous-structures)" required value={target} onChange={setTarget} />
          <FormGroup>
            <FormLabel component="legend">Applications administrées *</FormLabel>
            {applications.isPending ? <Loading /> : null}
            {applications.data?.map((a) => (
              <FormControlLabel
                key={a.id}
                label={a.name}
                control={
                  <Checkbox
                    checked={appIds.includes(a.id)}
                    onChange={(e) => setAppIds(e.target.checked ? [...appIds, a.id] : appIds.filter((x) => x !== a.id))}
                  />
                }
              />
            ))}
          </FormGroup>
          {create.isError ? <ErrorAlert error={create.error} /> : null}
          <div>
            <Button
              variant="contained"
              disabled={!person || !target || appIds.length === 0 || create.isPending}
              onClick={() => create.mutate()}
            >
              Désigner le référent
            </Button>
          </div>
        </Stack>
      </Paper>

      <Paper component="section" aria-labelledby="referents-list" sx={{ p: 2 }}>
        <Typography id="referents-list" variant="h2" gutterBottom>
          Référents et administrateurs
        </Typography>
        <Stack sx={{ maxWidth: 560, mb: 2 }}>
          <StructurePicker label="Filtrer par structure" value={structureId} onChange={setStructureId} />
        </Stack>
        {mandates.isPending ? <Loading /> : null}
        {mandates.isError ? <ErrorAlert error={mandates.error} retry={() => void mandates.refetch()} /> : null}
        {mandates.data ? (
          <ScrollX label="Liste des référents (défilement horizontal)">
            <Table size="small" aria-label="Liste des référents">
              <TableHead>
                <TableRow>
                  <TableCell>Personne</TableCell>
                  <TableCell>Mandat</TableCell>
                  <TableCell>Structure</TableCell>
                  <TableCell>Applications</TableCell>
                  <TableCell>Depuis le</TableCell>
                  <TableCell>Retirer</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {mandates.data.length === 0 ? (
                  <TableRow>
                    <TableCell colSpan={6}>Aucun référent.</TableCell>
                  </TableRow>
                ) : null}
                {mandates.data.map((m) => (
                  <TableRow key={m.id}>
                    <TableCell>
                      {m.user.firstName} {m.user.lastName} ({m.user.email})
                    </TableCell>
                    <TableCell>{MANDATE_KIND_LABELS[m.kind]}</TableCell>
                    <TableCell>{m.structure?.path ?? "Toutes"}</TableCell>
                    <TableCell>{m.kind === "CIG_ADMIN" ? "Toutes" : m.applications.map((a) => a.name).join(", ")}</TableCell>
                    <TableCell>{formatInstantDay(m.grantedAt)}</TableCell>
                    <TableCell>
                      <IconButton
                        aria-label={`Retirer le mandat ${ofName(`${m.user.firstName} ${m.user.lastName}`)}`}
                        onClick={() => setRemoving(m)}
                      >
                        <DeleteIcon />
                      </IconButton>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollX>
        ) : null}
      </Paper>
      <ConfirmDialog
        open={removing !== null}
        title="Retirer un référent administrateur"
        confirmLabel="Retirer"
        destructive
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing)}
      >
        {removing?.user.firstName} {removing?.user.lastName} ne sera plus {removing ? MANDATE_KIND_LABELS[removing.kind].toLowerCase() : ""}
        {removing?.structure ? ` de ${removing.structure.path}` : ""}.
      </ConfirmDialog>
    </>
  );
}
