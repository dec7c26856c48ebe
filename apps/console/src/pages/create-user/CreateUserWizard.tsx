// "Je référence un utilisateur": the guide's vertical stepper, step by step.
import { factsSx } from "../../components/Facts";
import { useEffect, useRef, useState } from "react";
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Link,
  List,
  ListItem,
  Paper,
  Stack,
  Step,
  StepContent,
  StepLabel,
  Stepper,
  TextField,
  Typography,
} from "@mui/material";
import { Link as RouterLink } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MESSAGES, ofName } from "@convergences/contract";
import { ApiError, errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import { orderedNodes, useApplications, useStructures } from "../../api/hooks";
import type { ApplicationSummary, EmailCheckResult, UserCard } from "../../api/types";
import { StructurePicker } from "../../components/StructurePicker";
import { RolePicker } from "../../components/RolePicker";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { invalidatePeople } from "../../components/invalidate";
import { focusFirstError, focusFirstField } from "../../components/focus";

const INFO_ORDER = ["lastName", "firstName", "structureId"] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Info {
  lastName: string;
  firstName: string;
  structureId: string | null;
}

interface Outcome {
  user: UserCard | null;
  userId: string;
  granted: { app: string; role: string }[];
  failed: { app: string; role: string; message: string }[];
}

function roleNames(applications: ApplicationSummary[], roleIds: string[]) {
  return applications.flatMap((app) =>
    app.roles.filter((r) => roleIds.includes(r.id)).map((r) => ({ app: app.name, appId: app.id, role: r.label, id: r.id })),
  );
}

export function CreateUserWizard() {
  const queryClient = useQueryClient();
  const applications = useApplications();
  const structures = useStructures();
  const [step, setStep] = useState(0);
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string>();
  const [check, setCheck] = useState<EmailCheckResult | null>(null);
  const [info, setInfo] = useState<Info>({ lastName: "", firstName: "", structureId: null });
  const [infoErrors, setInfoErrors] = useState<Record<string, string>>({});
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const stepper = useRef<HTMLDivElement>(null);
  const firstRender = useRef(true);

  // Keyboard focus follows the wizard: the first field of the new step (e-mail, Nom, the roles), or
  // the outcome of the creation; never the page body when SUIVANT's step folds.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const active = stepper.current?.querySelectorAll<HTMLElement>("[data-step-content]")[step] ?? null;
    requestAnimationFrame(() => focusFirstField(active));
  }, [step]);

  // « Adresse mail déjà existante dans AIA » (cas des utilisateurs multi-structure): the account is
  // attached by its address; the check tells only its structure, never who it is.
  const attaching = check?.status === "exists";
  // Already in my structures: nothing to create nor to attach.
  const blocked = check?.status === "exists-in-my-scope";
  const apps = applications.data ?? [];
  const structurePath = orderedNodes(structures.data?.nodes ?? []).find((s) => s.id === info.structureId)?.path ?? "";

  const verify = useMutation({
    mutationFn: (address: string) => api.verifierLAdresseMail({ body: { email: address } }),
    onSuccess: (result) => setCheck(result),
    onError: (error) => setEmailError(error instanceof ApiError ? (error.fieldErrors.email ?? errorMessage(error)) : errorMessage(error)),
  });

  const submit = useMutation({
    mutationFn: async (): Promise<Outcome> => {
      const structureId = info.structureId!;
      const chosen = roleNames(apps, roleIds);
      if (check?.status !== "exists") {
        // One request: the account, its roles and the information mail are written together.
        const user = await api.referencerUnUtilisateur({
          body: {
            email: email.trim(),
            lastName: info.lastName.trim(),
            firstName: info.firstName.trim(),
            structureId,
            roles: chosen.map((r) => ({ roleId: r.id })),
          },
        });
        const granted = user.roles.map((r) => ({ app: r.application.name, role: r.role.label }));
        return { user, userId: user.id, granted, failed: [] };
      }
      // Multi-structure user: attach the existing account by its address, then grant the chosen roles
      // held for that structure (the card of the answer gives his id, now that he is in my scope).
      const user = await api.rattacherUnCompteExistant({ body: { email: email.trim(), structureId } });
      const userId = user.id;
      const granted: Outcome["granted"] = [];
      const failed: Outcome["failed"] = [];
      for (const role of chosen) {
        try {
          const result = await api.habiliterUnUtilisateur({
            params: { id: role.appId, roleId: role.id },
            body: { userIds: [userId], structureId },
          });
          if (result.refused.length) failed.push({ app: role.app, role: role.role, message: result.refused[0]!.message });
          else granted.push({ app: role.app, role: role.role });
        } catch (error) {
          failed.push({ app: role.app, role: role.role, message: errorMessage(error) });
        }
      }
      return { user, userId, granted, failed };
    },
    onSuccess: (result) => {
      setOutcome(result);
      setStep(4);
      void invalidatePeople(queryClient);
    },
    onError: (error) => {
      // Field errors belong on their fields: back to the step that holds them.
      if (error instanceof ApiError && Object.keys(error.fieldErrors).length) {
        const fields = error.fieldErrors;
        if (fields.email) {
          setEmailError(fields.email);
          setStep(0);
        } else {
          setInfoErrors(fields);
          setStep(1);
          focusFirstError("wizard", INFO_ORDER, fields);
        }
      }
    },
  });

  function onVerify() {
    setCheck(null);
    const address = email.trim();
    if (!address) return setEmailError("Champ obligatoire");
    if (!EMAIL.test(address)) return setEmailError("Adresse e-mail invalide");
    setEmailError(undefined);
    verify.mutate(address);
  }

  function onInfoNext() {
    const errors: Record<string, string> = {};
    if (!attaching && !info.lastName.trim()) errors.lastName = "Champ obligatoire";
    if (!attaching && !info.firstName.trim()) errors.firstName = "Champ obligatoire";
    if (!info.structureId) errors.structureId = "Champ obligatoire";
    setInfoErrors(errors);
    if (Object.keys(errors).length === 0) setStep(2);
    else focusFirstError("wizard", INFO_ORDER, errors);
  }

  function restart() {
    setStep(0);
    setEmail("");
    setCheck(null);
    setInfo({ lastName: "", firstName: "", structureId: null });
    setInfoErrors({});
    setRoleIds([]);
    setOutcome(null);
    submit.reset();
    verify.reset();
  }

  const chosenRoles = roleNames(apps, roleIds);

  return (
    <Stepper ref={stepper} activeStep={step} orientation="vertical" aria-label="Étapes de la création d'un utilisateur">
      <Step>
        <StepLabel>Saisir l'email de l'utilisateur</StepLabel>
        <StepContent data-step-content="">
          <Typography variant="body2" sx={{ mb: 2 }}>
            Champ obligatoire *
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: "flex-start", flexWrap: "wrap" }}>
            <TextField
              label="Adresse mail"
              type="email"
              required
              autoComplete="off"
              value={email}
              id="wizard-email"
              onChange={(e) => {
                setEmail(e.target.value);
                setCheck(null);
                setEmailError(undefined);
              }}
              onKeyDown={(e) => e.key === "Enter" && onVerify()}
              error={Boolean(emailError)}
              helperText={emailError}
              sx={{ minWidth: 320 }}
            />
            <Button variant="outlined" onClick={onVerify} disabled={verify.isPending} sx={{ mt: 1 }}>
              Vérifier l'adresse mail
            </Button>
          </Stack>
          <Box aria-live="polite" sx={{ mt: 2 }}>
            {verify.isPending ? <Loading label="Vérification de l'adresse…" /> : null}
            {check?.status === "available" ? <Alert severity="info">{MESSAGES.emailAvailable}</Alert> : null}
            {check?.status === "exists" || check?.status === "exists-in-my-scope" ? (
              <Alert severity="warning">
                {check.status === "exists" ? <AlertTitle>Adresse mail déjà existante dans AIA</AlertTitle> : null}
                {MESSAGES.emailExists(email.trim(), check.structure.name, check.structure.path)}
                <Box sx={{ mt: 1 }}>
                  {check.status === "exists-in-my-scope"
                    ? "Ce compte fait déjà partie de vos structures : retrouvez-le dans le menu « Utilisateurs »."
                    : "Cas des utilisateurs multi-structure : en cliquant sur Suivant, vous rattachez ce compte à une structure dont vous êtes référent, au lieu de créer un doublon. Vous ne verrez que ce qui le concerne dans vos structures."}
                </Box>
              </Alert>
            ) : null}
          </Box>
          <Box sx={{ mt: 2 }}>
            <Button variant="contained" onClick={() => setStep(1)} disabled={!check || blocked}>
              Suivant
            </Button>
          </Box>
        </StepContent>
      </Step>

      <Step>
        <StepLabel>{`Saisir les informations${email.trim() ? ` ${ofName(email.trim())}` : ""}`}</StepLabel>
        <StepContent data-step-content="">
          <Typography variant="body2" sx={{ mb: 2 }}>
            Champ obligatoire *
          </Typography>
          {attaching ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              Le compte existe déjà : choisissez la structure à laquelle le rattacher. Ses nom et prénom restent ceux de sa fiche.
            </Alert>
          ) : null}
          <Stack spacing={2} sx={{ maxWidth: 560 }}>
            {!attaching ? (
              <>
                <TextField
                  label="Nom"
                  required
                  value={info.lastName}
                  id="wizard-lastName"
                  onChange={(e) => {
                    setInfo({ ...info, lastName: e.target.value });
                    setInfoErrors(({ lastName: _gone, ...rest }) => rest);
                  }}
                  error={Boolean(infoErrors.lastName)}
                  helperText={infoErrors.lastName}
                />
                <TextField
                  label="Prénom"
                  required
                  value={info.firstName}
                  id="wizard-firstName"
                  onChange={(e) => {
                    setInfo({ ...info, firstName: e.target.value });
                    setInfoErrors(({ firstName: _gone, ...rest }) => rest);
                  }}
                  error={Boolean(infoErrors.firstName)}
                  helperText={infoErrors.firstName}
                />
              </>
            ) : null}
            <StructurePicker
              label={attaching ? "Structure de rattachement" : "Structure d'appartenance"}
              required
              value={info.structureId}
              id="wizard-structureId"
              onChange={(structureId) => {
                setInfo({ ...info, structureId });
                setInfoErrors(({ structureId: _gone, ...rest }) => rest);
              }}
              error={infoErrors.structureId}
            />
          </Stack>
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button onClick={() => setStep(0)}>Retour</Button>
            <Button variant="contained" onClick={onInfoNext}>
              Suivant
            </Button>
          </Stack>
        </StepContent>
      </Step>

      <Step>
        <StepLabel optional={<Typography variant="caption">Optionnelle</Typography>}>Affecter des rôles</StepLabel>
        <StepContent data-step-content="">
          {applications.isPending ? <Loading label="Chargement des applications…" /> : null}
          {applications.isError ? <ErrorAlert error={applications.error} retry={() => void applications.refetch()} /> : null}
          {applications.data ? <RolePicker applications={apps} selected={roleIds} onChange={setRoleIds} /> : null}
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button onClick={() => setStep(1)}>Retour</Button>
            <Button variant="contained" onClick={() => setStep(3)}>
              Suivant
            </Button>
          </Stack>
        </StepContent>
      </Step>

      <Step>
        <StepLabel>Récapitulatif des informations</StepLabel>
        <StepContent data-step-content="">
          <Paper
            variant="outlined"
            sx={{ p: 2, maxWidth: 640 }}
            tabIndex={-1}
            data-focus-here
            role="region"
            aria-label="Récapitulatif des informations"
          >
            <Box component="dl" sx={factsSx}>
              <dt>Adresse mail</dt>
              <dd>{email.trim()}</dd>
              {!attaching ? (
                <>
                  <dt>Nom</dt>
                  <dd>{info.lastName.trim()}</dd>
                  <dt>Prénom</dt>
                  <dd>{info.firstName.trim()}</dd>
                </>
              ) : null}
              <dt>{attaching ? "Structure de rattachement" : "Structure d'appartenance"}</dt>
              <dd>{structurePath}</dd>
              <dt>Rôles</dt>
              <dd>{chosenRoles.length ? chosenRoles.map((r) => `${r.app} : ${r.role}`).join(", ") : "Aucun"}</dd>
            </Box>
          </Paper>
          {submit.isError ? <ErrorAlert error={submit.error} sx={{ mt: 2 }} /> : null}
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button onClick={() => setStep(2)} disabled={submit.isPending}>
              Retour
            </Button>
            <Button variant="contained" onClick={() => submit.mutate()} disabled={submit.isPending}>
              Ajouter
            </Button>
          </Stack>
        </StepContent>
      </Step>

      <Step>
        <StepLabel>Création de l'utilisateur</StepLabel>
        <StepContent data-step-content="">
          {outcome ? (
            <Box aria-live="polite" tabIndex={-1} data-focus-here>
              <Alert severity="success" sx={{ mb: 2 }}>
                {attaching
                  ? `Le compte ${email.trim()} est rattaché à ${structurePath}.`
                  : `L'utilisateur ${info.firstName.trim()} ${info.lastName.trim().toUpperCase()} est créé dans l'annuaire. Un mail d'information lui est envoyé pour initialiser son mot de passe.`}
              </Alert>
              <Typography variant="h3" component="h2" gutterBottom>
                Rôles applicatifs attribués
              </Typography>
              {outcome.granted.length ? (
                <List dense>
                  {outcome.granted.map((g) => (
                    <ListItem key={`${g.app}-${g.role}`}>
                      {g.app} : {g.role}
                    </ListItem>
                  ))}
                </List>
              ) : (
                <Typography>Aucun rôle attribué.</Typography>
              )}
              {outcome.failed.map((f) => (
                <Alert key={`${f.app}-${f.role}`} severity="error" sx={{ mt: 1 }}>
                  {f.app} : {f.role} — {f.message}
                </Alert>
              ))}
              <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: "center" }}>
                <Button variant="contained" onClick={restart}>
                  Ajouter un nouvel utilisateur
                </Button>
                <Link component={RouterLink} to={`/utilisateurs/${outcome.userId}`}>
                  Voir la fiche de l'utilisateur
                </Link>
              </Stack>
            </Box>
          ) : null}
        </StepContent>
      </Step>
    </Stepper>
  );
}
