// "Éditer l'utilisateur": every field of the guide. The API's field errors land on their fields; if
// someone else saved first, the conflict is explained and what was typed is kept. Each part is offered
// only when the card's `permissions` allow it (the identity, the lock, the password reset, the photo
// belong to the home's référent or the CIG: another body's référent sees them read-only or not at all).
import { useRef, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Stack,
  Switch,
  TextField,
  type TextFieldProps,
  Typography,
} from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ERRORS, MESSAGES, PHOTO_MAX_BYTES, PHOTO_TYPES, USER_FIELD_LABELS } from "@convergences/contract";
import { ApiError, errorMessage } from "../../../api/client";
import { api } from "../../../api/endpoints";
import { keys } from "../../../api/hooks";
import type { UserCard, UserPermissions } from "../../../api/types";
import { AuthedAvatar } from "../../../components/AuthedAvatar";
import { FormTextField } from "../../../components/FormTextField";
import { FrenchDateField } from "../../../components/FrenchDateField";
import { ErrorAlert } from "../../../components/QueryState";
import { useNotify } from "../../../components/Notifier";
import { changedFields, editResolver, patchOf, valuesOf, type EditValues } from "./form";
import { invalidatePeople } from "../../../components/invalidate";

/** Whether « Éditer l'utilisateur » has anything to offer me. */
export const mayEdit = (p: UserPermissions) => p.editIdentity || p.lock || p.resetPassword || p.photo;

interface Props {
  user: UserCard;
  etag: string | null;
  open: boolean;
  onClose: () => void;
}

export function EditUserDialog({ user, etag, open, onClose }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  // The version being edited: the card's, or the latest one after a conflict.
  const [base, setBase] = useState({ user, etag });
  const baseRef = useRef(base);
  baseRef.current = base;
  // Checked with the contract's UserUpdate; after a refused ENREGISTRER, a corrected field loses its
  // error at once (re-checked on change) and focus goes to the first field in error.
  const form = useForm<EditValues>({
    defaultValues: valuesOf(user),
    resolver: editResolver(() => ({ values: valuesOf(baseRef.current.user), version: baseRef.current.user.version })),
  });
  const { control, getValues, setError, setValue } = form;
  // Errors on what is not a field of the form: the photo (checked here), the email (from the API).
  const [otherErrors, setOtherErrors] = useState<{ photo?: string; email?: string }>({});
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoPreview, setPhotoPreview] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; changedByOther: string[] } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const may = user.permissions;
  const text = (key: keyof EditValues & string, props: Omit<TextFieldProps, "name"> = {}) => (
    <FormTextField
      name={key}
      control={control}
      label={USER_FIELD_LABELS[key as keyof typeof USER_FIELD_LABELS] ?? key}
      fullWidth
      {...(may.editIdentity ? {} : { slotProps: { input: { readOnly: true } } })}
      {...props}
    />
  );

  const save = useMutation({
    mutationFn: async (values: EditValues) => {
      const original = valuesOf(base.user);
      let saved: UserCard = base.user;
      if (changedFields(original, values).length)
        saved = await api.modifierLesInformations({
          params: { id: base.user.id },
          body: patchOf(original, values, base.user.version),
          headers: base.etag ? { "If-Match": base.etag } : {},
        });
      if (photo) {
        await api.changerLaPhoto({ params: { id: base.user.id }, body: photo });
        saved = await api.consulterLaFiche({ params: { id: base.user.id } });
      }
      return saved;
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.user(saved.id), { data: saved, etag: null });
      void invalidatePeople(queryClient);
      notify(MESSAGES.userUpdated);
      close();
    },
    onError: async (error) => {
      if (!(error instanceof ApiError)) return;
      // The API's field errors land on their fields (focus on the first); they go when the field is corrected.
      const fields = Object.keys(valuesOf(base.user));
      let first = true;
      for (const [key, message] of Object.entries(error.fieldErrors)) {
        if (fields.includes(key)) {
          setError(key as keyof EditValues, { type: "server", message }, { shouldFocus: first });
          first = false;
        } else setOtherErrors((e) => ({ ...e, [key]: message }));
      }
      if (error.isConflict && error.problem.code !== "EMAIL_IMMUTABLE") {
        // Fetch the other person's version, to say what changed; the typed values stay.
        try {
          const latest = await api.consulterLaFiche.withEtag({ params: { id: base.user.id } });
          const other = changedFields(valuesOf(base.user), valuesOf(latest.data)).map(
            (k) => USER_FIELD_LABELS[k as keyof typeof USER_FIELD_LABELS] ?? k,
          );
          setConflict({ message: error.problem.detail ?? ERRORS.VERSION_CONFLICT.message, changedByOther: other });
          // Their changes are kept where I typed nothing; my changes are kept where I typed.
          const mine = new Set(changedFields(valuesOf(base.user), getValues()));
          const theirs = valuesOf(latest.data);
          for (const key of Object.keys(theirs) as (keyof EditValues)[]) if (!mine.has(key)) setValue(key, theirs[key]);
          setBase({ user: latest.data, etag: latest.etag });
        } catch {
          setConflict({ message: error.problem.detail ?? ERRORS.VERSION_CONFLICT.message, changedByOther: [] });
        }
      }
    },
  });

  const resetPassword = useMutation({
    mutationFn: () => api.reinitialiserLeMotDePasse({ params: { id: user.id } }),
    onSuccess: (result) => notify(result?.message ?? MESSAGES.passwordResetSent),
    onError: (error) => notify(errorMessage(error), "error"),
  });

  function close() {
    if (photoPreview) URL.revokeObjectURL(photoPreview);
    setPhoto(null);
    setPhotoPreview(null);
    setConflict(null);
    setOtherErrors({});
    save.reset();
    onClose();
  }

  function choosePhoto(file: File | undefined) {
    if (!file) return;
    if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return setOtherErrors((e) => ({ ...e, photo: ERRORS.PHOTO_TYPE.message }));
    if (file.size > PHOTO_MAX_BYTES) return setOtherErrors((e) => ({ ...e, photo: ERRORS.PHOTO_TOO_LARGE.message }));
    setOtherErrors(({ photo: _, ...rest }) => rest);
    if (photoPreview) URL.revokeObjectURL(photoPreview);
    setPhoto(file);
    setPhotoPreview(URL.createObjectURL(file));
  }

  const submit = form.handleSubmit((values) => save.mutate(values));

  const otherError =
    save.isError && !(save.error instanceof ApiError && (Object.keys(save.error.fieldErrors).length || save.error.isConflict));
  const name = `${user.firstName} ${user.lastName}`;

  return (
    <Dialog
      open={open}
      onClose={save.isPending ? undefined : close}
      fullWidth
      maxWidth="md"
      aria-labelledby="edit-user-title"
      scroll="paper"
    >
      <DialogTitle id="edit-user-title">Éditer l'utilisateur</DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2" sx={{ mb: 2 }}>
          Les champs obligatoires sont indiqués avec *
        </Typography>
        {conflict ? (
          <Alert severity="warning" role="alert" sx={{ mb: 2 }}>
            {conflict.message}
            {conflict.changedByOther.length ? <Box sx={{ mt: 1 }}>Modifié entre-temps : {conflict.changedByOther.join(", ")}.</Box> : null}
            <Box sx={{ mt: 1 }}>
              Vos saisies ont été conservées et les autres champs montrent maintenant la dernière version. Vérifiez, puis cliquez à nouveau
              sur « Enregistrer ».
            </Box>
          </Alert>
        ) : null}
        {otherError ? <ErrorAlert error={save.error} sx={{ mb: 2 }} /> : null}

        <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 3 }}>
          {photoPreview ? (
            <Box
              component="img"
              src={photoPreview}
              alt="Nouvelle photo"
              sx={{ width: 64, height: 64, borderRadius: "50%", objectFit: "cover" }}
            />
          ) : (
            <AuthedAvatar url={user.photoUrl} name={name} sx={{ width: 64, height: 64 }} />
          )}
          {may.photo ? (
            <Button variant="outlined" onClick={() => fileInput.current?.click()}>
              {user.hasPhoto || photo ? "Modifier la photo" : "Ajouter une photo"}
            </Button>
          ) : null}
          {may.photo ? (
            <input
              ref={fileInput}
              type="file"
              accept={PHOTO_TYPES.join(",")}
              hidden
              aria-label="Ajouter une photo"
              onChange={(e) => choosePhoto(e.target.files?.[0])}
            />
          ) : null}
          {otherErrors.photo ? (
            <Typography color="error" role="alert">
              {otherErrors.photo}
            </Typography>
          ) : null}
        </Stack>

        <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", md: "1fr 1fr" }, gap: 2 }}>
          <TextField
            label="Adresse mail"
            required
            value={user.email}
            slotProps={{ input: { readOnly: true } }}
            helperText={
              otherErrors.email ??
              "L'adresse e-mail ne peut pas être modifiée : si elle change, créez une nouvelle fiche avec la nouvelle adresse, attribuez-lui ses habilitations, puis supprimez l'ancienne fiche."
            }
            error={Boolean(otherErrors.email)}
            fullWidth
          />
          {text("service")}
          {text("lastName", { required: true })}
          {text("firstName", { required: true })}
          {text("appIdentifier")}
          {text("fonction")}
          {text("phone", { type: "tel" })}
          {text("postalAddress", { multiline: true, minRows: 2 })}
          {(["validFrom", "validUntil"] as const).map((key) => (
            <Controller
              key={key}
              name={key}
              control={control}
              render={({ field, fieldState }) => (
                <FrenchDateField
                  label={USER_FIELD_LABELS[key]}
                  value={field.value}
                  onChange={field.onChange}
                  error={Boolean(fieldState.error)}
                  helperText={fieldState.error?.message}
                  readOnly={!may.editIdentity}
                />
              )}
            />
          ))}
          <Box>
            <FormControlLabel
              control={
                <Controller
                  name="teleworking"
                  control={control}
                  render={({ field }) => (
                    <Switch checked={field.value} disabled={!may.editIdentity} onChange={(e) => field.onChange(e.target.checked)} />
                  )}
                />
              }
              label="Télétravail"
            />
          </Box>
          {may.lock ? (
            <Box>
              <FormControlLabel
                control={
                  <Controller
                    name="locked"
                    control={control}
                    render={({ field }) => <Switch checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />}
                  />
                }
                label="Verrouillage du compte"
              />
              {form.watch("locked")
                ? text("lockedReason", {
                    slotProps: { input: { readOnly: false } } /* the lock's own permission */,
                    size: "small",
                    sx: { mt: 1 },
                  })
                : null}
            </Box>
          ) : null}
          {may.resetPassword ? (
            <Box sx={{ gridColumn: { md: "1 / span 2" } }}>
              <Typography variant="subtitle2" component="p">
                Réinitialisation mot de passe
              </Typography>
              <Button variant="text" onClick={() => resetPassword.mutate()} disabled={resetPassword.isPending}>
                Envoyer un lien de réinitialisation du mot de passe
              </Button>
            </Box>
          ) : null}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={save.isPending}>
          Annuler
        </Button>
        <Button variant="contained" onClick={() => void submit()} disabled={save.isPending}>
          Enregistrer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
