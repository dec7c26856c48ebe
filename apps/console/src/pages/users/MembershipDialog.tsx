// The card's membership actions, offered when the API allows them (`permissions.attach`,
// `permissions.moveMembership`): « Rattacher à une autre structure » adds one of my structures,
// « Déplacer l'affectation » moves one of his structures in my scope to another one of mine.
import { useState } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, InputLabel, MenuItem, Select, Stack } from "@mui/material";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MESSAGES } from "@convergences/contract";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import { keys } from "../../api/hooks";
import type { UserCard } from "../../api/types";
import { StructurePicker } from "../../components/StructurePicker";
import { ErrorAlert } from "../../components/QueryState";
import { useNotify } from "../../components/Notifier";
import { invalidatePeople } from "../../components/invalidate";

interface Props {
  user: UserCard;
  mode: "attach" | "move" | null;
  onClose: () => void;
}

export function MembershipDialog({ user, mode, onClose }: Props) {
  const queryClient = useQueryClient();
  const notify = useNotify();
  const mine = [user.structure, ...user.otherStructures];
  const [from, setFrom] = useState(mine[0]!.id);
  const [to, setTo] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const save = useMutation({
    mutationFn: () =>
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
      if (e instanceof ApiError) setError(e.fieldErrors.structureId ?? e.fieldErrors.toStructureId);
    },
  });

  function close() {
    setTo(null);
    setError(undefined);
    save.reset();
    onClose();
  }

  const title = mode === "attach" ? "Rattacher à une autre structure" : "Déplacer l'affectation";
  const taken = new Set(mine.map((s) => s.id));
  return (
    <Dialog open={mode !== null} onClose={save.isPending ? undefined : close} fullWidth maxWidth="sm" aria-labelledby="membership-title">
      <DialogTitle id="membership-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {mode === "move" && mine.length > 1 ? (
            <FormControl>
              <InputLabel id="membership-from">Affectation à déplacer</InputLabel>
              <Select labelId="membership-from" label="Affectation à déplacer" value={from} onChange={(e) => setFrom(e.target.value)}>
                {mine.map((s) => (
                  <MenuItem key={s.id} value={s.id}>
                    {s.path}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
          ) : null}
          <StructurePicker
            label={mode === "attach" ? "Structure de rattachement" : "Nouvelle structure"}
            required
            value={to}
            onChange={setTo}
            error={error}
            filter={(node) => !taken.has(node.id)}
          />
          {save.isError && !error ? <ErrorAlert error={save.error} /> : null}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={save.isPending}>
          Annuler
        </Button>
        <Button variant="contained" onClick={() => (to ? save.mutate() : setError("Champ obligatoire"))} disabled={save.isPending}>
          {mode === "attach" ? "Rattacher" : "Déplacer"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
