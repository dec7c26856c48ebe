// Every mutation refreshes what it changes. A person added, edited, moved, removed or given a role
// changes lists (users, a structure's members, a role's members), cards, and counts shown elsewhere
// (« n membres directs » of the structure tree, « n membres » of a role, my own profile): all of them
// are invalidated at once, so no screen keeps a stale count after an addition.
import type { QueryClient } from "@tanstack/react-query";
import { keys } from "../api/hooks";

export function invalidatePeople(queryClient: QueryClient): Promise<unknown> {
  return Promise.all(
    [keys.users, keys.structureMembers, keys.roleMembers, keys.structures, keys.applications, keys.me].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}
