// Password hashing: argon2id at the OWASP parameters (m = 19 MiB, t = 2, p = 1). A stored hash with
// other parameters verifies as usual and is flagged for a rehash at the next successful login.
import { hash, verify, type Algorithm } from "@node-rs/argon2";

// `Algorithm` is an ambient const enum (no runtime object): 2 is Argon2id.
export const ARGON2_PARAMS = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** true when the stored hash was made with other parameters than ARGON2_PARAMS. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return (
    !m || Number(m[1]) !== ARGON2_PARAMS.memoryCost || Number(m[2]) !== ARGON2_PARAMS.timeCost || Number(m[3]) !== ARGON2_PARAMS.parallelism
  );
}

/** A hash of nothing, verified against when the account does not exist, so both cases cost the same. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("convergences-compte-inexistant");
  return dummy;
}
