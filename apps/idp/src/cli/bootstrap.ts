// What every command-line tool needs: the configuration, the database (migrated) and the secret box.
// With the embedded database, stop the server first: PGlite opens its data directory in one process.
import { ConfigError, loadConfig, withRememberedPublicUrl, type Config } from "../config.js";
import { openDatabase, type Database } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import { createSecretBox, loadSecretKey, type SecretBox } from "../lib/secretbox.js";

export async function bootstrap(): Promise<{ config: Config; db: Database; box: SecretBox }> {
  let config: Config;
  try {
    config = withRememberedPublicUrl(loadConfig());
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + "\n");
      process.exit(2);
    }
    throw e;
  }
  const db = await openDatabase(config);
  await migrate(db.pool);
  return { config, db, box: createSecretBox(loadSecretKey(config).key) };
}

export function argValue(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
}
