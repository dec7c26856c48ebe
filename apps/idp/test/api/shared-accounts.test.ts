// « Cas des utilisateurs multi-structure », attacked from outside over HTTP: every actor × every
// action of the admin API × every kind of target, with a person shared by Vitry and Montreuil, a
// référent of another body and a CIG administrator among the targets. What is expected comes from
// DESIGN.md « One account, several bodies » through test/api/scope-oracle.ts (written from the text,
// not from the server's policy): the status (a person one does not see answers exactly as an unknown
// id; the permission is checked before the version), the refusal in the audit log, the data left
// as it was, and answers that show nothing of the other body.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { applicationId, roleId, structureId } from "../../src/db/seed.js";
import { api } from "./support.js";
import { changesOutsideScope, csvLeaks, leaks, Scope, snapshot, type Who, type World } from "./scope-oracle.js";
import { createPeople, createPerson, tokens, type Person } from "./scope-world.js";

const V = structureId("94-vitry");
const V_DG = structureId("94-vitry-dg");
const V_PAIE = structureId("94-vitry-dg-rh-paie");
const V_AGRH = structureId("94-vitry-dg-rh-agrh");
const V_COMPTA = structureId("94-vitry-finances-compta");
const M = structureId("93-montreuil");
const M_COMPTA = structureId("93-montreuil-finances-compta");
const M_AGRH = structureId("93-montreuil-dg-rh-agrh");
const M_PAIE = structureId("93-montreuil-dg-rh-paie");
const CIG_CORR = structureId("cig-dsi-correspondants");
const BIP = applicationId("bip");
const NETCAP = applicationId("netcap");
const BIP_CONS = roleId("bip", "consultation");
const BIP_GEST = roleId("bip", "gestionnaire");
const NETCAP_CONS = roleId("netcap", "consultation");
const NETCAP_GEST = roleId("netcap", "gestionnaire-cap");
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

type ActorKey = "cig" | "refVitry" | "refMontreuil" | "refSub" | "agent" | "client" | "disabledClient" | "deletedClient" | "rekeyedClient";
interface ActorDef {
  key: ActorKey;
  label: string;
  /** A structure of his scope with none of the targets in it (attach, move, create). */
  mine: string;
  /** The structure his roles are held for. */
  roleFor: string;
  /** Where structures outside his scope are made (null: he has no outside). */
  outside: string | null;
  /** Where structures inside his scope are made. */
  inside: string;
}
const ACTORS: ActorDef[] = [
  { key: "cig", label: "administrateur CIG", mine: V_AGRH, roleFor: V, outside: null, inside: V },
  { key: "refVitry", label: "référent de Vitry pour BIP", mine: V_AGRH, roleFor: V, outside: M, inside: V },
  { key: "refMontreuil", label: "référent de Montreuil pour BIP et Net-CAP", mine: M_PAIE, roleFor: M, outside: V, inside: M },
  { key: "refSub", label: "référent de la Direction générale de Vitry pour BIP", mine: V_AGRH, roleFor: V_DG, outside: V, inside: V_DG },
  { key: "agent", label: "agent de Vitry", mine: V_AGRH, roleFor: V, outside: M, inside: V },
  { key: "client", label: "client back-office", mine: V_AGRH, roleFor: V, outside: null, inside: V },
  { key: "disabledClient", label: "client back-office désactivé", mine: V_AGRH, roleFor: V, outside: null, inside: V },
  { key: "deletedClient", label: "client back-office supprimé", mine: V_AGRH, roleFor: V, outside: null, inside: V },
  { key: "rekeyedClient", label: "client back-office dont le secret a été renouvelé", mine: V_AGRH, roleFor: V, outside: null, inside: V },
];

type TargetKey = "onlyVitry" | "shared" | "refOther" | "cigTarget" | "unknown";
const TARGETS: { key: TargetKey; label: string }[] = [
  { key: "onlyVitry", label: "agent de Vitry seulement" },
  { key: "shared", label: "agent partagé Vitry + Montreuil (structure d'appartenance à Montreuil)" },
  { key: "refOther", label: "référent Net-CAP de Montreuil rattaché à Vitry" },
  { key: "cigTarget", label: "administrateur CIG rattaché à Vitry" },
  { key: "unknown", label: "identifiant inconnu" },
];

/** Fresh targets for each actor × action, so that the cells do not depend on each other. */
async function targetSet(tag: string): Promise<Record<Exclude<TargetKey, "unknown">, Person>> {
  const [onlyVitry, shared, refOther, cigTarget] = await createPeople(server, [
    [`vitry-${tag}`, { home: V_COMPTA, roles: [[BIP_CONS, V]] }],
    // Montreuil's agent that Vitry attached: the same BIP role held for each body, and Montreuil's Net-CAP role.
    [
      `partage-${tag}`,
      {
        home: M_COMPTA,
        memberships: [V_PAIE],
        roles: [
          [BIP_CONS, V],
          [BIP_CONS, M],
          [NETCAP_CONS, M],
        ],
      },
    ],
    [
      `refmtr-${tag}`,
      { home: M_AGRH, memberships: [V_PAIE], roles: [[NETCAP_GEST, M]], referentOf: [{ structureId: M, applicationIds: [NETCAP] }] },
    ],
    [`cig-${tag}`, { home: CIG_CORR, memberships: [V_PAIE], cigAdmin: true }],
  ]);
  return { onlyVitry: onlyVitry!, shared: shared!, refOther: refOther!, cigTarget: cigTarget! };
}

interface Cell {
  actor: ActorDef;
  scope: Scope;
  before: World;
  target: Person | null;
  tag: string;
  /** Set by `request` for `check`. */
  memo: Record<string, any>;
}
type Request = [method: string, path: string, body?: unknown, headers?: Record<string, string>];
interface Expect {
  allowed: boolean;
  status: number | number[];
  /** A refusal for lack of right (written to the audit log); false for a plain "not there". Default: !allowed. */
  audited?: boolean;
}
interface Action {
  title: string;
  perTarget: boolean;
  removal?: boolean;
  /** Played by the back-office clients too (a sample: the live one acts as a CIG administrator, whose
   * every cell is played; the disabled and deleted ones are refused before any route). */
  sample?: boolean;
  /** Fixtures of the cell (made before the "before" snapshot). */
  prepare?: (c: Cell) => Promise<void>;
  /** The answer must equal, for a person one does not see, the answer for an unknown id. */
  request: (c: Cell) => Promise<Request> | Request;
  expect: (c: Cell) => Expect;
  /** What an allowed call must have done (and shown). */
  check?: (c: Cell, res: { status: number; data: any }, after: World) => void | Promise<void>;
  csv?: boolean;
}

const sees = (c: Cell) => !!c.target && c.scope.sees(c.target.id);
const owns = (c: Cell) => !!c.target && c.scope.ownsAccount(c.target.id);
const administersBip = (s: Scope) => s.cig || s.w.mandates.some((m) => m.userId === s.userId && m.apps.includes(BIP));
const hidden = (c: Cell): Expect => ({ allowed: false, status: [403, 404] });
const denied = (c: Cell): Expect => (sees(c) ? { allowed: false, status: 403 } : hidden(c));
const adminOnly = (c: Cell, allowedStatus = 200): Expect =>
  c.scope.isAdmin ? { allowed: true, status: allowedStatus } : { allowed: false, status: 403 };
const targetId = (c: Cell) => c.target?.id ?? "7b0c4a6e-0000-4000-8000-000000000000";
const sorted = (a: string[]) => [...a].sort();
const _inMyPart = (c: Cell, w: World, userId: string) => new Scope(w, who(c.actor)).part(userId);
/** A structure of the target in my scope to move (his home when none). */
const placeIn = (c: Cell) => (c.target ? (c.scope.part(c.target.id).places[0] ?? c.scope.places(c.target.id)[0]!) : V_PAIE);
const placeOut = (c: Cell) =>
  c.target ? (c.scope.places(c.target.id).find((p) => !c.scope.covers(p)) ?? c.scope.places(c.target.id)[0]!) : M_COMPTA;
const moveExpect = (c: Cell, from: string, to: string): Expect => {
  if (!sees(c)) return hidden(c);
  const home = c.scope.w.users.get(c.target!.id)!.home;
  const ok = c.scope.covers(from) && c.scope.covers(to) && (from !== home || owns(c));
  return ok ? { allowed: true, status: 200 } : { allowed: false, status: [403, 404] };
};

const elsewhere = (a: ActorDef) => (a.outside === V ? V_AGRH : a.outside === M ? M_AGRH : M_PAIE);

async function newStructure(parentId: string, tag: string) {
  const parent = await server.db.prisma.structure.findUniqueOrThrow({ where: { id: parentId } });
  const id = crypto.randomUUID();
  await server.db.prisma.structure.create({
    data: {
      id,
      code: `t-${tag}`,
      name: `Service ${tag}`,
      kind: "SERVICE",
      parentId,
      ancestorIds: [...parent.ancestorIds, id],
      depth: parent.depth + 1,
    },
  });
  return server.db.prisma.structure.findUniqueOrThrow({ where: { id } });
}

const ACTIONS: Action[] = [
  // ——— Consulter
  {
    title: "Je consulte la liste des utilisateurs (recherche)",
    sample: true,
    perTarget: false,
    request: (c) => ["GET", `/users?q=${c.tag}&pageSize=50`],
    expect: (c) => adminOnly(c),
    check: (c, res) => {
      const mine = Object.values(c.memo.set as Record<string, Person>).filter((p) => c.scope.sees(p.id));
      expect(sorted(res.data.items.map((i: any) => i.id))).toEqual(sorted(mine.map((p) => p.id)));
      for (const item of res.data.items) {
        const part = c.scope.part(item.id);
        expect(part.places, `ligne de ${item.email}`).toContain(item.structure.id);
        expect(item.alsoElsewhere, `« également rattaché » pour ${item.email}`).toBe(part.elsewhere);
      }
    },
  },
  {
    title: "Je consulte les membres d'une structure (Vitry et ses sous-structures)",
    perTarget: false,
    request: (c) => ["GET", `/structures/${V}/members?subtree=true&q=${c.tag}&pageSize=50`],
    expect: (c) => (c.scope.covers(V) ? { allowed: true, status: 200 } : hidden(c)),
    check: (c, res) => {
      const mine = Object.values(c.memo.set as Record<string, Person>).filter((p) =>
        c.scope.part(p.id).places.some((s) => chainHas(c.before, s, V)),
      );
      expect(sorted(res.data.items.map((i: any) => i.id))).toEqual(sorted(mine.map((p) => p.id)));
      for (const item of res.data.items) expect(item.alsoElsewhere).toBe(c.scope.part(item.id).elsewhere);
    },
  },
  {
    title: "Je consulte les utilisateurs d'un rôle (BIP, Consultation)",
    perTarget: false,
    request: (c) => ["GET", `/applications/${BIP}/roles/${BIP_CONS}/members?q=${c.tag}&pageSize=50`],
    expect: (c) => (administersBip(c.scope) ? { allowed: true, status: 200 } : { allowed: false, status: 403 }),
    check: (c, res) => {
      const set = Object.values(c.memo.set as Record<string, Person>).map((p) => p.id);
      const mine = c.before.assignments.filter((a) => set.includes(a.userId) && a.roleId === BIP_CONS && c.scope.coversAssignment(a));
      expect(sorted(res.data.items.map((i: any) => i.assignmentId))).toEqual(sorted(mine.map((a) => a.id)));
    },
  },
  {
    title: "Je consulte la fiche de l'agent",
    sample: true,
    perTarget: true,
    request: (c) => ["GET", `/users/${targetId(c)}`],
    expect: (c) => (sees(c) ? { allowed: true, status: 200 } : hidden(c)),
    check: (c, res) => {
      const card = res.data;
      const part = c.scope.part(c.target!.id);
      const all = c.scope.places(c.target!.id);
      expect(sorted([card.structure.id, ...card.otherStructures.map((s: any) => s.id)]), "structures de la fiche").toEqual(
        sorted(part.places),
      );
      expect(sorted(card.roles.map((r: any) => r.id)), "rôles de la fiche").toEqual(sorted(part.roles.map((r) => r.id)));
      expect(card.alsoElsewhere, "« également rattaché à d'autres structures »").toBe(part.elsewhere);
      expect(card.permissions, "permissions").toMatchObject({
        editIdentity: owns(c),
        lock: owns(c),
        resetPassword: owns(c),
        remove: c.scope.cig || part.places.length === all.length ? "erase" : "detach",
      });
    },
  },
  // ——— Référencer
  {
    title: "Vérifier l'adresse mail",
    sample: true,
    perTarget: true,
    request: (c) => {
      c.memo.email = c.target?.email ?? `personne-${c.tag}@exemple-convergences.fr`;
      return ["POST", "/users/email-check", { email: c.memo.email }];
    },
    expect: (c) => adminOnly(c),
    check: (c, res) => {
      const text = JSON.stringify(res.data);
      expect(text, "ni identifiant").not.toMatch(UUID);
      if (!c.target) return expect(res.data.status).toBe("available");
      expect(text, "ni nom").not.toContain(c.target.lastName);
      expect(text, "ni prénom").not.toContain(c.target.firstName);
      expect(res.data.status).toBe(sees(c) ? "exists-in-my-scope" : "exists");
      expect(Object.keys(res.data).sort()).toEqual(["message", "status", "structure"]);
      expect(Object.keys(res.data.structure).sort()).toEqual(["name", "path"]);
    },
  },
  {
    title: "Cas des utilisateurs multi-structure : je rattache le compte existant à ma structure (par son adresse mail)",
    perTarget: true,
    request: (c) => [
      "POST",
      "/users/attach",
      { email: c.target?.email ?? `personne-${c.tag}@exemple-convergences.fr`, structureId: c.actor.mine },
    ],
    expect: (c) =>
      !c.scope.isAdmin
        ? { allowed: false, status: 403 }
        : c.target
          ? { allowed: true, status: 201 }
          : { allowed: false, status: 404, audited: false },
    check: (c, res, after) => {
      expect(new Scope(after, who(c.actor)).places(c.target!.id)).toContain(c.actor.mine);
      expect(res.data.id).toBe(c.target!.id);
    },
  },
  {
    title: "Je référence un utilisateur avec un rôle pour une structure hors de mon périmètre",
    perTarget: false,
    request: (c) => {
      c.memo.email = `cree-hors-${c.tag}@exemple-convergences.fr`;
      return [
        "POST",
        "/users",
        {
          email: c.memo.email,
          lastName: "CREE",
          firstName: "Hors",
          structureId: c.actor.mine,
          roles: [{ roleId: BIP_CONS, structureId: c.actor.outside ?? M }],
        },
      ];
    },
    expect: (c) => (c.scope.cig ? { allowed: true, status: 201 } : { allowed: false, status: c.scope.isAdmin ? [400, 403] : 403 }),
  },
  {
    title: "Je référence un utilisateur appartenant à la structure dont je suis référent, avec un rôle pour elle",
    perTarget: false,
    request: (c) => [
      "POST",
      "/users",
      {
        email: `cree-${c.tag}@exemple-convergences.fr`,
        lastName: "CREE",
        firstName: "Dedans",
        structureId: c.actor.mine,
        roles: [{ roleId: BIP_CONS, structureId: c.actor.roleFor }],
      },
    ],
    expect: (c) =>
      administersBip(c.scope) && c.scope.covers(c.actor.mine) ? { allowed: true, status: 201 } : { allowed: false, status: 403 },
  },
  // ——— Modifier, verrouiller, réinitialiser (le compte)
  {
    title: "Je modifie les informations d'un utilisateur",
    sample: true,
    perTarget: true,
    request: (c) => [
      "PATCH",
      `/users/${targetId(c)}`,
      { fonction: `Fonction ${c.tag}`, version: c.target ? c.before.users.get(c.target.id)!.version : 1 },
    ],
    expect: (c) => (owns(c) ? { allowed: true, status: 200 } : denied(c)),
    check: (c, _res, after) => expect(after.users.get(c.target!.id)!.fields.fonction).toBe(`Fonction ${c.tag}`),
  },
  {
    title: "Je modifie les informations d'un utilisateur sans indiquer la version (le droit avant la version)",
    perTarget: true,
    request: (c) => ["PATCH", `/users/${targetId(c)}`, { fonction: `Sans version ${c.tag}` }],
    expect: (c) => (owns(c) ? { allowed: false, status: 428, audited: false } : denied(c)),
  },
  {
    title: "Je verrouille le compte d'un utilisateur",
    sample: true,
    perTarget: true,
    request: (c) => ["POST", `/users/${targetId(c)}/lock`, { reason: "Départ" }],
    expect: (c) => (owns(c) ? { allowed: true, status: 200 } : denied(c)),
    check: (c, _res, after) => expect(after.users.get(c.target!.id)!.fields.locked).toBe(true),
  },
  {
    title: "Je réinitialise le mot de passe d'un utilisateur",
    perTarget: true,
    request: (c) => ["POST", `/users/${targetId(c)}/password-reset`],
    expect: (c) => (owns(c) ? { allowed: true, status: 200 } : denied(c)),
    check: async (c) =>
      expect(await server.db.prisma.oneTimeToken.count({ where: { userId: c.target!.id, purpose: "PASSWORD_RESET" } })).toBe(1),
  },
  // ——— Supprimer = retirer de mon périmètre
  {
    title: "Je supprime l'utilisateur sélectionné (le retire de mon périmètre)",
    sample: true,
    perTarget: true,
    removal: true,
    request: (c) => ["DELETE", `/users/${targetId(c)}`],
    expect: (c) => (sees(c) ? { allowed: true, status: 200 } : hidden(c)),
    check: (c, _res, after) => {
      const id = c.target!.id;
      const all = c.scope.places(id);
      const left = all.filter((p) => !c.scope.covers(p));
      if (c.scope.cig || !left.length) return expect(after.users.has(id), "compte effacé").toBe(false);
      expect(after.users.has(id), "le compte vit ailleurs").toBe(true);
      expect(sorted(new Scope(after, who(c.actor)).places(id))).toEqual(sorted(left));
      expect(
        after.assignments.filter((a) => a.userId === id && c.scope.covers(a.structureId)),
        "rôles tenus pour mes structures",
      ).toEqual([]);
    },
  },
  {
    title: "Je supprime les utilisateurs sélectionnés (plusieurs à la fois)",
    perTarget: true,
    removal: true,
    request: (c) => ["POST", "/users/bulk-delete", { userIds: [targetId(c)] }],
    expect: (c) =>
      !c.scope.isAdmin
        ? { allowed: false, status: 403 }
        : sees(c)
          ? { allowed: true, status: 200 }
          : { allowed: false, status: 200, audited: !!c.target },
    check: (c, res) => expect(res.data.deleted).toEqual([c.target!.id]),
  },
  // ——— Habiliter / désaffecter / réaffecter
  {
    title: "J'habilite un utilisateur (BIP, Gestionnaire) pour ma structure",
    sample: true,
    perTarget: true,
    request: (c) => ["POST", `/applications/${BIP}/roles/${BIP_GEST}/members`, { userIds: [targetId(c)], structureId: c.actor.roleFor }],
    expect: (c) =>
      !administersBip(c.scope) ? { allowed: false, status: 403 } : { allowed: sees(c), status: 200, audited: !!c.target && !sees(c) },
    check: (c, res, after) => {
      expect(res.data.assigned).toEqual([c.target!.id]);
      expect(after.assignments.some((a) => a.userId === c.target!.id && a.roleId === BIP_GEST && a.structureId === c.actor.roleFor)).toBe(
        true,
      );
    },
  },
  {
    title: "J'habilite un utilisateur pour une structure hors de mon périmètre",
    perTarget: true,
    request: (c) => [
      "POST",
      `/applications/${BIP}/roles/${BIP_GEST}/members`,
      { userIds: [targetId(c)], structureId: c.actor.outside ?? M },
    ],
    expect: (c) =>
      c.scope.cig
        ? { allowed: !!c.target, status: 200, audited: false }
        : !administersBip(c.scope)
          ? { allowed: false, status: 403 }
          : { allowed: false, status: [200, 403, 404] },
  },
  {
    title: "J'habilite un utilisateur sans dire pour quelle structure",
    perTarget: true,
    // The role must then be held for one of MY structures (never the home in the other body), or refused.
    request: (c) => ["POST", `/applications/${BIP}/roles/${BIP_GEST}/members`, { userIds: [targetId(c)] }],
    expect: (c) =>
      !administersBip(c.scope)
        ? { allowed: false, status: 403 }
        : { allowed: sees(c) || c.scope.cig, status: [200, 400, 422], audited: !sees(c) && !!c.target },
  },
  {
    title: "Je désaffecte un utilisateur d'un rôle (BIP, Consultation)",
    perTarget: true,
    request: (c) => ["DELETE", `/applications/${BIP}/roles/${BIP_CONS}/members/${targetId(c)}`],
    expect: (c) => {
      if (!administersBip(c.scope)) return { allowed: false, status: 403 };
      if (!sees(c)) return hidden(c);
      const mine = c.scope.part(c.target!.id).roles.filter((a) => a.roleId === BIP_CONS);
      return mine.length ? { allowed: true, status: 200 } : { allowed: false, status: [403, 404], audited: false };
    },
    check: (c, _res, after) => {
      expect(after.assignments.filter((a) => a.userId === c.target!.id && a.roleId === BIP_CONS && c.scope.coversAssignment(a))).toEqual(
        [],
      );
    },
  },
  {
    title: "Je réaffecte un utilisateur à un autre rôle (BIP, Consultation → Gestionnaire)",
    perTarget: true,
    request: (c) => ["POST", `/applications/${BIP}/roles/${BIP_CONS}/members/${targetId(c)}/reassign`, { toRoleId: BIP_GEST }],
    expect: (c) => {
      if (!administersBip(c.scope)) return { allowed: false, status: 403 };
      if (!sees(c)) return hidden(c);
      const mine = c.scope.part(c.target!.id).roles.filter((a) => a.roleId === BIP_CONS);
      return mine.length ? { allowed: true, status: 200 } : { allowed: false, status: [403, 404], audited: false };
    },
    check: (c, _res, after) => {
      const moved = c.scope.part(c.target!.id).roles.filter((a) => a.roleId === BIP_CONS);
      for (const a of moved)
        expect(after.assignments.some((x) => x.userId === a.userId && x.roleId === BIP_GEST && x.structureId === a.structureId)).toBe(true);
      expect(after.assignments.filter((a) => a.userId === c.target!.id && a.roleId === BIP_CONS && c.scope.coversAssignment(a))).toEqual(
        [],
      );
    },
  },
  // ——— Déplacer une affectation
  {
    title: "Je déplace une affectation vers une autre de mes structures",
    perTarget: true,
    request: (c) => {
      c.memo.from = placeIn(c);
      return ["POST", `/users/${targetId(c)}/structures/${c.memo.from}/move`, { toStructureId: c.actor.mine }];
    },
    expect: (c) => moveExpect(c, placeIn(c), c.actor.mine),
    check: (c, _res, after) => {
      const places = new Scope(after, who(c.actor)).places(c.target!.id);
      expect(places).toContain(c.actor.mine);
      expect(places).not.toContain(c.memo.from);
    },
  },
  {
    title: "Je déplace l'affectation d'un autre organisme vers ma structure",
    perTarget: true,
    request: (c) => ["POST", `/users/${targetId(c)}/structures/${placeOut(c)}/move`, { toStructureId: c.actor.mine }],
    expect: (c) => moveExpect(c, placeOut(c), c.actor.mine),
  },
  {
    title: "Je déplace une affectation vers une structure hors de mon périmètre",
    perTarget: true,
    // (A CIG administrator has no outside: for him it is a move to Montreuil's « DirG RH Paie », where no target is.)
    request: (c) => ["POST", `/users/${targetId(c)}/structures/${placeIn(c)}/move`, { toStructureId: elsewhere(c.actor) }],
    expect: (c) => moveExpect(c, placeIn(c), elsewhere(c.actor)),
  },
  {
    title: "Je retire l'utilisateur d'une de mes structures (son rattachement seulement)",
    perTarget: true,
    request: (c) => ["DELETE", `/users/${targetId(c)}/structures/${placeIn(c)}`],
    expect: (c) => {
      if (!sees(c)) return hidden(c);
      // The structure d'appartenance is not a membership one removes this way (« changez-la d'abord »).
      if (placeIn(c) === c.scope.w.users.get(c.target!.id)!.home) return { allowed: false, status: 409, audited: false };
      return { allowed: true, status: 200 };
    },
    check: (c, _res, after) => expect(new Scope(after, who(c.actor)).places(c.target!.id)).not.toContain(placeIn(c)),
  },
  // ——— Structures
  ...(["avec", "sans"] as const).flatMap((v) =>
    (["dans", "hors de"] as const).map(
      (where): Action => ({
        title: `Je renomme une structure ${where} mon périmètre, ${v} sa version`,
        perTarget: false,
        prepare: async (c) => {
          const parent = where === "dans" ? c.actor.inside : c.actor.outside;
          if (parent) c.memo.structure = await newStructure(parent, `${c.tag}-${++seq}`);
        },
        request: (c) => {
          const s = c.memo.structure;
          if (!s) return ["PATCH", `/structures/${V_COMPTA}`, { name: "Service comptabilité" }];
          return ["PATCH", `/structures/${s.id}`, { name: `Renommé ${s.code}`, ...(v === "avec" ? { version: s.version } : {}) }];
        },
        expect: (c) => {
          // No "outside" for a CIG administrator: the request above has no version, hence 428.
          if (!c.scope.isAdmin) return { allowed: false, status: [403, 404] };
          const inside = where === "dans" || c.scope.cig;
          if (!inside) return { allowed: false, status: 404 };
          if (!c.actor.outside && where === "hors de") return { allowed: false, status: 428, audited: false };
          return v === "avec" ? { allowed: true, status: 200 } : { allowed: false, status: 428, audited: false };
        },
      }),
    ),
  ),
  {
    title: "Je renomme une structure inconnue",
    perTarget: false,
    request: () => ["PATCH", "/structures/7b0c4a6e-0000-4000-8000-000000000001", { name: "Inconnue" }],
    expect: (c) => ({ allowed: false, status: c.scope.isAdmin ? 404 : [403, 404], audited: false }),
  },
  // ——— Exports
  {
    title: "Je réalise une extraction sous format Excel (tous les utilisateurs)",
    sample: true,
    perTarget: false,
    csv: true,
    request: () => ["GET", "/exports/users.csv"],
    expect: (c) => adminOnly(c),
    check: (c, res) => {
      const text = res.data as string;
      for (const p of Object.values(c.memo.set as Record<string, Person>)) expect(text.includes(p.email), p.email).toBe(c.scope.sees(p.id));
    },
  },
  {
    title: "Je réalise une extraction sous format Excel (une structure : Vitry)",
    perTarget: false,
    csv: true,
    request: () => ["GET", `/exports/structures/${V}/users.csv`],
    expect: (c) => (c.scope.covers(V) ? { allowed: true, status: 200 } : hidden(c)),
  },
  {
    title: "Je réalise une extraction sous format Excel (un rôle : BIP, Consultation)",
    perTarget: false,
    csv: true,
    request: () => ["GET", `/exports/applications/${BIP}/roles/${BIP_CONS}/users.csv`],
    expect: (c) => (administersBip(c.scope) ? { allowed: true, status: 200 } : { allowed: false, status: 403 }),
    check: (c, res) => {
      const text = res.data as string;
      for (const p of Object.values(c.memo.set as Record<string, Person>)) {
        const holds = c.before.assignments.some((a) => a.userId === p.id && a.roleId === BIP_CONS && c.scope.coversAssignment(a));
        expect(text.includes(p.email), p.email).toBe(holds);
      }
    },
  },
];

function chainHas(w: World, sid: string, ancestor: string) {
  for (let cur: string | null | undefined = sid; cur; cur = w.structures.get(cur)?.parentId) if (cur === ancestor) return true;
  return false;
}

let server: TestServer;
const people = {} as Record<ActorKey, { id: string | null; token: string; dead: boolean }>;
const who = (a: ActorDef): Who => (people[a.key].id ? { userId: people[a.key].id! } : { client: true });
const named = new Set<string>();
let liveGrant: () => Promise<string>;

beforeAll(async () => {
  server = await startTestServer();
  const t = await tokens(server);
  const tag = crypto.randomBytes(3).toString("hex");
  const make = async (key: ActorKey, spec: Parameters<typeof createPerson>[2]) => {
    const p = await createPerson(server, `${key.toLowerCase()}-${tag}`, spec);
    people[key] = { id: p.id, token: await t.forPerson(p.id), dead: false };
  };
  await make("cig", { home: CIG_CORR, cigAdmin: true });
  await make("refVitry", { home: V_COMPTA, referentOf: [{ structureId: V, applicationIds: [BIP] }] });
  await make("refMontreuil", { home: M_COMPTA, referentOf: [{ structureId: M, applicationIds: [BIP, NETCAP] }] });
  await make("refSub", { home: V_AGRH, referentOf: [{ structureId: V_DG, applicationIds: [BIP] }] });
  await make("agent", { home: V_PAIE });
  const live = await t.backOffice("backoffice");
  liveGrant = live.grant;
  people.client = { id: null, token: live.token, dead: false };
  // Tokens issued while the clients were active; then the CIG disables one and deletes the other.
  const disabled = await t.backOffice("backoffice-desactive");
  const deleted = await t.backOffice("backoffice-supprime");
  await server.db.prisma.application.update({ where: { id: disabled.applicationId }, data: { enabled: false } });
  await server.db.prisma.application.delete({ where: { id: deleted.applicationId } });
  people.disabledClient = { id: null, token: disabled.token, dead: true };
  people.deletedClient = { id: null, token: deleted.token, dead: true };
  // « Renouveler le secret » through the API, as the CIG does when a secret has leaked.
  const rekeyed = await t.backOffice("backoffice-renouvele");
  const renewed = await api(server, people.cig.token)("POST", `/applications/${rekeyed.applicationId}/secret`);
  expect(renewed.status).toBe(200);
  people.rekeyedClient = { id: null, token: rekeyed.token, dead: true };
}, 240_000); // starting a seeded server is slow on a loaded machine
afterAll(async () => {
  await server?.stop();
});

async function sideCounts() {
  const [row] = await server.db.prisma.$queryRawUnsafe<{ denied: number; tokens: number; mails: number }[]>(
    `SELECT (SELECT count(*)::int FROM "AuditEvent" WHERE outcome = 'denied') AS denied,
            (SELECT count(*)::int FROM "OneTimeToken") AS tokens, (SELECT count(*)::int FROM "MailOutbox") AS mails`,
  );
  return row!;
}

const strip = (w: World & { rest: string }) =>
  JSON.stringify({
    s: [...w.structures.values()],
    u: [...w.users.values()],
    m: w.memberships,
    a: w.assignments,
    d: w.mandates,
    rest: w.rest,
  });
let seq = 0;

for (const actor of ACTORS) {
  const dead = actor.key === "disabledClient" || actor.key === "deletedClient" || actor.key === "rekeyedClient";
  const client = dead || actor.key === "client";
  describe(`${actor.label}`, () => {
    for (const action of ACTIONS.filter((a) => !client || a.sample)) {
      describe(action.title, () => {
        let set: Record<Exclude<TargetKey, "unknown">, Person>;
        let tag: string;
        const hiddenStatuses: number[] = [];
        beforeAll(async () => {
          tag = `t${++seq}x${crypto.randomBytes(2).toString("hex")}`;
          set = await targetSet(tag);
          for (const p of Object.values(set)) named.add(p.id);
        });
        for (const target of action.perTarget ? TARGETS : [{ key: "—" as const, label: "" }]) {
          it(`${target.label ? `× ${target.label}` : "—"}`, async () => {
            const c = {
              actor,
              tag,
              memo: { set } as Record<string, any>,
              target: target.key === "—" || target.key === "unknown" ? null : set[target.key],
            } as Cell;
            await action.prepare?.(c);
            const only = { ids: Object.values(people).flatMap((p) => (p.id ? [p.id] : [])), emailLike: `%${tag}%` };
            const before = await snapshot(server.db.prisma, only);
            c.before = before;
            c.scope = new Scope(before, who(actor));
            const req = await action.request(c);
            const counts = await sideCounts();
            // The live back-office client asks for a fresh token (the provider's expire; a loaded run is long).
            const token = actor.key === "client" ? await liveGrant() : people[actor.key].token;
            const res = await api(server, token)(...req);
            const after = await snapshot(server.db.prisma, only);
            const request = `${req[0]} ${req[1]}${req[2] !== undefined ? " " + JSON.stringify(req[2]) : ""}`;
            const said = `${request} → ${res.status} ${typeof res.data === "string" ? res.data.slice(0, 200) : JSON.stringify(res.data).slice(0, 300)}`;

            if (dead) {
              // A disabled, deleted or re-keyed back-office client has lost the API: nothing is read or changed.
              expect(res.status, said).toBe(401);
              expect(strip(after), "rien n'a changé").toBe(strip(before));
              return;
            }
            const exp = action.expect(c);
            const statuses = Array.isArray(exp.status) ? exp.status : [exp.status];
            expect(statuses, said).toContain(res.status);
            if (res.status >= 400) expect(res.headers.get("content-type"), said).toContain("application/problem+json");

            // A person one does not see answers like an id that does not exist.
            if (action.perTarget && c.target && !c.scope.sees(c.target.id) && !exp.allowed) hiddenStatuses.push(res.status);
            if (target.key === "unknown")
              for (const st of hiddenStatuses) expect(st, `${said} : même réponse pour une personne hors périmètre`).toBe(res.status);

            const allowed = exp.allowed && res.status < 400;
            if (!allowed) {
              expect(strip(after), `${said} : rien n'a changé`).toBe(strip(before));
              const now = await sideCounts();
              expect({ tokens: now.tokens, mails: now.mails }, `${said} : ni lien ni mail`).toEqual({
                tokens: counts.tokens,
                mails: counts.mails,
              });
              // Every refusal for lack of right is written to the audit log (a bulk route answers 200
              // and refuses item by item).
              if ((exp.audited ?? !exp.allowed) && (c.target || !action.perTarget) && [200, 403, 404].includes(res.status)) {
                expect(now.denied, `${said} : refus dans le journal d'audit`).toBeGreaterThan(counts.denied);
              }
            }
            expect(after.rest, `${said} : aucune autre ligne touchée`).toBe(before.rest);
            expect(changesOutsideScope(before, after, who(actor), { removal: action.removal }), said).toEqual([]);
            const found =
              action.csv && typeof res.data === "string"
                ? csvLeaks(before, after, who(actor), res.data, { named })
                : leaks(before, after, who(actor), res.data, {
                    named,
                    echo: request.match(/[0-9a-f]{8}-[0-9a-f-]{27}|[^\s"]+@[^\s"]+/gi) ?? [],
                  });
            expect(found, said).toEqual([]);
            if (allowed && action.check) await action.check(c, res, after);
          });
        }
      });
    }
  });
}
