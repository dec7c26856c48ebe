// "Structures": the tree on the left, the selected node and its members on the right.
import { useMemo, useState } from "react";
import { Box, Paper, Typography } from "@mui/material";
import { buildTree, useStructures } from "../../api/hooks";
import { usePageTitle } from "../../components/usePageTitle";
import { ErrorAlert, Loading } from "../../components/QueryState";
import { StructureTree } from "./StructureTree";
import { StructureMembers } from "./StructureMembers";

export default function StructuresPage() {
  usePageTitle("Structures");
  const structures = useStructures();
  const roots = useMemo(() => buildTree(structures.data?.nodes ?? []), [structures.data]);
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // The first two levels are open at first, as in the guide.
  const open = expanded ?? [...roots.map((r) => r.id), ...roots.flatMap((r) => r.children.map((c) => c.id))];
  const selected = structures.data?.nodes.find((n) => n.id === selectedId) ?? null;

  return (
    <>
      <Typography variant="h1" gutterBottom>
        Structures
      </Typography>
      {structures.isPending ? <Loading label="Chargement de l'arborescence…" /> : null}
      {structures.isError ? <ErrorAlert error={structures.error} retry={() => void structures.refetch()} /> : null}
      {structures.data ? (
        <Box
          sx={{
            display: "grid",
            gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "minmax(200px, 0.7fr) minmax(0, 3fr)" },
            gap: 2,
            alignItems: "start",
          }}
        >
          <Paper component="nav" aria-label="Structures" sx={{ p: 1, maxHeight: "75vh", overflow: "auto" }}>
            <StructureTree
              roots={roots}
              expanded={open}
              onToggle={(id) => setExpanded(open.includes(id) ? open.filter((x) => x !== id) : [...open, id])}
              selected={selectedId}
              onSelect={(node) => setSelectedId(node.id)}
            />
          </Paper>
          {selected ? (
            <StructureMembers
              key={selected.id}
              node={selected}
              nodes={structures.data.nodes}
              canRestructure={selected.parentId !== null && !structures.data.roots.includes(selected.id)}
              onCreated={(created) => {
                // Show the new node: its parent unfolded, the new node selected.
                if (created.parentId && !open.includes(created.parentId)) setExpanded([...open, created.parentId]);
                setSelectedId(created.id);
              }}
              onDeleted={() => setSelectedId(selected.parentId)}
            />
          ) : (
            <Paper sx={{ p: 3 }}>
              <Typography>Sélectionnez une structure dans l'arborescence pour voir ses utilisateurs.</Typography>
            </Paper>
          )}
        </Box>
      ) : null}
    </>
  );
}
