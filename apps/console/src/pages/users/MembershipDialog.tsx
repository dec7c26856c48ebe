// The card's membership actions, offered when the API allows them (`permissions.attach`,
// `permissions.moveMembership`): « Rattacher à une autre structure » adds one of my structures,
// « Déplacer l'affectation » moves one of his structures in my scope to another one of mine.
// Checked with the contract's MembershipCreate / MembershipMove (react-hook-form): no structure chosen
// says « Champ obligatoire », which goes as soon as one is; the API's field error lands on the picker;
// focus on the dialog's first field, then on the field in error.
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, InputLabel, MenuItem, Select, Stack } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MESSAGES, MembershipCreate, MembershipMove } from "@convergences/contract";
import { zodResolver } from "@hookform/resolvers/zod";
import { Controller, type FieldError, type Resolver, type ResolverResult, useForm } from "react-hook-form";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { UserCard } from "../../api/types";
import { StructurePicker } from "../../components/StructurePicker";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";
import { invalidatePeople } from "../../components/invalidate";

type Mode = "attach" | "move";

interface Props {
  user: UserCard;
  mode: Mode | null;
  onClose: () => void;
}

/** The form: the membership to move (« move » only) and the structure chosen (`to`). */
interface MembershipValues {
  from: string;
  to: string | null;
}

const checkAttach = zodResolver(MembershipCreate);
const checkMove = zodResolver(MembershipMove);

/** What would be sent, checked with the contract's schema of the mode; its error lands on the picker. */
function membershipResolver(mode: Mode | null): Resolver<MembershipValues> {
  return async (values, context, options): Promise<ResolverResult<MembershipValues>> => {
    if (!values.to) return { values: {}, errors: { to: { type: "required", message: "Champ obligatoire" } } };
    const result =
      mode === "attach"
        ? await checkAttach({ structureId: values.to }, context, options as never)
        : await checkMove({ toStructureId: values.to }, context, options as never);
    const errors = result.errors as Record<string, FieldError | undefined>;
    const error = errors.structureId ?? errors.toStructureId;
    if (error) return { values: {}, errors: { to: error } };
    return { values, errors: {} };
  };
}

export function MembershipDialog({ user, mode, onClose }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const mine = [user.structure, ...user.otherStructures];
  const initial: MembershipValues = { from: mine[0]!.id, to: null };
  const { control, handleSubmit, reset, setError } = useForm<MembershipValues>({
    defaultValues: initial,
    resolver: membershipResolver(mode),
  });
  const save = useMutation({
    mutationFn: ({ from, to }: MembershipValues) =>
      mode === "attach"
        ? api.rattacherAUneStructure({ params: { id: user.id }, body: { structureId: to! } })
        : api.deplacerUneAffectation({ params: { id: user.id, structureId: from }, body: { toStructureId: to! } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.user(saved.id), { data: saved, etag: null });
      void invalidatePeople(queryClient);
      notify(mode === "attach" ? MESSAGES.userAttached : MESSAGES.membershipMoved);
      close();
    },
    onError: (e) => {
      // The API's word on the structure, on the picker (focused); it goes when another is chosen.
      const message = e instanceof ApiError ? (e.fieldErrors.structureId ?? e.fieldErrors.toStructureId) : undefined;
      if (message) setError("to", { type: "server", message }, { shouldFocus: true });
    },
  });

  function close() {
    reset(initial);
    save.reset();
    onClose();
  }

  const submit = handleSubmit((values) => save.mutate(values));
  const hasFieldError =
    save.error instanceof ApiError && Boolean(save.error.fieldErrors.structureId ?? save.error.fieldErrors.toStructureId);
  const title = mode === "attach" ? "Rattacher à une autre structure" : "Déplacer l'affectation";
  const taken = new Set(mine.map((s) => s.id));
  const choosesFrom = mode === "move" && mine.length > 1;
  return (
    <Dialog open={mode !== null} onClose={save.isPending ? undefined : close} fullWidth maxWidth="sm" aria-labelledby="membership-title">
      <DialogTitle id="membership-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {choosesFrom ? (
            <Controller
              name="from"
              control={control}
              render={({ field: { ref, ...field } }) => (
                <FormControl>
                  <InputLabel id="membership-from">Affectation à déplacer</InputLabel>
                  <Select {...field} inputRef={ref} autoFocus labelId="membership-from" label="Affectation à déplacer">
                    {mine.map((s) => (
                      <MenuItem key={s.id} value={s.id}>
                        {s.path}
                      </MenuItem>
                    ))}
                  </Select>
                </FormControl>
              )}
            />
          ) : null}
          <Controller
            name="to"
            control={control}
            render={({ field, fieldState }) => (
              <StructurePicker
                label={mode === "attach" ? "Structure de rattachement" : "Nouvelle structure"}
                required
                value={field.value}
                id="membership-to"
                inputRef={field.ref}
                autoFocus={!choosesFrom}
                onChange={field.onChange}
                error={fieldState.error?.message}
                filter={(node) => !taken.has(node.id)}
              />
            )}
          />
          {save.isError && !hasFieldError ? <ErrorAlert error={save.error} /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={save.isPending}>
          Annuler
        </Button>
        <Button variant="contained" onClick={() => void submit()} disabled={save.isPending}>
          {mode === "attach" ? "Rattacher" : "Déplacer"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
