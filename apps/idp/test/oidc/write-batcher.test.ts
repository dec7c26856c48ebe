// The group commit of the token endpoint's writes: requests that finish while a statement is on its
// way leave together in the next one; writes to the same row keep their order; a failing statement
// fails only the request whose write is bad.
import { describe, expect, it } from "vitest";
import { createWriteBatcher } from "../../src/oidc/write-batcher.js";

function recorder(fail?: (upserts: string[]) => boolean) {
  const statements: string[][] = [];
  let release: (() => void) | undefined;
  let gate = new Promise<void>((r) => (release = r));
  const batcher = createWriteBatcher<string, string>(async (upserts) => {
    statements.push(upserts);
    await gate;
    if (fail?.(upserts)) throw new Error("refusé");
  });
  return {
    statements,
    write: (id: string) => batcher.write({ upserts: [id], destroys: [], keys: [`T ${id}`] }),
    open() {
      release!();
      gate = Promise.resolve();
    },
  };
}

describe("écritures groupées de l'adaptateur OIDC", () => {
  it("les requêtes qui terminent pendant une écriture partent ensemble dans la suivante", async () => {
    const r = recorder();
    const all = ["a", "b", "c", "d"].map((id) => r.write(id));
    r.open();
    await Promise.all(all);
    expect(r.statements).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("deux écritures de la même ligne ne partagent jamais une instruction et gardent leur ordre", async () => {
    const r = recorder();
    const all = [r.write("a"), r.write("b"), r.write("b"), r.write("c")];
    r.open();
    await Promise.all(all);
    expect(r.statements).toEqual([["a"], ["b"], ["b", "c"]]);
  });

  it("une écriture refusée n'échoue que pour sa requête", async () => {
    const r = recorder((upserts) => upserts.includes("mauvaise"));
    const first = r.write("a");
    const others = [r.write("b"), r.write("mauvaise"), r.write("c")];
    r.open();
    await first;
    const results = await Promise.allSettled(others);
    expect(results.map((x) => x.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(r.statements).toEqual([["a"], ["b", "mauvaise", "c"], ["b"], ["mauvaise"], ["c"]]);
  });
});
