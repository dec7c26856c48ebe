import { TextField, type TextFieldProps } from "@mui/material";
import { type Control, Controller, type FieldPath, type FieldValues } from "react-hook-form";

/**
 * A text field of a react-hook-form form: its value, its ref (focus goes to the first error) and its
 * error message under it, which goes as soon as the value is right. `onChange` runs after the form's.
 */
export function FormTextField<T extends FieldValues>({
  name,
  control,
  onChange,
  ...props
}: { name: FieldPath<T>; control: Control<T> } & Omit<TextFieldProps, "name">) {
  return (
    <Controller
      name={name}
      control={control}
      render={({ field: { ref, value, onChange: formChange, ...field }, fieldState }) => (
        <TextField
          {...field}
          value={value ?? ""}
          inputRef={ref}
          error={Boolean(fieldState.error)}
          helperText={fieldState.error?.message}
          onChange={(e) => {
            formChange(e);
            onChange?.(e);
          }}
          {...props}
        />
      )}
    />
  );
}
