// CIG administrators: each application's OIDC client settings, secret rotation, tile and roles.
import { useState } from "react";
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Paper,
  Stack,
  Switch,
  TextField,
  Typography,
} from "@mui/material";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ERRORS, MESSAGES } from "@convergences/contract";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { keys, useApplications } from "../../api/hooks";
import type { ApplicationDetail, ApplicationView, ClientSecret } from "../../api/types";
import { usePageTitle } from "../../components/usePageTitle";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useNotify } from "../../components/Notifier";
import { RolesEditor } from "./RolesEditor";

const lines = (s: string) =>
  s
    .split(/\s*\n\s*/)
    .map((x) => x.trim())
    .filter(Boolean);

/** The settings of an application: what a CIG administrator (the only one on this page) is answered. */
const settingsOf = (view: ApplicationView): ApplicationDetail => {
  if (!("clientId" in view)) throw new ApiError({ title: ERRORS.FORBIDDEN.message, status: 403, code: "FORBIDDEN" });
  return view;
};

function SettingsForm({ app }: { app: ApplicationDetail }) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [form, setForm] = useState({
    name: app.name,
    redirectUris: app.redirectUris.join("\n"),
    postLogoutRedirectUris: app.postLogoutRedirectUris.join("\n"),
    backchannelLogoutUri: app.backchannelLogoutUri ?? "",
    launchUrl: app.launchUrl ?? "",
    tileLabel: app.tileLabel,
    tileDescription: app.tileDescription ?? "",
    tileColor: app.tileColor ?? "",
    enabled: app.enabled,
  });
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [secret, setSecret] = useState<ClientSecret | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api.modifierUneApplication({
        params: { id: app.id },
        body: {
          version: app.version,
          name: form.name.trim(),
          description: app.description,
          redirectUris: lines(form.redirectUris),
          postLogoutRedirectUris: lines(form.postLogoutRedirectUris),
          backchannelLogoutUri: form.backchannelLogoutUri.trim() || null,
          launchUrl: form.launchUrl.trim() || null,
          tileLabel: form.tileLabel.trim(),
          tileDescription: form.tileDescription.trim() || null,
          tileColor: form.tileColor.trim() || null,
          enabled: form.enabled,
        },
      }),
    onSuccess: () => {
      notify("Les paramètres de l'application ont été enregistrés.");
      void queryClient.invalidateQueries({ queryKey: ["application", app.id] });
      void queryClient.invalidateQueries({ queryKey: keys.applications });
    },
  });
  const rotate = useMutation({
    mutationFn: () => api.renouvelerLeSecret({ params: { id: app.id } }),
    onSuccess: (s) => {
      setConfirmRotate(false);
      setSecret(s);
    },
  });
  const fe = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const text = (key: keyof typeof form, label: string, extra: object = {}) => ({
    label,
    value: form[key] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value }),
    error: Boolean(fe[key]),
    helperText: fe[key] ?? " ",
    fullWidth: true,
    ...extra,
  });

  return (
    <Paper component="section" aria-labelledby="app-title" sx={{ p: 2 }}>
      <Typography id="app-title" variant="h2" gutterBottom>
        {app.name}
      </Typography>
      <Typography variant="body2" sx={{ mb: 2 }}>
        Identifiant client (client_id) : <code>{app.clientId}</code> — authentification :{" "}
        {app.tokenEndpointAuthMethod === "none" ? "client public (PKCE)" : app.tokenEndpointAuthMethod}
      </Typography>
      <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", md: "1fr 1fr" }, gap: 1 }}>
        <TextField {...text("name", "Nom")} required />
        <TextField {...text("launchUrl", "Adresse de lancement (tuile)")} />
        <TextField {...text("redirectUris", "URI de redirection (une par ligne)", { multiline: true, minRows: 2 })} />
        <TextField {...text("postLogoutRedirectUris", "URI après déconnexion (une par ligne)", { multiline: true, minRows: 2 })} />
        <TextField {...text("backchannelLogoutUri", "URI de déconnexion back-channel")} />
        <TextField {...text("tileLabel", "Libellé de la tuile")} required />
        <TextField {...text("tileDescription", "Description de la tuile")} />
        <TextField {...text("tileColor", "Couleur de la tuile (#RRGGBB)")} />
      </Box>
      <FormControlLabel
        control={<Switch checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} />}
        label="Application active"
      />
      {save.isError && Object.keys(fe).length === 0 ? <ErrorAlert error={save.error} sx={{ my: 1 }} /> : null}
      <Stack direction="row" spacing={2} sx={{ mt: 1 }}>
        <Button variant="contained" onClick={() => save.mutate()} disabled={save.isPending}>
          Enregistrer
        </Button>
        {app.tokenEndpointAuthMethod !== "none" ? (
          <Button variant="outlined" color="warning" onClick={() => setConfirmRotate(true)}>
            Renouveler le secret
          </Button>
        ) : null}
      </Stack>

      <RolesEditor app={app} />

      <ConfirmDialog
        open={confirmRotate}
        title="Renouveler le secret"
        confirmLabel="Renouveler"
        destructive
        pending={rotate.isPending}
        error={rotate.error}
        onCancel={() => setConfirmRotate(false)}
        onConfirm={() => rotate.mutate()}
      >
        L'ancien secret cessera de fonctionner : l'application devra être reconfigurée avec le nouveau.
      </ConfirmDialog>
      <Dialog open={secret !== null} onClose={() => setSecret(null)} aria-labelledby="secret-title">
        <DialogTitle id="secret-title">Nouveau secret</DialogTitle>
        <DialogContent>
          <Alert severity="warning" sx={{ mb: 2 }}>
            {secret?.message ?? MESSAGES.secretShownOnce}
          </Alert>
          <TextField label="Secret client" value={secret?.clientSecret ?? ""} fullWidth slotProps={{ input: { readOnly: true } }} />
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={() => setSecret(null)}>
            J'ai copié le secret
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}

export default function ApplicationSettingsPage() {
  usePageTitle("Paramètres des applications");
  const applications = useApplications();
  const [id, setId] = useState<string | null>(null);
  const detail = useQuery({
    queryKey: ["application", id],
    queryFn: () => api.consulterUneApplication({ params: { id: id! } }).then(settingsOf),
    enabled: id !== null,
  });
  return (
    <>
      <Typography variant="h1" gutterBottom>
        Paramètres des applications
      </Typography>
      {applications.isPending ? <Loading /> : null}
      {applications.isError ? <ErrorAlert error={applications.error} retry={() => void applications.refetch()} /> : null}
      {applications.data ? (
        <Box
          sx={{ display: "grid", gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "240px minmax(0, 1fr)" }, gap: 2, alignItems: "start" }}
        >
          <Paper component="nav" aria-label="Applications">
            <List>
              {applications.data.map((a) => (
                <ListItem key={a.id} disablePadding>
                  <ListItemButton selected={a.id === id} aria-current={a.id === id ? "true" : undefined} onClick={() => setId(a.id)}>
                    <ListItemText primary={a.name} />
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
          </Paper>
          {id === null ? (
            <Paper sx={{ p: 3 }}>
              <Typography>Sélectionnez une application.</Typography>
            </Paper>
          ) : detail.isPending ? (
            <Loading />
          ) : detail.isError ? (
            <ErrorAlert error={detail.error} retry={() => void detail.refetch()} />
          ) : (
            <SettingsForm key={`${detail.data.id}-${detail.data.version}`} app={detail.data} />
          )}
        </Box>
      ) : null}
    </>
  );
}
