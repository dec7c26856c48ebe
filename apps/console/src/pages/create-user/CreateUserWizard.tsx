// "Je référence un utilisateur": the guide's vertical stepper, step by step. One form (react-hook-form)
// for the e-mail and the informations, checked step by step with the contract's schemas (EmailCheckRequest,
// then UserCreate or, for an account that exists, AttachRequest): an empty required field says « Champ
// obligatoire », any other fault the contract's French message; after a refused step, each field's error
// goes (or changes) as it is corrected. Keyboard focus follows: the new step's first field, the first
// error, the summary, the outcome.
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
  Typography,
} from "@mui/material";
import { Link as RouterLink } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { AttachRequest, EmailCheckRequest, MESSAGES, ofName, UserCreate } from "@convergences/contract";
import { zodResolver } from "@hookform/resolvers/zod";
import { FormTextField } from "../../components/FormTextField";
import { Controller, type FieldErrors, type Resolver, useForm, useWatch } from "react-hook-form";
import { ApiError, errorMessage } from "../../api/client";
import { api } from "../../api/endpoints";
import { orderedNodes, useApplications, useStructures } from "../../api/hooks";
import type { ApplicationSummary, EmailCheckResult, UserCard } from "../../api/types";
import { StructurePicker } from "../../components/StructurePicker";
import { RolePicker } from "../../components/RolePicker";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { invalidatePeople } from "../../components/invalidate";
import { focusFirstField } from "../../components/focus";

const EMPTY = { email: "", lastName: "", firstName: "", structureId: null as string | null };
type WizardValues = typeof EMPTY;
type Field = keyof WizardValues;
const FIELDS = Object.keys(EMPTY) as Field[];
/** The wizard's word under an empty required field (its steps say « Champ obligatoire * »). */
export const REQUIRED = "Champ obligatoire";

/** The form's fields of a step, in their order on screen: e-mail, then the informations (only the structure for an existing account). */
function fieldsOf(step: number, attaching: boolean): Field[] {
  if (step === 0) return ["email"];
  if (step === 1) return attaching ? ["structureId"] : ["lastName", "firstName", "structureId"];
  return [];
}

interface Stage {
  step: number;
  attaching: boolean;
  /** The steps whose button was pressed (Vérifier, Suivant): only their fields say their errors. */
  attempted: Set<number>;
}

const checkEmail = zodResolver(EmailCheckRequest);
const checkNew = zodResolver(UserCreate);
const checkAttach = zodResolver(AttachRequest);

/** The current step's fields, checked with the contract's schema of what will be sent. */
function wizardResolver(stage: () => Stage): Resolver<WizardValues> {
  return async (values, context, options) => {
    const { step, attaching, attempted } = stage();
    const fields = fieldsOf(step, attaching);
    if (!fields.length || !attempted.has(step)) return { values, errors: {} };
    const email = { email: values.email };
    const result =
      step === 0
        ? await checkEmail(email, context, options as never)
        : attaching
          ? await checkAttach({ ...email, structureId: values.structureId ?? "" }, context, options as never)
          : await checkNew(
              { ...email, lastName: values.lastName, firstName: values.firstName, structureId: values.structureId ?? "" },
              context,
              options as never,
            );
    const found = result.errors as FieldErrors<WizardValues>;
    const errors: FieldErrors<WizardValues> = {};
    for (const f of fields) {
      const value = values[f];
      if (!value?.trim()) errors[f] = { type: "required", message: REQUIRED };
      else if (found[f]) errors[f] = found[f];
    }
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
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
  const [check, setCheck] = useState<EmailCheckResult | null>(null);
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const stepper = useRef<HTMLDivElement>(null);
  const firstRender = useRef(true);

  // « Adresse mail déjà existante dans AIA » (cas des utilisateurs multi-structure): the account is
  // attached by its address; the check tells only its structure, never who it is.
  const attaching = check?.status === "exists";
  // Already in my structures: nothing to create nor to attach.
  const blocked = check?.status === "exists-in-my-scope";

  const stage = useRef<Stage>({ step, attaching, attempted: new Set() });
  stage.current.step = step;
  stage.current.attaching = attaching;
  const { control, handleSubmit, getValues, getFieldState, setError, setFocus, reset } = useForm<WizardValues>({
    defaultValues: EMPTY,
    resolver: wizardResolver(() => stage.current),
  });
  const [email, lastName, firstName, structureId] = useWatch({ control, name: ["email", "lastName", "firstName", "structureId"] });

  // Keyboard focus follows the wizard: the new step's first field (or its first error), the roles, the
  // summary, the outcome; never the page body when SUIVANT's step folds.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const frame = requestAnimationFrame(() => {
      const fields = fieldsOf(step, stage.current.attaching);
      if (fields.length) setFocus(fields.find((f) => getFieldState(f).error) ?? fields[0]!);
      else focusFirstField(stepper.current?.querySelectorAll<HTMLElement>("[data-step-content]")[step] ?? null);
    });
    return () => cancelAnimationFrame(frame);
  }, [step, setFocus, getFieldState]);

  const apps = applications.data ?? [];
  const structurePath = orderedNodes(structures.data?.nodes ?? []).find((s) => s.id === structureId)?.path ?? "";

  const verify = useMutation({
    mutationFn: (address: string) => api.verifierLAdresseMail({ body: { email: address } }),
    onSuccess: (result) => setCheck(result),
    onError: (error) =>
      setError(
        "email",
        { type: "server", message: error instanceof ApiError ? (error.fieldErrors.email ?? errorMessage(error)) : errorMessage(error) },
        { shouldFocus: true },
      ),
  });

  const submit = useMutation({
    mutationFn: async (): Promise<Outcome> => {
      const values = getValues();
      const structureId = values.structureId!;
      const address = values.email.trim();
      const chosen = roleNames(apps, roleIds);
      if (check?.status !== "exists") {
        // One request: the account, its roles and the information mail are written together.
        const user = await api.referencerUnUtilisateur({
          body: {
            email: address,
            lastName: values.lastName.trim(),
            firstName: values.firstName.trim(),
            structureId,
            roles: chosen.map((r) => ({ roleId: r.id })),
          },
        });
        const granted = user.roles.map((r) => ({ app: r.application.name, role: r.role.label }));
        return { user, userId: user.id, granted, failed: [] };
      }
      // Multi-structure user: attach the existing account by its address, then grant the chosen roles
      // held for that structure (the card of the answer gives his id, now that he is in my scope).
      const user = await api.rattacherUnCompteExistant({ body: { email: address, structureId } });
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
      // Field errors belong on their fields: back to the step that holds them, focus on the first (the step's effect).
      if (!(error instanceof ApiError)) return;
      const named = FIELDS.filter((f) => error.fieldErrors[f]);
      if (!named.length) return;
      for (const f of named) setError(f, { type: "server", message: error.fieldErrors[f] });
      setStep(named.includes("email") ? 0 : 1);
    },
  });

  /** « Vérifier l'adresse mail »: the address checked by the contract, then by the API. */
  function onVerify() {
    stage.current.attempted.add(0);
    setCheck(null);
    void handleSubmit((values) => verify.mutate(values.email.trim()))();
  }

  /** SUIVANT of « Saisir les informations »: on to the roles, or the first field in error gets the focus. */
  function onInfoNext() {
    stage.current.attempted.add(1);
    void handleSubmit(() => setStep(2))();
  }

  function restart() {
    stage.current.attempted.clear();
    reset(EMPTY);
    setStep(0);
    setCheck(null);
    setRoleIds([]);
    setOutcome(null);
    submit.reset();
    verify.reset();
  }

  const chosenRoles = roleNames(apps, roleIds);
  const text = (name: "lastName" | "firstName", label: string) => (
    <FormTextField name={name} control={control} label={label} required id={`wizard-${name}`} />
  );

  return (
    <Stepper ref={stepper} activeStep={step} orientation="vertical" aria-label="Étapes de la création d'un utilisateur">
      <Step>
        <StepLabel>Saisir l'email de l'utilisateur</StepLabel>
        <StepContent data-step-content="">
          <Typography variant="body2" sx={{ mb: 2 }}>
            Champ obligatoire *
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: "flex-start", flexWrap: "wrap" }}>
            <FormTextField
              name="email"
              control={control}
              label="Adresse mail"
              type="email"
              required
              autoComplete="off"
              id="wizard-email"
              onChange={() => setCheck(null)}
              onKeyDown={(e) => e.key === "Enter" && onVerify()}
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
                {text("lastName", "Nom")}
                {text("firstName", "Prénom")}
              </>
            ) : null}
            <Controller
              name="structureId"
              control={control}
              render={({ field, fieldState }) => (
                <StructurePicker
                  label={attaching ? "Structure de rattachement" : "Structure d'appartenance"}
                  required
                  value={field.value}
                  id="wizard-structureId"
                  inputRef={field.ref}
                  onChange={field.onChange}
                  error={fieldState.error?.message}
                />
              )}
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
                  <dd>{lastName.trim()}</dd>
                  <dt>Prénom</dt>
                  <dd>{firstName.trim()}</dd>
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
                  : `L'utilisateur ${firstName.trim()} ${lastName.trim().toUpperCase()} est créé dans l'annuaire. Un mail d'information lui est envoyé pour initialiser son mot de passe.`}
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
