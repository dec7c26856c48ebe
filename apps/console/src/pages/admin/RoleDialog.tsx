// A role of an application (CIG administrators): « Ajouter un rôle » (code, libellé, description) or
// « Modifier le rôle » (libellé, description; the code is what applications receive, it stays).
import { useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { Role } from "../../api/types";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";

interface Props {
  application: { id: string; name: string };
  /** The role to edit; absent: a new role. */
  role?: Role;
  onClose: () => void;
}

export function RoleDialog({ application, role, onClose }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [code, setCode] = useState(role?.code ?? "");
  const [label, setLabel] = useState(role?.label ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const [touched, setTouched] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      role
        ? api.modifierUnRole({
            params: { id: application.id, roleId: role.id },
            body: { label: label.trim(), description: description.trim() || null },
          })
        : api.creerUnRole({
            params: { id: application.id },
            body: { code: code.trim(), label: label.trim(), description: description.trim() || null },
          }),
    onSuccess: () => {
      notify(role ? "Le rôle a été modifié." : "Le rôle a été créé.");
      void queryClient.invalidateQueries({ queryKey: ["application", application.id] });
      void queryClient.invalidateQueries({ queryKey: keys.applications });
      onClose();
    },
  });
  const fe = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const missing = (v: string, what: string) => (touched && !v.trim() ? `${what} est obligatoire` : undefined);
  const codeError = fe.code ?? (role ? undefined : missing(code, "Le code"));
  const labelError = fe.label ?? missing(label, "Le libellé");
  const submit = () => {
    setTouched(true);
    if (label.trim() && (role || code.trim())) save.mutate();
  };
  const title = role ? "Modifier le rôle" : "Ajouter un rôle";
  return (
    <Dialog open onClose={save.isPending ? undefined : onClose} aria-labelledby="role-dialog-title" fullWidth maxWidth="sm">
      <DialogTitle id="role-dialog-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>Application {application.name}. Les champs obligatoires sont indiqués avec *.</DialogContentText>
        <TextField
          label="Code"
          required
          fullWidth
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={Boolean(codeError)}
          helperText={
            codeError ??
            (role
              ? "Le code est transmis aux applications : il ne change pas."
              : "Minuscules, chiffres et tirets (ex. : gestionnaire-paie).")
          }
          slotProps={{ input: { readOnly: Boolean(role) } }}
        />
        <TextField
          label="Libellé"
          required
          fullWidth
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          error={Boolean(labelError)}
          helperText={labelError ?? " "}
          sx={{ mt: 1 }}
        />
        <TextField
          label="Description"
          fullWidth
          multiline
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={Boolean(fe.description)}
          helperText={fe.description ?? " "}
          sx={{ mt: 1 }}
        />
        {save.isError && !fe.code && !fe.label && !fe.description ? <ErrorAlert error={save.error} sx={{ mt: 1 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={save.isPending}>
          Annuler
        </Button>
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          Enregistrer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
