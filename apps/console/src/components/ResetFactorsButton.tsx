// « Réinitialiser les moyens de connexion » on the agent's card: for an agent who lost his phone or
// his key, the référent of his home structure (or the CIG, for a référent) removes his second
// factors; the agent is told by mail and adds a new one at his next sign-in. The API decides who may.
import { useState } from "react";
import { Button } from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { MESSAGES } from "@convergences/contract";
import { errorMessage } from "../api/client";
import { api } from "../api/endpoints";
import { ConfirmDialog } from "./ConfirmDialog";
import { useNotify } from "./Notifier";

export function ResetFactorsButton({ userId, name }: { userId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const reset = useMutation({
    mutationFn: () => api.reinitialiserLesMoyensDeConnexion({ params: { id: userId } }),
    onSuccess: (result) => {
      setOpen(false);
      notify(result?.message ?? MESSAGES.mfaReset);
    },
    onError: (error) => notify(errorMessage(error), "error"),
  });
  return (
    <>
      <Button onClick={() => setOpen(true)}>Réinitialiser les moyens de connexion</Button>
      <ConfirmDialog
        open={open}
        title="Réinitialiser les moyens de connexion"
        confirmLabel="Réinitialiser"
        destructive
        pending={reset.isPending}
        error={reset.error}
        onConfirm={() => reset.mutate()}
        onCancel={() => setOpen(false)}
      >
        L'application d'authentification, les clés d'accès et les codes de secours de {name} seront retirés et ses sessions fermées. Un mail
        l'en informera ; à sa prochaine connexion, il pourra ajouter un nouveau moyen de connexion.
      </ConfirmDialog>
    </>
  );
}
