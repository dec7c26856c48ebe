// "Applications et Rôles" of a person.
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import type { UserRoleAssignment } from "../api/types";

export function RolesTable({ roles, showStructure }: { roles: UserRoleAssignment[]; showStructure?: boolean }) {
  if (roles.length === 0) return <Typography>Aucun rôle applicatif.</Typography>;
  return (
    <Table size="small" aria-label="Applications et rôles">
      <TableHead>
        <TableRow>
          <TableCell>Applications</TableCell>
          <TableCell>Rôles</TableCell>
          {showStructure ? <TableCell>Pour la structure</TableCell> : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {roles.map((r) => (
          <TableRow key={r.id}>
            <TableCell>{r.application.name}</TableCell>
            <TableCell>{r.role.label}</TableCell>
            {showStructure ? <TableCell>{r.structure.path}</TableCell> : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
