// The toolbar's menu icon → « Exporter » (CSV for Excel), plus the screen's other bulk actions.
import { useId, useState } from "react";
import { IconButton, Menu, MenuItem, Tooltip } from "@mui/material";
import MoreVertIcon from "@mui/icons-material/MoreVert";
import { errorMessage } from "../api/client";
import { useNotify } from "./Notifier";

interface Action {
  label: string;
  onClick: () => void;
  disabled?: boolean;
}

export function ExportMenu({ label, onExport, actions = [] }: { label: string; onExport: () => Promise<void>; actions?: Action[] }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const notify = useNotify();
  const id = useId();
  return (
    <>
      <Tooltip title={label}>
        <IconButton
          aria-label={label}
          aria-haspopup="menu"
          aria-controls={anchor ? id : undefined}
          onClick={(e) => setAnchor(e.currentTarget)}
        >
          <MoreVertIcon />
        </IconButton>
      </Tooltip>
      <Menu id={id} anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            notify("Export en cours de préparation…", "info");
            onExport().then(
              () => notify("Le fichier a été enregistré dans vos téléchargements."),
              (error: unknown) => notify(errorMessage(error), "error"),
            );
          }}
        >
          Exporter
        </MenuItem>
        {actions.map((a) => (
          <MenuItem
            key={a.label}
            disabled={a.disabled}
            onClick={() => {
              setAnchor(null);
              a.onClick();
            }}
          >
            {a.label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
