// "Je change ma photo de profil": Ajouter une photo → Ouvrir → Enregistrer.
import { useRef, useState } from "react";
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Typography } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ERRORS, PHOTO_MAX_BYTES, PHOTO_TYPES } from "@convergences/contract";
import { api } from "../../api/endpoints";
import type { UserCard } from "../../api/types";
import { AuthedAvatar } from "../../components/AuthedAvatar";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";
import { invalidatePeople } from "../../components/invalidate";

export function PhotoDialog({ user, open, onClose }: { user: UserCard; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) => api.changerLaPhoto({ params: { id: user.id }, body: f }),
    onSuccess: () => {
      void invalidatePeople(queryClient);
      notify("Votre photo a été mise à jour.");
      close();
    },
  });
  function close() {
    if (preview) URL.revokeObjectURL(preview);
    setFile(null);
    setPreview(null);
    setError(null);
    upload.reset();
    onClose();
  }
  function choose(f: File | undefined) {
    if (!f) return;
    if (!(PHOTO_TYPES as readonly string[]).includes(f.type)) return setError(ERRORS.PHOTO_TYPE.message);
    if (f.size > PHOTO_MAX_BYTES) return setError(ERRORS.PHOTO_TOO_LARGE.message);
    setError(null);
    if (preview) URL.revokeObjectURL(preview);
    setFile(f);
    setPreview(URL.createObjectURL(f));
  }
  return (
    <Dialog open={open} onClose={upload.isPending ? undefined : close} aria-labelledby="photo-title">
      <DialogTitle id="photo-title">Éditer l'utilisateur</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          Les champs obligatoires sont indiqués avec *.
        </Typography>
        <Typography variant="subtitle2" component="p" sx={{ mt: 2 }}>
          Champs optionnels
        </Typography>
        <Stack direction="row" spacing={2} sx={{ alignItems: "center", mt: 1 }}>
          {preview ? (
            <Box
              component="img"
              src={preview}
              alt="Nouvelle photo"
              sx={{ width: 72, height: 72, borderRadius: "50%", objectFit: "cover" }}
            />
          ) : (
            <AuthedAvatar url={user.photoUrl} name={`${user.firstName} ${user.lastName}`} sx={{ width: 72, height: 72 }} />
          )}
          <Button variant="outlined" onClick={() => input.current?.click()}>
            {user.hasPhoto || file ? "Modifier la photo" : "Ajouter une photo"}
          </Button>
          <input
            ref={input}
            type="file"
            hidden
            accept={PHOTO_TYPES.join(",")}
            aria-label="Ajouter une photo"
            onChange={(e) => choose(e.target.files?.[0])}
          />
        </Stack>
        <Typography variant="caption" component="p" sx={{ mt: 1 }}>
          JPEG, PNG ou WebP, 2 Mo au maximum.
        </Typography>
        {error ? (
          <Typography color="error" role="alert" sx={{ mt: 1 }}>
            {error}
          </Typography>
        ) : null}
        {upload.isError ? <ErrorAlert error={upload.error} sx={{ mt: 2 }} /> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={upload.isPending}>
          Annuler
        </Button>
        <Button variant="contained" disabled={!file || upload.isPending} onClick={() => file && upload.mutate(file)}>
          Enregistrer
        </Button>
      </DialogActions>
    </Dialog>
  );
}
