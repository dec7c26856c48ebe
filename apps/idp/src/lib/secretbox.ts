// AES-256-GCM for secrets at rest (signing keys, client secrets, cookie keys).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { decodeKey } from "../config.js";

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("La clé de chiffrement doit faire 32 octets");
  return {
    seal(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split(".");
      if (v !== "v1" || !iv || !tag || body === undefined) throw new Error("Secret chiffré illisible");
      const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    },
  };
}

/**
 * SECRET_KEY when set (required when several instances share a database); otherwise a key kept in
 * DATA_DIR/secret.key, created on first start with mode 0600.
 */
export function loadSecretKey(config: { SECRET_KEY?: string; DATA_DIR: string }): { key: Buffer; source: "env" | "file" } {
  if (config.SECRET_KEY) return { key: decodeKey(config.SECRET_KEY)!, source: "env" };
  const file = path.join(config.DATA_DIR, "secret.key");
  fs.mkdirSync(config.DATA_DIR, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64") + "\n", { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  const key = decodeKey(fs.readFileSync(file, "utf8"));
  if (!key) throw new Error(`${file} ne contient pas une clé de 32 octets`);
  return { key, source: "file" };
}
