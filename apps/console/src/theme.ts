import { createTheme } from "@mui/material/styles";
import { frFR } from "@mui/material/locale";

// Colours checked for WCAG AA contrast against white text (#0b4f8a: 8.3:1, #00695c: 6.3:1).
export const theme = createTheme(
  {
    palette: {
      primary: { main: "#0b4f8a" },
      secondary: { main: "#00695c" },
      error: { main: "#b3261e" },
      // MUI's orange is 2.2:1 on white; this one 6.5:1 (outlined buttons, « Verrouillé » chips).
      warning: { main: "#8f4700", contrastText: "#fff" },
      background: { default: "#f5f7fa" },
    },
    typography: {
      fontFamily: '"Marianne", "Segoe UI", Roboto, Arial, sans-serif',
      h1: { fontSize: "1.75rem", fontWeight: 600 },
      h2: { fontSize: "1.35rem", fontWeight: 600 },
      h3: { fontSize: "1.1rem", fontWeight: 600 },
    },
    components: {
      MuiCssBaseline: {
        styleOverrides: {
          // A focus ring everyone can see, on every control reached by keyboard.
          "*:focus-visible": { outline: "3px solid #ffbf47", outlineOffset: "2px" },
        },
      },
      MuiButtonBase: { defaultProps: { disableRipple: false } },
    },
  },
  frFR,
);
