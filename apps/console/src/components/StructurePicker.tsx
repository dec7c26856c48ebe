// "Structure d'appartenance *", picked from the tree: each option shows its place in the tree.
import { Autocomplete, Box, TextField } from "@mui/material";
import { type Ref, useMemo } from "react";
import { orderedNodes, useStructures } from "../api/hooks";
import type { StructureNode } from "../api/types";

interface Props {
  value: string | null;
  onChange: (id: string | null) => void;
  label?: string;
  required?: boolean;
  error?: string;
  id?: string;
  /** The combobox's input: what a form focuses (its first field, its first error). */
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  /** Only the nodes for which this answers true are offered (e.g. not a node's own sub-tree). */
  filter?: (node: StructureNode) => boolean;
}

export function StructurePicker({
  value,
  onChange,
  label = "Structure d'appartenance",
  required,
  error,
  id,
  inputRef,
  autoFocus,
  filter,
}: Props) {
  const structures = useStructures();
  const options = useMemo(() => orderedNodes(structures.data?.nodes ?? []).filter((n) => !filter || filter(n)), [structures.data, filter]);
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
          inputRef={inputRef}
          autoFocus={autoFocus}
          error={Boolean(error)}
          helperText={error ?? (selected ? selected.path : "Tapez quelques lettres pour chercher dans l'arborescence")}
        />
      )}
    />
  );
}
