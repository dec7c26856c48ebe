// A page of users (server-side pagination and sort): name → the user's card, three dots → delete.
// Pages go up to 100 rows; the rows are windowed (useRowWindow), so a long page stays smooth.
import { useId, useState } from "react";
import {
  Box,
  Checkbox,
  Chip,
  IconButton,
  LinearProgress,
  Link,
  Menu,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
} from "@mui/material";
import MoreVertIcon from "@mui/icons-material/MoreVert";
import { Link as RouterLink } from "react-router";
import type { UserSummary } from "../api/types";
import { PAGE_SIZES, displayedRows, paginationLabels } from "./pagination";
import { useRowWindow } from "./useRowWindow";
import { AlsoElsewhereMark } from "./AlsoElsewhere";

/** Fixed row height (px) for the windowing: small controls, one line per cell (long paths are cut, full text in the tooltip). */
export const ROW_HEIGHT = 44;
const VIEWPORT = 560;
const oneLine = { py: 0, whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", maxWidth: 170 } as const;

export interface SortState {
  sort: "lastName" | "firstName" | "email" | "structure";
  order: "asc" | "desc";
}

interface Props {
  caption: string;
  rows: UserSummary[];
  total: number;
  /** The API stopped counting: `total` is a lower bound ("sur plus de 10 000"). */
  totalIsLowerBound?: boolean;
  page: number; // 0-based
  pageSize: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  fetching?: boolean;
  selectable?: boolean;
  selected?: string[];
  onSelect?: (ids: string[]) => void;
  deleteLabel?: string;
  onDelete?: (user: UserSummary) => void;
}

const COLUMNS: { key: SortState["sort"]; label: string }[] = [
  { key: "lastName", label: "Nom" },
  { key: "firstName", label: "Prénom" },
  { key: "email", label: "Email" },
  { key: "structure", label: "Structure" },
];

export function UserTable(props: Props) {
  const { rows, total, page, pageSize, sort, onSort, selectable, selected = [], onSelect, onDelete } = props;
  const [menu, setMenu] = useState<{ anchor: HTMLElement; user: UserSummary } | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const menuId = useId();
  const pageIds = rows.map((r) => r.id);
  const allChecked = pageIds.length > 0 && pageIds.every((id) => selected.includes(id));
  const windowed = useRowWindow(rows.length, ROW_HEIGHT, { viewport: VIEWPORT, resetKey: `${page}/${pageSize}` });
  const columnCount = COLUMNS.length + 1 + (selectable ? 1 : 0) + (onDelete ? 1 : 0);
  const spacer = (height: number, key: string) =>
    height > 0 ? (
      <TableRow key={key} aria-hidden sx={{ height }}>
        <TableCell colSpan={columnCount} sx={{ p: 0, border: 0 }} />
      </TableRow>
    ) : null;

  return (
    <Box>
      {props.fetching ? <LinearProgress aria-label="Chargement de la liste" /> : <Box sx={{ height: 4 }} />}
      <TableContainer ref={windowed.ref} sx={{ maxHeight: VIEWPORT }}>
        <Table size="small" stickyHeader aria-label={props.caption} aria-rowcount={rows.length + 1}>
          <TableHead>
            <TableRow>
              {selectable ? (
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={allChecked}
                    indeterminate={!allChecked && pageIds.some((id) => selected.includes(id))}
                    onChange={(e) =>
                      onSelect?.(
                        e.target.checked ? [...new Set([...selected, ...pageIds])] : selected.filter((id) => !pageIds.includes(id)),
                      )
                    }
                    slotProps={{ input: { "aria-label": "Sélectionner toute la page" } }}
                  />
                </TableCell>
              ) : null}
              {COLUMNS.map((c) => (
                <TableCell key={c.key} sortDirection={sort?.sort === c.key ? sort.order : false}>
                  {onSort && sort ? (
                    <TableSortLabel
                      active={sort.sort === c.key}
                      direction={sort.sort === c.key ? sort.order : "asc"}
                      onClick={() => onSort({ sort: c.key, order: sort.sort === c.key && sort.order === "asc" ? "desc" : "asc" })}
                    >
                      {c.label}
                    </TableSortLabel>
                  ) : (
                    c.label
                  )}
                </TableCell>
              ))}
              <TableCell>État</TableCell>
              {onDelete ? (
                <TableCell align="right">
                  <Box component="span" sx={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
                    Actions
                  </Box>
                </TableCell>
              ) : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.length === 0 ? (
              <TableRow>
                <TableCell colSpan={columnCount}>Aucun utilisateur ne correspond.</TableCell>
              </TableRow>
            ) : null}
            {spacer(windowed.before, "before")}
            {rows.slice(windowed.start, windowed.end).map((user, i) => {
              const name = `${user.firstName} ${user.lastName}`;
              return (
                <TableRow
                  key={user.id}
                  aria-rowindex={windowed.start + i + 2}
                  hover
                  selected={current === user.id || selected.includes(user.id)}
                  onClick={() => setCurrent(user.id)}
                  sx={{ height: ROW_HEIGHT }}
                >
                  {selectable ? (
                    <TableCell padding="checkbox" sx={{ py: 0 }}>
                      <Checkbox
                        size="small"
                        checked={selected.includes(user.id)}
                        onChange={(e) => onSelect?.(e.target.checked ? [...selected, user.id] : selected.filter((id) => id !== user.id))}
                        slotProps={{ input: { "aria-label": `Sélectionner ${name}` } }}
                      />
                    </TableCell>
                  ) : null}
                  <TableCell sx={oneLine}>
                    <Link component={RouterLink} to={`/utilisateurs/${user.id}`}>
                      {user.lastName}
                    </Link>
                  </TableCell>
                  <TableCell sx={oneLine}>{user.firstName}</TableCell>
                  <TableCell sx={oneLine} title={user.email}>
                    {user.email}
                  </TableCell>
                  {/* The row's structure in my scope; other bodies are only mentioned. */}
                  <TableCell sx={oneLine} title={user.structure.path}>
                    {user.alsoElsewhere ? <AlsoElsewhereMark /> : null}
                    {user.structure.path}
                  </TableCell>
                  <TableCell sx={{ py: 0 }}>{user.locked ? <Chip size="small" color="warning" label="Verrouillé" /> : "Actif"}</TableCell>
                  {onDelete ? (
                    <TableCell align="right" sx={{ py: 0 }}>
                      <IconButton
                        size="small"
                        aria-label={`Actions pour ${name}`}
                        aria-haspopup="menu"
                        aria-controls={menu?.user.id === user.id ? menuId : undefined}
                        onClick={(e) => {
                          setCurrent(user.id);
                          setMenu({ anchor: e.currentTarget, user });
                        }}
                      >
                        <MoreVertIcon />
                      </IconButton>
                    </TableCell>
                  ) : null}
                </TableRow>
              );
            })}
            {spacer(windowed.after, "after")}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={total}
        page={Math.min(page, Math.max(0, Math.ceil(total / pageSize) - 1))}
        rowsPerPage={pageSize}
        rowsPerPageOptions={PAGE_SIZES}
        onPageChange={(_, p) => props.onPage(p)}
        onRowsPerPageChange={(e) => props.onPageSize(Number(e.target.value))}
        showFirstButton
        showLastButton
        {...paginationLabels}
        labelDisplayedRows={displayedRows(props.totalIsLowerBound)}
      />
      <Menu id={menuId} anchorEl={menu?.anchor} open={menu !== null} onClose={() => setMenu(null)}>
        <MenuItem
          onClick={() => {
            const user = menu!.user;
            setMenu(null);
            onDelete?.(user);
          }}
        >
          {props.deleteLabel ?? "Supprimer l'utilisateur"}
        </MenuItem>
      </Menu>
    </Box>
  );
}
