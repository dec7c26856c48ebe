// "Réaffecter le membre à un autre rôle": choose the role, « REAFFECTER ».
import { useState } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
} from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MESSAGES } from "@convergences/contract";
import { api } from "../../api/endpoints";
import type { ApplicationSummary, RoleMember } from "../../api/types";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";
import { invalidatePeople } from "../../components/invalidate";

interface Props {
  application: ApplicationSummary;
  roleId: string;
  member: RoleMember | null;
  onClose: () => void;
}

export function ReassignDialog({ application, roleId, member, onClose }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [toRoleId, setToRoleId] = useState("");
  const others = application.roles.filter((r) => r.id !== roleId);
  const reassign = useMutation({
    mutationFn: () =>
      api.reaffecterUneHabilitation({ params: { id: application.id, roleId, userId: member!.user.id }, body: { toRoleId } }),
    onSuccess: () => {
      notify(MESSAGES.reassigned);
      void invalidatePeople(queryClient);
      close();
    },
  });
  function close() {
    setToRoleId("");
    reassign.reset();
    onClose();
  }
  return (
    <Dialog open={member !== null} onClose={reassign.isPending ? undefined : close} aria-labelledby="reassign-title">
      <DialogTitle id="reassign-title">Réaffecter le membre à un autre rôle</DialogTitle>
      <DialogContent>
        <DialogContentText id="reassign-text">
          Choisissez le rôle de l'application {application.name} à attribuer à {member?.user.firstName} {member?.user.lastName}.
        </DialogContentText>
        {others.length === 0 ? <DialogContentText>Cette application n'a pas d'autre rôle.</DialogContentText> : null}
        <RadioGroup aria-labelledby="reassign-text" value={toRoleId} onChange={(e) => setToRoleId(e.target.value)}>
          {others.map((r) => (
            <FormControlLabel key={r.id} value={r.id} control={<Radio />} label={r.label} />
          ))}
        </RadioGroup>
        {reassign.isError ? <ErrorAlert error={reassign.error} sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={reassign.isPending} autoFocus>
          Annuler
        </Button>
        <Button variant="contained" disabled={!toRoleId || reassign.isPending} onClick={() => reassign.mutate()}>
          Réaffecter
        </Button>
      </DialogActions>
    </Dialog>
  );
}
