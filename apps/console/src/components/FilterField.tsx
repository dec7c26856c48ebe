import TextField from "@mui/material/TextField";
import { ERRORS, MIN_SEARCH } from "@convergences/contract";

/** True when a search or filter has been started but is under the guide's 3 characters. */
export const tooShort = (q: string) => q.trim().length > 0 && q.trim().length < MIN_SEARCH;

/** « Filtrer » above a loaded list: filters from 3 characters, and says so under the field before that. */
export function FilterField({ value, onChange }: { value: string; onChange(value: string): void }) {
  return (
    <TextField
      label="Filtrer"
      size="small"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={tooShort(value)}
      helperText={tooShort(value) ? ERRORS.SEARCH_TOO_SHORT.message : " "}
      sx={{ mb: 1, minWidth: 300 }}
    />
  );
}
