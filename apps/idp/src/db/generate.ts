// Generator of large directories for the benchmarks: `--users 1000000` adds that many agents
// spread over generated collectivités (with directions and services), with roles, in batched
// multi-row INSERT … SELECT FROM unnest(…) statements of 10,000 rows. Two scenarios of names:
// - "realistic" (default): thousands of surnames and first names, Zipf-like, compound and accented
//   (db/names.ts) — a 3-letter search matches a few hundred to a few tens of thousands of people;
// - "dense": 36 surnames × 30 first names in turn — most 3-letter searches match ~30,000 people of a
//   million, the worst case for a search sorted by name.
import crypto from "node:crypto";
import type pg from "pg";
import { roleId, structureId } from "./seed.js";
import { fold } from "../lib/text.js";
import { realisticNames } from "./names.js";

const FIRST = [
  "Camille",
  "Léa",
  "Manon",
  "Chloé",
  "Emma",
  "Inès",
  "Sarah",
  "Julie",
  "Lucas",
  "Hugo",
  "Louis",
  "Nathan",
  "Karim",
  "Mohamed",
  "Sofiane",
  "Yasmine",
  "Thomas",
  "Nicolas",
  "Pierre",
  "Marie",
  "Anne",
  "Sophie",
  "Élodie",
  "Jérôme",
  "François",
  "Aïcha",
  "Fatou",
  "Mamadou",
  "Laurent",
  "Isabelle",
];
const LAST = [
  "MARTIN",
  "BERNARD",
  "THOMAS",
  "PETIT",
  "ROBERT",
  "RICHARD",
  "DURAND",
  "DUBOIS",
  "MOREAU",
  "LAURENT",
  "SIMON",
  "MICHEL",
  "LEFÈVRE",
  "LEROY",
  "ROUX",
  "DAVID",
  "BERTRAND",
  "MOREL",
  "FOURNIER",
  "GIRARD",
  "BONNET",
  "DUPONT",
  "LAMBERT",
  "FONTAINE",
  "ROUSSEAU",
  "VINCENT",
  "MÜLLER",
  "NGUYEN",
  "DIALLO",
  "BENALI",
  "TRAORÉ",
  "HADDAD",
  "GARCIA",
  "DA SILVA",
  "CHEVALIER",
  "GAUTHIER",
];
const BATCH = 10_000;

export const SCENARIOS = ["realistic", "dense"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface GenerateOptions {
  users: number;
  /** Names: "realistic" (default) or "dense" (the 36 × 30 worst case). */
  scenario?: Scenario;
  /** Generated collectivités; each gets 2 directions × 2 services. */
  bodies?: number;
  onProgress?: (done: number) => void;
}

export async function generateDirectory(pool: pg.Pool, options: GenerateOptions) {
  const bodies = options.bodies ?? Math.max(10, Math.min(400, Math.ceil(options.users / 2500)));
  const run = crypto.randomBytes(3).toString("hex");
  const parentId = structureId("collectivites");
  const parent = await pool.query<{ ancestorIds: string[] }>(`SELECT "ancestorIds" FROM "Structure" WHERE id = $1`, [parentId]);
  if (!parent.rowCount) throw new Error("Le générateur a besoin de l'arborescence de base : lancez d'abord le seed.");
  const base = parent.rows[0]!.ancestorIds;

  // Structures: bodies → directions → services.
  const rows: { id: string; code: string; name: string; kind: string; parentId: string; ancestorIds: string[] }[] = [];
  const services: { id: string; body: string }[] = [];
  for (let b = 0; b < bodies; b++) {
    const code = `gen-${run}-${b}`;
    const id = structureId(code);
    const bAnc = [...base, id];
    rows.push({ id, code, name: `Collectivité générée ${run}-${b}`, kind: "COLLECTIVITE", parentId, ancestorIds: bAnc });
    for (let d = 0; d < 2; d++) {
      const dcode = `${code}-d${d}`;
      const did = structureId(dcode);
      const dAnc = [...bAnc, did];
      rows.push({
        id: did,
        code: dcode,
        name: d === 0 ? "Direction générale" : "Direction des services techniques",
        kind: "DIRECTION",
        parentId: id,
        ancestorIds: dAnc,
      });
      for (let s = 0; s < 2; s++) {
        const scode = `${dcode}-s${s}`;
        const sid = structureId(scode);
        rows.push({ id: sid, code: scode, name: `Service ${d}.${s}`, kind: "SERVICE", parentId: did, ancestorIds: [...dAnc, sid] });
        services.push({ id: sid, body: id });
      }
    }
  }
  await pool.query(
    `INSERT INTO "Structure" (id, code, name, kind, "parentId", "ancestorIds", depth, "updatedAt")
     SELECT t.id, t.code, t.name, t.kind::"StructureKind", t.parent, string_to_array(t.anc, ',')::uuid[], cardinality(string_to_array(t.anc, ',')) - 1, now()
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[]) AS t(id, code, name, kind, parent, anc)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.code),
      rows.map((r) => r.name),
      rows.map((r) => r.kind),
      rows.map((r) => r.parentId),
      rows.map((r) => r.ancestorIds.join(",")),
    ],
  );

  const names = (options.scenario ?? "realistic") === "realistic" ? realisticNames() : null;
  const roles = [
    roleId("bip", "consultation"),
    roleId("netcap", "gestionnaire-cap"),
    roleId("netcotisations", "declarant"),
    roleId("site", "lecteur"),
  ];
  let done = 0;
  while (done < options.users) {
    const n = Math.min(BATCH, options.users - done);
    const ids: string[] = [],
      emails: string[] = [],
      lasts: string[] = [],
      firsts: string[] = [],
      sids: string[] = [],
      search: string[] = [];
    const aUser: string[] = [],
      aRole: string[] = [],
      aStruct: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = done + i;
      const drawn = names?.next();
      const first = drawn?.firstName ?? FIRST[k % FIRST.length]!;
      const last = drawn?.lastName ?? LAST[Math.floor(k / FIRST.length) % LAST.length]!;
      const email = `${fold(first).replace(/[^a-z]/g, "")}.${fold(last).replace(/[^a-z]/g, "")}.${run}${k}@agents.example.fr`;
      const svc = services[k % services.length]!;
      const id = crypto.randomUUID();
      ids.push(id);
      emails.push(email);
      lasts.push(last);
      firsts.push(first);
      sids.push(svc.id);
      search.push(fold(`${last} ${first} ${email} ${email}`));
      if (k % 3 === 0) {
        aUser.push(id);
        aRole.push(roles[k % roles.length]!);
        aStruct.push(svc.body);
      }
    }
    await pool.query(
      `INSERT INTO "User" (id, email, "emailLower", identifiant, "lastName", "firstName", "structureId", "searchText", "updatedAt")
       SELECT t.id, t.email, lower(t.email), t.email, t.last, t.first, t.sid, t.search, now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[]) AS t(id, email, last, first, sid, search)`,
      [ids, emails, lasts, firsts, sids, search],
    );
    if (aUser.length) {
      await pool.query(
        `INSERT INTO "RoleAssignment" (id, "userId", "roleId", "structureId")
         SELECT gen_random_uuid(), t.u, t.r, t.s FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS t(u, r, s)`,
        [aUser, aRole, aStruct],
      );
    }
    done += n;
    options.onProgress?.(done);
  }
  return { run, bodies, structures: rows.length, users: done, scenario: options.scenario ?? "realistic" };
}
