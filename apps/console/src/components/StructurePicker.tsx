// "Structure d'appartenance *", picked from the tree: each option shows its place in the tree.
import { Autocomplete, Box, TextField } from "@mui/material";
import { useMemo } from "react";
import { orderedNodes, useStructures } from "../api/hooks";

interface Props {
  value: string | null;
  onChange: (id: string | null) => void;
  label?: string;
  required?: boolean;
  error?: string;
  id?: string;
}

export function StructurePicker({ value, onChange, label = "Structure d'appartenance", required, error, id }: Props) {
  const structures = useStructures();
  const options = useMemo(() => orderedNodes(structures.data?.nodes ?? []), [structures.data]);
  const selected = options.find((o) => o.id === value) ?? null;
  return (
    <Autocomplete
      id={id}
      options={options}
      value={selected}
      loading={structures.isPending}
      loadingText="Chargement de l'arborescence…"
      noOptionsText={structures.isError ? "L'arborescence n'a pas pu être chargée" : "Aucune structure"}
      getOptionLabel={(o) => o.path || o.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      onChange={(_, option) => onChange(option?.id ?? null)}
      renderOption={(props, option) => {
        const { key, ...rest } = props as typeof props & { key: string };
        return (
          <Box component="li" key={key} {...rest} sx={{ pl: `${1 + option.level * 1.5}rem !important` }}>
            {option.name}
          </Box>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          required={required}
          error={Boolean(error)}
          helperText={error ?? (selected ? selected.path : "Tapez quelques lettres pour chercher dans l'arborescence")}
        />
      )}
    />
  );
}
