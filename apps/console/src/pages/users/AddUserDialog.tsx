// "Ajout d'un nouvel utilisateur": Nom*, Prénom*, Adresse e-mail*, Structure d'appartenance*.
import { useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MESSAGES } from "@convergences/contract";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { StructurePicker } from "../../components/StructurePicker";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";
import { invalidatePeople } from "../../components/invalidate";
import { focusFirstError } from "../../components/focus";

const empty = { lastName: "", firstName: "", email: "", structureId: null as string | null };
type Field = keyof typeof empty;
const ORDER: Field[] = ["lastName", "firstName", "email", "structureId"];

export function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: () =>
      api.referencerUnUtilisateur({
        body: {
          lastName: form.lastName.trim(),
          firstName: form.firstName.trim(),
          email: form.email.trim(),
          structureId: form.structureId!,
        },
      }),
    onSuccess: () => {
      notify(MESSAGES.userCreated);
      void invalidatePeople(queryClient);
      close();
    },
    onError: (error) => {
      // The API's field errors on their fields, focus on the first.
      if (error instanceof ApiError) {
        setErrors(error.fieldErrors);
        focusFirstError("add-user", ORDER, error.fieldErrors);
      }
    },
  });

  // An error goes away with the field's correction (not at the next submit).
  function set<F extends Field>(field: F, value: (typeof empty)[F]) {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors(({ [field]: _gone, ...rest }) => rest);
  }

  function close() {
    setForm(empty);
    setErrors({});
    create.reset();
    onClose();
  }

  function submit() {
    const next: Record<string, string> = {};
    if (!form.lastName.trim()) next.lastName = "Champ obligatoire";
    if (!form.firstName.trim()) next.firstName = "Champ obligatoire";
    if (!form.email.trim()) next.email = "Champ obligatoire";
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) next.email = "Adresse e-mail invalide";
    if (!form.structureId) next.structureId = "Champ obligatoire";
    setErrors(next);
    if (Object.keys(next).length === 0) create.mutate();
    else focusFirstError("add-user", ORDER, next);
  }

  const hasFieldErrors = create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length > 0;
  return (
    <Dialog open={open} onClose={create.isPending ? undefined : close} fullWidth maxWidth="sm" aria-labelledby="add-user-title">
      <DialogTitle id="add-user-title">Ajout d'un nouvel utilisateur</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          Les champs obligatoires sont indiqués avec *
        </Typography>
        <Stack spacing={2}>
          <TextField
            label="Nom"
            required
            autoFocus
            value={form.lastName}
            id="add-user-lastName"
            onChange={(e) => set("lastName", e.target.value)}
            error={Boolean(errors.lastName)}
            helperText={errors.lastName}
          />
          <TextField
            label="Prénom"
            required
            value={form.firstName}
            id="add-user-firstName"
            onChange={(e) => set("firstName", e.target.value)}
            error={Boolean(errors.firstName)}
            helperText={errors.firstName}
          />
          <TextField
            label="Adresse e-mail"
            type="email"
            required
            value={form.email}
            id="add-user-email"
            onChange={(e) => set("email", e.target.value)}
            error={Boolean(errors.email)}
            helperText={errors.email}
          />
          <StructurePicker
            required
            value={form.structureId}
            id="add-user-structureId"
            onChange={(structureId) => set("structureId", structureId)}
            error={errors.structureId}
          />
          {create.isError && !hasFieldErrors ? <ErrorAlert error={create.error} /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={create.isPending}>
          Annuler
        </Button>
        <Button variant="contained" onClick={submit} disabled={create.isPending}>
          Ajouter
        </Button>
      </DialogActions>
    </Dialog>
  );
}
