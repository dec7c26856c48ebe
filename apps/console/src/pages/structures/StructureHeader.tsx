// The selected node's title and what may be done to it: « Éditer » (rename), « Ajouter une
// sous-structure », « Déplacer », « Supprimer ». Shown only to those the API allows (node.editable;
// moving and deleting also need the node to lie strictly inside the caller's sub-tree).
import { useState } from "react";
import { Button, Stack, Typography } from "@mui/material";
import EditIcon from "@mui/icons-material/Edit";
import AddIcon from "@mui/icons-material/Add";
import DriveFileMoveIcon from "@mui/icons-material/DriveFileMove";
import DeleteIcon from "@mui/icons-material/Delete";
import { STRUCTURE_KIND_LABELS } from "@convergences/contract";
import type { StructureNode } from "../../api/types";
import { EditStructureDialog } from "./EditStructureDialog";
import { CreateStructureDialog } from "./CreateStructureDialog";
import { MoveStructureDialog } from "./MoveStructureDialog";
import { DeleteStructureDialog } from "./DeleteStructureDialog";

interface Props {
  node: StructureNode;
  nodes: StructureNode[];
  /** Move and delete: not the caller's own top nodes (nor the root). */
  canRestructure: boolean;
  onCreated: (node: StructureNode) => void;
  onDeleted: () => void;
}

type Open = "edit" | "create" | "move" | "delete" | null;

export function StructureHeader({ node, nodes, canRestructure, onCreated, onDeleted }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const members = `${node.memberCount} membre${node.memberCount > 1 ? "s" : ""} direct${node.memberCount > 1 ? "s" : ""}`;
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ alignItems: "center", flexWrap: "wrap", rowGap: 1 }}>
        <Typography id="structure-title" variant="h2" sx={{ flexGrow: 1 }}>
          {node.name}
        </Typography>
        {node.editable ? (
          <>
            <Button variant="outlined" startIcon={<EditIcon />} onClick={() => setOpen("edit")}>
              Éditer
            </Button>
            <Button variant="outlined" startIcon={<AddIcon />} onClick={() => setOpen("create")}>
              Ajouter une sous-structure
            </Button>
          </>
        ) : null}
        {node.editable && canRestructure ? (
          <>
            <Button variant="outlined" startIcon={<DriveFileMoveIcon />} onClick={() => setOpen("move")}>
              Déplacer
            </Button>
            <Button variant="outlined" color="error" startIcon={<DeleteIcon />} onClick={() => setOpen("delete")}>
              Supprimer
            </Button>
          </>
        ) : null}
      </Stack>
      <Typography variant="body2" sx={{ color: "text.secondary", mb: 2 }}>
        {STRUCTURE_KIND_LABELS[node.kind]} — {node.path} — {members}
        {node.childCount ? ` — ${node.childCount} sous-structure${node.childCount > 1 ? "s" : ""}` : ""}
      </Typography>
      {open === "edit" ? <EditStructureDialog node={node} onClose={close} /> : null}
      {open === "create" ? (
        <CreateStructureDialog
          parent={node}
          onClose={close}
          onCreated={(created) => {
            close();
            onCreated(created);
          }}
        />
      ) : null}
      {open === "move" ? <MoveStructureDialog node={node} nodes={nodes} onClose={close} /> : null}
      {open === "delete" ? (
        <DeleteStructureDialog
          node={node}
          onClose={close}
          onDeleted={() => {
            close();
            onDeleted();
          }}
        />
      ) : null}
    </>
  );
}
