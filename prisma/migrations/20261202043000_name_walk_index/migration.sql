-- The name order's index also carries what a search page filters on (id, the folded search text, the
-- structure, the lock): walking the directory in name order to find a search's first page is then an
-- index-only scan — leaf pages read in order — instead of one random heap page per walked row
-- (apps/idp/src/api/user-search.ts, BENCHMARKS.md « API »). It replaces the (lastName, firstName) index,
-- whose queries it serves too.
DROP INDEX IF EXISTS "User_lastName_firstName_idx";
CREATE INDEX "User_lastName_firstName_idx" ON "User" ("lastName", "firstName", id) INCLUDE ("searchText", "structureId", locked);
