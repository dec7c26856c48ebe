// "Ajout d'un nouvel utilisateur": Nom*, Prénom*, Adresse e-mail*, Structure d'appartenance*. Checked with
// the contract's UserCreate (its French messages on the fields, focus on the first in error); the API's
// field errors land on their fields; an error goes with the field's correction.
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, type TextFieldProps, Typography } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MESSAGES, UserCreate } from "@convergences/contract";
import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, type Resolver, useForm } from "react-hook-form";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { FormTextField } from "../../components/FormTextField";
import { StructurePicker } from "../../components/StructurePicker";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";
import { invalidatePeople } from "../../components/invalidate";

const empty = { lastName: "", firstName: "", email: "", structureId: null as string | null };
type AddValues = typeof empty;
const FIELDS = Object.keys(empty) as (keyof AddValues)[];
/** The structure picker's own word when none is chosen (the contract only knows a malformed id). */
export const NO_STRUCTURE = "Choisissez la structure d'appartenance";

const check = zodResolver(UserCreate);
const resolver: Resolver<AddValues> = async (values, context, options) => {
  const candidate = {
    lastName: values.lastName.trim(),
    firstName: values.firstName.trim(),
    email: values.email.trim(),
    structureId: values.structureId ?? "",
  };
  const result = await check(candidate, context, options as never);
  const errors = result.errors as Record<string, { type: string; message?: string }>;
  if (!values.structureId) errors.structureId = { type: "required", message: NO_STRUCTURE };
  return Object.keys(errors).length ? { values: {}, errors: errors as never } : { values, errors: {} };
};

export function AddUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { control, handleSubmit, reset, setError } = useForm<AddValues>({ defaultValues: empty, resolver });
  const create = useMutation({
    mutationFn: (values: AddValues) =>
      api.referencerUnUtilisateur({
        body: {
          lastName: values.lastName.trim(),
          firstName: values.firstName.trim(),
          email: values.email.trim(),
          structureId: values.structureId!,
        },
      }),
    onSuccess: () => {
      notify(MESSAGES.userCreated);
      void invalidatePeople(queryClient);
      close();
    },
    onError: (error) => {
      // The API's field errors on their fields, focus on the first.
      if (!(error instanceof ApiError)) return;
      const first = FIELDS.find((f) => error.fieldErrors[f]);
      for (const f of FIELDS)
        if (error.fieldErrors[f]) setError(f, { type: "server", message: error.fieldErrors[f] }, { shouldFocus: f === first });
    },
  });

  function close() {
    reset(empty);
    create.reset();
    onClose();
  }

  const submit = handleSubmit((values) => create.mutate(values));
  const hasFieldErrors = create.error instanceof ApiError && Object.keys(create.error.fieldErrors).length > 0;
  const text = (name: "lastName" | "firstName" | "email", label: string, props: Omit<TextFieldProps, "name"> = {}) => (
    <FormTextField name={name} control={control} label={label} required id={`add-user-${name}`} {...props} />
  );
  return (
    <Dialog open={open} onClose={create.isPending ? undefined : close} fullWidth maxWidth="sm" aria-labelledby="add-user-title">
      <DialogTitle id="add-user-title">Ajout d'un nouvel utilisateur</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          Les champs obligatoires sont indiqués avec *
        </Typography>
        <Stack spacing={2}>
          {text("lastName", "Nom", { autoFocus: true })}
          {text("firstName", "Prénom")}
          {text("email", "Adresse e-mail", { type: "email" })}
          <Controller
            name="structureId"
            control={control}
            render={({ field, fieldState }) => (
              <StructurePicker
                required
                value={field.value}
                id="add-user-structureId"
                inputRef={field.ref}
                onChange={field.onChange}
                error={fieldState.error?.message}
              />
            )}
          />
          {create.isError && !hasFieldErrors ? <ErrorAlert error={create.error} /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={create.isPending}>
          Annuler
        </Button>
        <Button variant="contained" onClick={() => void submit()} disabled={create.isPending}>
          Ajouter
        </Button>
      </DialogActions>
    </Dialog>
  );
}
