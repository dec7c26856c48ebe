// Find one person by name, first name, identifier or email (≥ 3 characters, server-side).
import { useState } from "react";
import { Autocomplete, TextField } from "@mui/material";
import { useQuery } from "@tanstack/react-query";
import { MIN_SEARCH } from "@convergences/contract";
import { api } from "../api/endpoints";
import type { UserSummary } from "../api/types";
import { useDebounced } from "./useDebounced";

export function UserSearchField({
  value,
  onChange,
  label = "Utilisateur",
}: {
  value: UserSummary | null;
  onChange: (u: UserSummary | null) => void;
  label?: string;
}) {
  const [input, setInput] = useState("");
  const q = useDebounced(input.trim());
  const results = useQuery({
    queryKey: ["users", "pick", q],
    queryFn: () => api.listerLesUtilisateurs({ query: { q, page: 1, pageSize: 20, sort: "lastName", order: "asc" } }),
    enabled: q.length >= MIN_SEARCH,
  });
  return (
    <Autocomplete
      options={q.length >= MIN_SEARCH ? (results.data?.items ?? []) : []}
      value={value}
      filterOptions={(x) => x}
      onChange={(_, u) => onChange(u)}
      inputValue={input}
      onInputChange={(_, v) => setInput(v)}
      loading={results.isFetching}
      loadingText="Recherche…"
      noOptionsText={q.length < MIN_SEARCH ? "Veuillez saisir au moins 3 caractères pour effectuer une recherche" : "Aucun utilisateur"}
      getOptionLabel={(u) => `${u.lastName} ${u.firstName} — ${u.email}`}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      renderInput={(params) => <TextField {...params} label={label} required placeholder="Nom, prénom, identifiant ou email" />}
    />
  );
}
