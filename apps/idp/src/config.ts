// Configuration from environment variables, with safe defaults for the embedded mode.
// An invalid value stops the start with a message naming the variable.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const url = (name: string) =>
  z.string().refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === "http:" || u.protocol === "https:";
    } catch {
      return false;
    }
  }, `${name} doit être une URL http(s) complète, par exemple https://auth.cig929394.fr`);

const schema = z.object({
  PORT: z.coerce
    .number({ message: "PORT doit être un nombre" })
    .int("PORT doit être un entier")
    .min(0, "PORT doit être compris entre 0 et 65535")
    .max(65535, "PORT doit être compris entre 0 et 65535")
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_URL: url("PUBLIC_URL").optional(),
  DATA_DIR: z.string().min(1, "DATA_DIR ne peut pas être vide").default("./data"),
  DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "DATABASE_URL doit commencer par postgres:// ou postgresql://")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** 32 bytes in base64 or hex; encrypts signing keys and client secrets at rest. */
  SECRET_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, "SECRET_KEY doit faire 32 octets, en base64 (44 caractères) ou en hexadécimal (64 caractères)")
    .optional(),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\//.test(v), "SMTP_URL doit commencer par smtp:// ou smtps://")
    .optional(),
  MAIL_FROM: z.string().email("MAIL_FROM doit être une adresse e-mail").default("ne-pas-repondre@cig929394.fr"),
  /** Mail outbox worker: poll interval, retry back-off (doubling from BASE up to MAX), attempts before FAILED. */
  MAIL_POLL_MS: z.coerce.number().int().min(10, "MAIL_POLL_MS doit valoir au moins 10").default(1000),
  MAIL_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  MAIL_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
  MAIL_LEASE_MS: z.coerce.number().int().min(3_000, "MAIL_LEASE_MS doit valoir au moins 3000").default(60_000),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1, "MAIL_MAX_ATTEMPTS doit valoir au moins 1").default(20),
  ORGANISATION_NAME: z.string().min(1).default("CIG Petite Couronne"),
  PORTAL_URL: url("PORTAL_URL").optional(),
  /** Where the demo relying party (standing for BIP) runs; used by the seed for its redirect URIs. */
  DEMO_RP_URL: url("DEMO_RP_URL").default("http://localhost:3001"),
  /** What an empty directory is given at start: see seedScope (db/seed.ts). */
  SEED: z.enum(["auto", "demo", "initial", "never"], { message: "SEED vaut auto, demo, initial ou never" }).default("auto"),
  /** Trust X-Forwarded-For/-Proto: only behind a reverse proxy that sets them (else the per-IP throttle could be dodged). */
  TRUST_PROXY: z
    .enum(["true", "false"], { message: "TRUST_PROXY vaut true ou false" })
    .default("false")
    .transform((v) => v === "true"),
  /** Algorithm of the ID tokens (and logout tokens): ES256 (fast), or RS256 for relying parties that only know RS256. */
  ID_TOKEN_SIGNING_ALG: z.enum(["ES256", "RS256"], { message: "ID_TOKEN_SIGNING_ALG vaut ES256 ou RS256" }).default("ES256"),
  LOG_LEVEL: z
    .enum(["debug", "info", "warn", "error", "silent"], { message: "LOG_LEVEL vaut debug, info, warn, error ou silent" })
    .default("info"),
  NODE_ENV: z.string().default("development"),
});

export type Config = Omit<z.infer<typeof schema>, "PUBLIC_URL" | "PORTAL_URL" | "DATA_DIR"> & {
  PUBLIC_URL: string;
  PORTAL_URL: string;
  DATA_DIR: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super("Configuration invalide :\n" + problems.map((p) => `  - ${p.variable} : ${p.message}`).join("\n"));
    this.name = "ConfigError";
  }
}

export function decodeKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  const b = Buffer.from(v, "base64");
  return b.length === 32 ? b : null;
}

/** Reads the configuration; empty strings count as unset. Throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== "") raw[key] = v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? "?"), message: i.message })));
  }
  const c = parsed.data;
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT || 3000}`).replace(/\/+$/, "");
  return {
    ...c,
    PUBLIC_URL: publicUrl,
    PORTAL_URL: (c.PORTAL_URL ?? publicUrl).replace(/\/+$/, ""),
    DATA_DIR: path.resolve(c.DATA_DIR),
  };
}

// The server's public address, remembered in DATA_DIR at start: a command run later on the same
// machine (pnpm admin:link) prints links on the address the server actually answers, even when
// PORT/PUBLIC_URL were given to the start command only.
const REMEMBERED = "server.json";

export function rememberPublicUrl(config: Config): void {
  try {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    fs.writeFileSync(
      path.join(config.DATA_DIR, REMEMBERED),
      JSON.stringify({ PUBLIC_URL: config.PUBLIC_URL, PORTAL_URL: config.PORTAL_URL }) + "\n",
    );
  } catch {
    // A read-only DATA_DIR: commands then need PUBLIC_URL themselves, as before.
  }
}

/** `config` with the remembered addresses where the environment sets neither PUBLIC_URL nor PORT. */
export function withRememberedPublicUrl(config: Config, env: NodeJS.ProcessEnv = process.env): Config {
  if (env.PUBLIC_URL || env.PORT) return config;
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(config.DATA_DIR, REMEMBERED), "utf8")) as {
      PUBLIC_URL?: string;
      PORTAL_URL?: string;
    };
    const parsed = loadConfig({ ...env, PUBLIC_URL: saved.PUBLIC_URL, PORTAL_URL: env.PORTAL_URL || saved.PORTAL_URL });
    return { ...config, PUBLIC_URL: parsed.PUBLIC_URL, PORTAL_URL: parsed.PORTAL_URL };
  } catch {
    return config;
  }
}
