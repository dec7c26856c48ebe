// "Éditer l'utilisateur": every field of the guide. The API's field errors land on their fields; if
// someone else saved first, the conflict is explained and what was typed is kept. Each part is offered
// only when the card's `permissions` allow it (the identity, the lock, the password reset, the photo
// belong to the home's référent or the CIG: another body's référent sees them read-only or not at all).
import { useRef, useState } from "react";
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
  Typography,
} from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ERRORS, MESSAGES, PHOTO_MAX_BYTES, PHOTO_TYPES, USER_FIELD_LABELS, VALIDITY_ORDER_MESSAGE } from "@convergences/contract";
import { ApiError, errorMessage } from "../../../api/client";
import { api } from "../../../api/endpoints";
import { keys } from "../../../api/hooks";
import type { UserCard, UserPermissions } from "../../../api/types";
import { AuthedAvatar } from "../../../components/AuthedAvatar";
import { FrenchDateField, INVALID_DAY, INVALID_DAY_MESSAGE } from "../../../components/FrenchDateField";
import { ErrorAlert } from "../../../components/QueryState";
import { useNotify } from "../../../components/Notifier";
import { changedFields, patchOf, valuesOf, type EditValues } from "./form";
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
  const [values, setValues] = useState<EditValues>(() => valuesOf(user));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoPreview, setPhotoPreview] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ message: string; changedByOther: string[] } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const may = user.permissions;
  // A corrected field loses its error at once (not at the next ENREGISTRER).
  const set = <K extends keyof EditValues>(key: K, value: EditValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors(({ [key]: _gone, ...rest }) => rest);
  };
  const field = (key: keyof EditValues & string) => ({
    value: values[key] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value as never),
    error: Boolean(errors[key]),
    helperText: errors[key],
    label: USER_FIELD_LABELS[key as keyof typeof USER_FIELD_LABELS] ?? key,
    fullWidth: true,
    ...(may.editIdentity ? {} : { slotProps: { input: { readOnly: true } } }),
  });

  const save = useMutation({
    mutationFn: async () => {
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
      if (Object.keys(error.fieldErrors).length) setErrors(error.fieldErrors);
      if (error.isConflict && error.problem.code !== "EMAIL_IMMUTABLE") {
        // Fetch the other person's version, to say what changed; the typed values stay.
        try {
          const latest = await api.consulterLaFiche.withEtag({ params: { id: base.user.id } });
          const other = changedFields(valuesOf(base.user), valuesOf(latest.data)).map(
            (k) => USER_FIELD_LABELS[k as keyof typeof USER_FIELD_LABELS] ?? k,
          );
          setConflict({ message: error.problem.detail ?? ERRORS.VERSION_CONFLICT.message, changedByOther: other });
          // Their changes are kept where I typed nothing; my changes are kept where I typed.
          const mine = new Set(changedFields(valuesOf(base.user), values));
          const theirs = valuesOf(latest.data);
          setValues(
            (v) =>
              Object.fromEntries(
                Object.entries(v).map(([k, x]) => [k, mine.has(k as keyof EditValues) ? x : theirs[k as keyof EditValues]]),
              ) as unknown as EditValues,
          );
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
    setErrors({});
    save.reset();
    onClose();
  }

  function choosePhoto(file: File | undefined) {
    if (!file) return;
    if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return setErrors((e) => ({ ...e, photo: ERRORS.PHOTO_TYPE.message }));
    if (file.size > PHOTO_MAX_BYTES) return setErrors((e) => ({ ...e, photo: ERRORS.PHOTO_TOO_LARGE.message }));
    setErrors(({ photo: _, ...rest }) => rest);
    if (photoPreview) URL.revokeObjectURL(photoPreview);
    setPhoto(file);
    setPhotoPreview(URL.createObjectURL(file));
  }

  function submit() {
    const next: Record<string, string> = {};
    if (!values.lastName.trim()) next.lastName = "Champ obligatoire";
    if (!values.firstName.trim()) next.firstName = "Champ obligatoire";
    for (const key of ["validFrom", "validUntil"] as const) if (values[key] === INVALID_DAY) next[key] = INVALID_DAY_MESSAGE;
    if (!next.validFrom && !next.validUntil && values.validFrom && values.validUntil && values.validFrom > values.validUntil)
      next.validUntil = VALIDITY_ORDER_MESSAGE;
    setErrors(next);
    if (Object.keys(next).length === 0) save.mutate();
  }

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
          {errors.photo ? (
            <Typography color="error" role="alert">
              {errors.photo}
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
              errors.email ??
              "L'adresse e-mail ne peut pas être modifiée : si elle change, créez une nouvelle fiche avec la nouvelle adresse, attribuez-lui ses habilitations, puis supprimez l'ancienne fiche."
            }
            error={Boolean(errors.email)}
            fullWidth
          />
          <TextField {...field("service")} />
          <TextField {...field("lastName")} required />
          <TextField {...field("firstName")} required />
          <TextField {...field("appIdentifier")} />
          <TextField {...field("fonction")} />
          <TextField {...field("phone")} type="tel" />
          <TextField {...field("postalAddress")} multiline minRows={2} />
          {(["validFrom", "validUntil"] as const).map((key) => (
            <FrenchDateField
              key={key}
              label={USER_FIELD_LABELS[key]}
              value={values[key]}
              onChange={(day) => set(key, day)}
              error={Boolean(errors[key])}
              helperText={errors[key]}
              readOnly={!may.editIdentity}
            />
          ))}
          <Box>
            <FormControlLabel
              control={
                <Switch checked={values.teleworking} disabled={!may.editIdentity} onChange={(e) => set("teleworking", e.target.checked)} />
              }
              label="Télétravail"
            />
          </Box>
          {may.lock ? (
            <Box>
              <FormControlLabel
                control={<Switch checked={values.locked} onChange={(e) => set("locked", e.target.checked)} />}
                label="Verrouillage du compte"
              />
              {values.locked ? (
                <TextField
                  {...field("lockedReason")}
                  slotProps={{ input: { readOnly: false } }}
                  size="small"
                  sx={{ mt: 1 }} /* the lock's own permission */
                />
              ) : null}
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
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          Enregistrer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
