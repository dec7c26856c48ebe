// A calendar day in French, « jj/mm/aaaa », whatever the browser's language (a native date input
// follows the browser's locale). The form keeps the API's "aaaa-mm-jj"; a partly typed or impossible
// date is passed on as INVALID_DAY so that the form can say so on the field.
import { useEffect, useState } from "react";
import { format, isValid } from "date-fns";
import { fr } from "date-fns/locale/fr";
import { DatePicker } from "@mui/x-date-pickers/DatePicker";
import { LocalizationProvider } from "@mui/x-date-pickers/LocalizationProvider";
import { AdapterDateFns } from "@mui/x-date-pickers/AdapterDateFns";
import { frFR } from "@mui/x-date-pickers/locales";

export const INVALID_DAY = "invalide";
export const INVALID_DAY_MESSAGE = "Date invalide : saisissez-la au format jj/mm/aaaa.";

const toDate = (day: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
};

interface Props {
  id?: string;
  label: string;
  /** "aaaa-mm-jj", "" (none) or INVALID_DAY. */
  value: string;
  onChange: (day: string) => void;
  error?: boolean;
  helperText?: string;
  readOnly?: boolean;
}

export function FrenchDateField({ id, label, value, onChange, error, helperText, readOnly }: Props) {
  // The picker's own value while typing (an incomplete date is not a day yet).
  const [shown, setShown] = useState<Date | null>(() => toDate(value));
  useEffect(() => {
    if (value !== INVALID_DAY) setShown(toDate(value));
  }, [value]);
  return (
    <LocalizationProvider
      dateAdapter={AdapterDateFns}
      adapterLocale={fr}
      localeText={frFR.components.MuiLocalizationProvider.defaultProps.localeText}
    >
      <DatePicker
        label={label}
        value={shown}
        format="dd/MM/yyyy"
        readOnly={readOnly}
        onChange={(date) => {
          setShown(date);
          onChange(date === null ? "" : isValid(date) ? format(date, "yyyy-MM-dd") : INVALID_DAY);
        }}
        slotProps={{ textField: { id, error, helperText: helperText ?? "jj/mm/aaaa", fullWidth: true } }}
      />
    </LocalizationProvider>
  );
}
