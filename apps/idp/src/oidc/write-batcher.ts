// Group commit of the requests' OidcPayload writes: while one statement is on its way to the
// database, the writes of the requests that finish meanwhile gather, and leave together in the next
// statement. Under load, N concurrent token calls cost one round trip instead of N; alone, a request
// waits for nothing but its own statement. Each request still gets its answer only once its writes
// are stored. Writes touching the same row never share a statement (they keep their order); when a
// shared statement fails, each request's writes are retried alone, so one bad write fails only its
// own request.

export interface WriteSet<U, D> {
  upserts: U[];
  destroys: D[];
  /** The rows touched ("type id"). */
  keys: string[];
}

interface Waiter<U, D> {
  set: WriteSet<U, D>;
  resolve(): void;
  reject(e: unknown): void;
}

interface Batch<U, D> {
  keys: Set<string>;
  waiters: Waiter<U, D>[];
}

export function createWriteBatcher<U, D>(run: (upserts: U[], destroys: D[]) => Promise<void>) {
  const queue: Batch<U, D>[] = [];
  let busy = false;

  const runAlone = async (w: Waiter<U, D>) => {
    try {
      await run(w.set.upserts, w.set.destroys);
      w.resolve();
    } catch (e) {
      w.reject(e);
    }
  };

  async function drain() {
    busy = true;
    try {
      for (let batch = queue.shift(); batch; batch = queue.shift()) {
        const { waiters } = batch;
        if (waiters.length === 1) {
          await runAlone(waiters[0]!);
          continue;
        }
        try {
          await run(
            waiters.flatMap((w) => w.set.upserts),
            waiters.flatMap((w) => w.set.destroys),
          );
          for (const w of waiters) w.resolve();
        } catch {
          for (const w of waiters) await runAlone(w);
        }
      }
    } finally {
      busy = false;
    }
  }

  return {
    write(set: WriteSet<U, D>): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        let batch = queue.at(-1);
        if (!batch || set.keys.some((k) => batch!.keys.has(k))) queue.push((batch = { keys: new Set(), waiters: [] }));
        for (const k of set.keys) batch.keys.add(k);
        batch.waiters.push({ set, resolve, reject });
        if (!busy) void drain();
      });
    },
  };
}
