// The informative pop-up of the guide, "dans le coin inférieur droit".
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { Alert, Snackbar } from "@mui/material";

type Severity = "success" | "error" | "info";
interface Notice {
  key: number;
  message: string;
  severity: Severity;
}
const NotifierContext = createContext<(message: string, severity?: Severity) => void>(() => undefined);

export function NotifierProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback((message: string, severity: Severity = "success") => {
    setNotice({ key: Date.now(), message, severity });
  }, []);
  return (
    <NotifierContext.Provider value={notify}>
      {children}
      <Snackbar
        key={notice?.key}
        open={notice !== null}
        autoHideDuration={6000}
        onClose={(_, reason) => reason !== "clickaway" && setNotice(null)}
        anchorOrigin={{ vertical: "bottom", horizontal: "right" }}
        // Under any dialog (and its backdrop): a notice never covers a dialog's buttons (ENREGISTRER…).
        sx={{ zIndex: (t) => t.zIndex.modal - 1 }}
      >
        {notice ? (
          <Alert
            variant="filled"
            severity={notice.severity}
            onClose={() => setNotice(null)}
            role={notice.severity === "error" ? "alert" : "status"}
          >
            {notice.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </NotifierContext.Provider>
  );
}

export const useNotify = () => useContext(NotifierContext);
