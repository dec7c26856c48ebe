// The structure tree of the guide (cig-pc / collectivites / … / DirG RH AGRH): unfold with the
// arrow, select a node with its name. Arrow keys move between visible nodes.
import { useRef, type KeyboardEvent } from "react";
import { Box, IconButton } from "@mui/material";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import ChevronRightIcon from "@mui/icons-material/ChevronRight";
import type { TreeNode } from "../../api/types";

interface Props {
  roots: TreeNode[];
  expanded: string[];
  onToggle: (id: string) => void;
  selected: string | null;
  onSelect: (node: TreeNode) => void;
}

export function StructureTree({ roots, expanded, onToggle, selected, onSelect }: Props) {
  const container = useRef<HTMLUListElement>(null);

  function onKeyDown(e: KeyboardEvent<HTMLUListElement>) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const items = Array.from(container.current?.querySelectorAll<HTMLButtonElement>("button[data-node]") ?? []);
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    const next = items[index + (e.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  }

  const render = (nodes: TreeNode[], level: number) =>
    nodes.map((node) => {
      const open = expanded.includes(node.id);
      return (
        <Box component="li" key={node.id} sx={{ listStyle: "none" }}>
          <Box sx={{ display: "flex", alignItems: "center", pl: level * 2 }}>
            {node.children.length ? (
              <IconButton
                size="small"
                onClick={() => onToggle(node.id)}
                aria-expanded={open}
                aria-label={`${open ? "Replier" : "Déplier"} ${node.name}`}
              >
                {open ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
              </IconButton>
            ) : (
              <Box sx={{ width: 34 }} />
            )}
            <Box
              component="button"
              type="button"
              data-node
              aria-current={selected === node.id ? "true" : undefined}
              onClick={() => onSelect(node)}
              onKeyDown={(e) => {
                if (e.key === "ArrowRight" && node.children.length && !open) onToggle(node.id);
                if (e.key === "ArrowLeft" && open) onToggle(node.id);
              }}
              sx={{
                border: 0,
                background: selected === node.id ? "#dbe7f3" : "transparent",
                fontWeight: selected === node.id ? 700 : 400,
                color: "text.primary",
                font: "inherit",
                textAlign: "left",
                cursor: "pointer",
                borderRadius: 1,
                px: 1,
                py: 0.5,
                "&:hover": { background: "#eef3f8" },
              }}
            >
              {node.name}
            </Box>
          </Box>
          {open && node.children.length ? (
            <Box component="ul" sx={{ m: 0, p: 0 }}>
              {render(node.children, level + 1)}
            </Box>
          ) : null}
        </Box>
      );
    });

  return (
    <Box component="ul" ref={container} aria-label="Arborescence des structures" onKeyDown={onKeyDown} sx={{ m: 0, p: 0 }}>
      {render(roots, 0)}
    </Box>
  );
}
