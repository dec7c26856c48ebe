// Property: whatever the structure tree, the memberships, the mandates and the role assignments, and
// whatever a référent asks the admin API in whatever order, no row outside his scope changes and no
// answer shows a membership, a role assignment or a person outside it (DESIGN.md « One account,
// several bodies », read by test/api/scope-oracle.ts, not by the server's policy).
// Fixed seed and bounded runs, so that it belongs to the default test command; on failure fast-check
// prints the seed and the path of the failing case. PBT_SEED / PBT_RUNS replay or widen the search,
// PBT_SKIP leaves kinds of calls out,
// PBT_SHRINK=1 shrinks the failing case (slow: each try rebuilds a world).
import crypto from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { applicationId, roleId, structureId } from "../../src/db/seed.js";
import { api } from "./support.js";
import { changesOutsideScope, csvLeaks, leaks, Scope, snapshot, type World } from "./scope-oracle.js";
import { createPeople, tokens, type PersonSpec } from "./scope-world.js";

const SEED = Number(process.env.PBT_SEED ?? 20261202);
const RUNS = Number(process.env.PBT_RUNS ?? 12);
const GROUP = structureId("collectivites");
const APPS = [applicationId("bip"), applicationId("netcap")];
const ROLES = [
  { id: roleId("bip", "consultation"), app: 0 },
  { id: roleId("bip", "gestionnaire"), app: 0 },
  { id: roleId("netcap", "consultation"), app: 1 },
  { id: roleId("netcap", "gestionnaire-cap"), app: 1 },
];

// ——— The world: two bodies under « collectivites » (nodes 0 and 1), the other nodes below them.
const treeArb = fc
  .integer({ min: 3, max: 8 })
  .chain((n) =>
    fc
      .tuple(...Array.from({ length: n - 2 }, (_, i) => fc.nat({ max: i + 1 })))
      .map((parents) => [null, null, ...parents] as (number | null)[]),
  );
const personArb = fc.record({
  home: fc.nat(),
  memberships: fc.array(fc.nat(), { maxLength: 2 }),
  /**
   * [role index, membership index, levels up, anywhere]: held for one of his structures or a structure
   * above it (his body); now and then (anywhere = 0) for any structure, where he has no membership.
   */
  roles: fc.array(fc.tuple(fc.nat({ max: ROLES.length - 1 }), fc.nat(), fc.nat({ max: 2 }), fc.nat({ max: 5 })), { maxLength: 3 }),
  referentOf: fc.array(fc.tuple(fc.nat(), fc.subarray([0, 1], { minLength: 1 })), { maxLength: 2 }),
  cigAdmin: fc.nat({ max: 11 }).map((x) => x === 0),
});
const worldArb = fc.record({ tree: treeArb, people: fc.array(personArb, { minLength: 3, maxLength: 7 }) });

const KINDS = [
  "card",
  "list",
  "members",
  "roleMembers",
  "emailCheck",
  "attach",
  "attachById",
  "create",
  "patch",
  "lock",
  "reset",
  "remove",
  "bulkDelete",
  "assign",
  "unassign",
  "reassign",
  "move",
  "detach",
  "structurePatch",
  "exportAll",
  "exportRole",
  "exportStructure",
] as const;
type Kind = (typeof KINDS)[number];
// PBT_SKIP=detach,move: leave calls out (to look past a known failure).
const PLAYED = KINDS.filter((k) => !(process.env.PBT_SKIP ?? "").split(",").includes(k));
const commandArb = fc.record({
  kind: fc.constantFrom(...PLAYED),
  actor: fc.nat(),
  u: fc.nat(),
  u2: fc.nat(),
  s: fc.nat(),
  s2: fc.nat(),
  r: fc.nat(),
  p: fc.nat(),
  flag: fc.boolean(),
  /** Mostly pick people and structures of the actor's scope: most attacks are one step from what he may do. */
  near: fc.nat({ max: 3 }).map((x) => x > 0),
});
type Command = {
  kind: Kind;
  actor: number;
  u: number;
  u2: number;
  s: number;
  s2: number;
  r: number;
  p: number;
  flag: boolean;
  near: boolean;
};

let server: TestServer;
let forPerson: (id: string) => Promise<string>;
let runs = 0;
let calls = 0;
/** Calls that changed rows, and calls refused (403/404): the property is only worth something if both happen often. */
const tally = { changed: 0, refused: 0, total: 0 };

beforeAll(async () => {
  server = await startTestServer();
  forPerson = (await tokens(server)).forPerson;
}, 240_000); // starting a seeded server is slow on a loaded machine
afterAll(async () => {
  await server?.stop();
});

interface Built {
  tag: string;
  structures: string[];
  people: { id: string; email: string }[];
  referents: number[];
}

type WorldSpec = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

async function build(world: WorldSpec): Promise<Built> {
  const tag = `p${++runs}x${crypto.randomBytes(2).toString("hex")}`;
  const { prisma } = server.db;
  const group = await prisma.structure.findUniqueOrThrow({ where: { id: GROUP } });
  const nodes: { id: string; ancestorIds: string[] }[] = [];
  for (const parent of world.tree) {
    const id = crypto.randomUUID();
    const up = parent === null ? group.ancestorIds : nodes[parent]!.ancestorIds;
    nodes.push({ id, ancestorIds: [...up, id] });
  }
  await prisma.structure.createMany({
    data: nodes.map((n, i) => ({
      id: n.id,
      code: `${tag}-${i}`,
      name: `S${i} ${tag}`,
      kind: i < 2 ? "COLLECTIVITE" : "SERVICE",
      parentId: n.ancestorIds.at(-2)!,
      ancestorIds: n.ancestorIds,
      depth: n.ancestorIds.length - 1,
    })),
  });
  const S = (i: number) => nodes[i % nodes.length]!.id;
  const specs: [string, PersonSpec][] = world.people.map((p, i) => {
    const home = S(p.home);
    const places = [home, ...p.memberships.map(S)];
    const heldFor = (m: number, up: number, anywhere = 1) => {
      if (anywhere === 0) return S(m);
      const chain = nodes.find((n) => n.id === places[m % places.length])!.ancestorIds.slice(group.ancestorIds.length);
      return chain[Math.max(0, chain.length - 1 - up)]!;
    };
    const referentOf = [...new Map(p.referentOf.map(([s, apps]) => [S(s), apps.map((a) => APPS[a]!)])).entries()].map(
      ([structureId, applicationIds]) => ({ structureId, applicationIds }),
    );
    // At least one référent in every world: the first person is one.
    if (i === 0 && !referentOf.length && !p.cigAdmin) referentOf.push({ structureId: S(0), applicationIds: [APPS[0]!] });
    return [
      `${tag}-u${i}`,
      {
        home,
        memberships: [...new Set(p.memberships.map(S))].filter((s) => s !== home),
        roles: [
          ...new Map(
            p.roles.map(([r, m, up, any]) => [`${r}|${heldFor(m, up, any)}`, [ROLES[r]!.id, heldFor(m, up, any)] as [string, string]]),
          ).values(),
        ],
        referentOf,
        cigAdmin: p.cigAdmin,
      },
    ];
  });
  const people = await createPeople(server, specs);
  return {
    tag,
    structures: nodes.map((n) => n.id),
    people,
    referents: specs.flatMap(([, s], i) => (s.referentOf?.length && !s.cigAdmin ? [i] : [])),
  };
}

type Req = [method: string, path: string, body?: unknown];

function request(cmd: Command, b: Built, w: World, actorId: string): Req {
  const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;
  const scope = new Scope(w, { userId: actorId });
  const near = <T>(xs: T[], mine: (x: T) => boolean) => (cmd.near && xs.some(mine) ? xs.filter(mine) : xs);
  const user = pick(
    near(b.people, (p) => scope.sees(p.id)),
    cmd.u,
  );
  const s = pick(
    near(b.structures, (x) => scope.covers(x)),
    cmd.s,
  );
  const s2 = pick(
    near(b.structures, (x) => scope.covers(x)),
    cmd.s2,
  );
  const role = pick(ROLES, cmd.r);
  const app = APPS[role.app]!;
  const other = ROLES.find((r) => r.app === role.app && r.id !== role.id)!;
  const version = w.users.get(user.id)?.version ?? 1;
  switch (cmd.kind) {
    case "card":
      return ["GET", `/users/${user.id}`];
    case "list":
      return ["GET", `/users?q=${b.tag}&pageSize=100`];
    case "members":
      return ["GET", `/structures/${s}/members?subtree=${cmd.flag}&q=${b.tag}&pageSize=100`];
    case "roleMembers":
      return ["GET", `/applications/${app}/roles/${role.id}/members?q=${b.tag}&pageSize=100`];
    case "emailCheck":
      return ["POST", "/users/email-check", { email: user.email }];
    case "attach":
      return ["POST", "/users/attach", { email: user.email, structureId: s }];
    case "attachById":
      return ["POST", `/users/${user.id}/structures`, { structureId: s }];
    case "create": {
      const email = `${b.tag}-c${++calls}@exemple-convergences.fr`;
      return [
        "POST",
        "/users",
        {
          email,
          lastName: `CREE${calls}`,
          firstName: "Agent",
          structureId: s,
          ...(cmd.flag ? { roles: [{ roleId: role.id, structureId: s2 }] } : {}),
        },
      ];
    }
    case "patch":
      return ["PATCH", `/users/${user.id}`, cmd.flag ? { fonction: `F${++calls}`, version } : { structureId: s, version }];
    case "lock":
      return ["POST", `/users/${user.id}/${cmd.flag ? "lock" : "unlock"}`, cmd.flag ? { reason: "Départ" } : undefined];
    case "reset":
      return ["POST", `/users/${user.id}/password-reset`];
    case "remove":
      return ["DELETE", `/users/${user.id}`];
    case "bulkDelete":
      return ["POST", "/users/bulk-delete", { userIds: [...new Set([user.id, pick(b.people, cmd.u2).id])] }];
    case "assign":
      return ["POST", `/applications/${app}/roles/${role.id}/members`, { userIds: [user.id], ...(cmd.flag ? { structureId: s } : {}) }];
    case "unassign":
      return ["DELETE", `/applications/${app}/roles/${role.id}/members/${user.id}${cmd.flag ? `?structureId=${s}` : ""}`];
    case "reassign":
      return ["POST", `/applications/${app}/roles/${role.id}/members/${user.id}/reassign`, { toRoleId: other.id }];
    case "move": {
      const places = new Scope(w, { client: true }).places(user.id);
      return ["POST", `/users/${user.id}/structures/${places.length ? pick(places, cmd.p) : s}/move`, { toStructureId: s2 }];
    }
    case "detach":
      return ["DELETE", `/users/${user.id}/structures/${s}`];
    case "structurePatch": {
      const st = w.structures.get(s);
      return [
        "PATCH",
        `/structures/${s}`,
        cmd.flag ? { name: `${st?.name ?? "S"} bis`, version: st?.version ?? 1 } : { parentId: s2, version: st?.version ?? 1 },
      ];
    }
    case "exportAll":
      return ["GET", "/exports/users.csv"];
    case "exportRole":
      return ["GET", `/exports/applications/${app}/roles/${role.id}/users.csv`];
    case "exportStructure":
      return ["GET", `/exports/structures/${s}/users.csv`];
  }
}

describe("Délégation : un référent n'agit que sur la part du compte qui est dans son périmètre", () => {
  it(
    `propriété : ${RUNS} mondes tirés au hasard (graine ${SEED}), des suites d'appels de référents au hasard`,
    async () => {
      await fc.assert(
        fc.asyncProperty(worldArb, fc.array(commandArb, { minLength: 3, maxLength: 10 }), async (world, commands) => {
          const b = await build(world);
          const named = new Set(b.people.map((p) => p.id));
          const only = { ids: [], emailLike: `%${b.tag}%` };
          const tokenOf = new Map<string, string>();
          let before = await snapshot(server.db.prisma, only);
          for (const cmd of commands) {
            const actor = b.people[b.referents[cmd.actor % b.referents.length]!]!;
            if (!tokenOf.has(actor.id)) tokenOf.set(actor.id, await forPerson(actor.id));
            const req = request(cmd, b, before, actor.id);
            const res = await api(server, tokenOf.get(actor.id)!)(...req);
            const after = await snapshot(server.db.prisma, only);
            const who = { userId: actor.id };
            const said = `${actor.email} : ${req[0]} ${req[1]}${req[2] !== undefined ? " " + JSON.stringify(req[2]) : ""} → ${res.status}`;
            const echo = JSON.stringify(req).match(/[0-9a-f]{8}-[0-9a-f-]{27}|[^\s"]+@[^\s"]+/gi) ?? [];
            const problems = [
              ...(res.status >= 500 ? [`erreur serveur ${JSON.stringify(res.data).slice(0, 200)}`] : []),
              ...(after.rest !== before.rest ? ["des lignes hors du monde tiré ont changé"] : []),
              ...changesOutsideScope(before, after, who, { removal: cmd.kind === "remove" || cmd.kind === "bulkDelete" }),
              ...(typeof res.data === "string" && req[1].startsWith("/exports/")
                ? csvLeaks(before, after, who, res.data, { named })
                : leaks(before, after, who, res.data, { named, echo })),
            ];
            tally.total++;
            if ([403, 404].includes(res.status)) tally.refused++;
            if (
              JSON.stringify([...after.users.values(), after.memberships, after.assignments, [...after.structures.values()]]) !==
              JSON.stringify([...before.users.values(), before.memberships, before.assignments, [...before.structures.values()]])
            )
              tally.changed++;
            if (problems.length)
              throw new Error(`${said}\n  - ${problems.join("\n  - ")}\n  réponse : ${JSON.stringify(res.data).slice(0, 600)}`);
            before = after;
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: !process.env.PBT_SHRINK, verbose: 1 },
      );
      expect(runs).toBeGreaterThanOrEqual(RUNS);
      expect(tally.changed, JSON.stringify(tally)).toBeGreaterThan(tally.total / 10);
      expect(tally.refused, JSON.stringify(tally)).toBeGreaterThan(tally.total / 10);
      if (process.env.PBT_RUNS) console.log("appels", tally);
    },
    25_000 * RUNS,
  ); // ~1.5 s a world on a quiet machine; a loaded one (load 30 on 2 vCPU) is far slower
});
