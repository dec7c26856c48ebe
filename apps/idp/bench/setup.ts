// What the benchmarks that drive the server over HTTP share (bench:oidc, bench:load): the accounts and
// clients they use, the production build started as `pnpm start` starts it, and the readings of its
// process (CPU time, memory) from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "../src/db/database.js";
import { userId } from "../src/db/seed.js";
import { DEMO_BIP_SECRET } from "../src/db/seed-data.js";
import { hashPassword } from "../src/auth/password.js";
import type { SecretBox } from "../src/lib/secretbox.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Seeded agents with a BIP role who sign in with a password only (référents use a second factor). */
export const AGENTS = ["julien.petit@lhaylesroses.fr", "lea.moreau@nanterre.fr", "karim.benali@vitry.fr", "marc.lefebvre@montreuil.fr"];

/** The back-office client of the benchmarks: client credentials for the admin API (scope aia:admin). */
export const BACKOFFICE_CLIENT = "bench-backoffice";

/**
 * Gives the agents `password`, BIP the demo secret (off the embedded default the seed makes it random)
 * and a back-office client a fresh secret; returns that secret.
 */
export async function prepareAccounts(db: Database, box: SecretBox, password: string): Promise<{ backofficeSecret: string }> {
  const hash = await hashPassword(password);
  for (const email of AGENTS) await db.prisma.user.update({ where: { id: userId(email) }, data: { passwordHash: hash } });
  await db.prisma.application.update({ where: { clientId: "bip" }, data: { clientSecretEncrypted: box.seal(DEMO_BIP_SECRET) } });
  const backofficeSecret = crypto.randomBytes(24).toString("base64url");
  await db.prisma.application.upsert({
    where: { clientId: BACKOFFICE_CLIENT },
    update: { clientSecretEncrypted: box.seal(backofficeSecret) },
    create: {
      code: BACKOFFICE_CLIENT,
      name: "Banc d'essai",
      clientId: BACKOFFICE_CLIENT,
      clientSecretEncrypted: box.seal(backofficeSecret),
      grantTypes: ["client_credentials"],
      scopes: ["aia:admin"],
      redirectUris: [],
      postLogoutRedirectUris: [],
      tileLabel: "Banc d'essai",
      enabled: true,
    },
  });
  return { backofficeSecret };
}

/** The production server's node options (scripts/node-options.mjs), or BENCH_NODE_ARGS ("none": none). */
export async function serverNodeArgs(): Promise<string[]> {
  const env = process.env.BENCH_NODE_ARGS;
  if (env === "none") return [];
  if (env !== undefined) return env.split(" ").filter(Boolean);
  return ((await import(path.join(ROOT, "scripts/node-options.mjs"))) as { SERVER_NODE_OPTIONS: string[] }).SERVER_NODE_OPTIONS;
}

/**
 * The server from its production build (built first when stale), run by plain node as `pnpm start`
 * and the image run it; its stdout (one JSON log line per request) discarded.
 */
export async function spawnBuiltServer(env: Record<string, string>, nodeArgs: string[]): Promise<ChildProcess> {
  const { build } = await import(path.join(ROOT, "scripts/build.mjs"));
  await build({ ifStale: true });
  const args = [...nodeArgs, "--import", path.join(ROOT, "apps/idp/dist/lib-runtime-notice.js"), path.join(ROOT, "apps/idp/dist/main.js")];
  return spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] });
}

/** Waits until `url` answers 200 (the server's /readyz), or fails when the server stops. */
export async function waitReady(url: string, child: ChildProcess, tries = 1200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (child.exitCode !== null) throw new Error("le serveur s'est arrêté au démarrage");
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("le serveur ne répond pas");
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** CPU seconds used so far by a process, all its threads (utime + stime, clock ticks of 10 ms). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of each kind of thread of the process (main thread, libuv pool: argon2 and crypto, V8 helpers…). */
export function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name =
        tid === String(pid)
          ? "main"
          : stat
              .slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))
              .replace(/[0-9]+$/, "")
              .trim();
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(name, (out.get(name) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {} // a thread that ended meanwhile
  }
  return out;
}

/** Resident memory now and its peak (VmHWM), in MB. */
export function memory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: mb("VmRSS"), peak: mb("VmHWM") };
}
