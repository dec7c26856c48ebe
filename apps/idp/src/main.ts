import { ConfigError, loadConfig, rememberPublicUrl } from "./config.js";
import { startServer } from "./server.js";

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(e.message + "\n");
    process.exit(2);
  }
  throw e;
}

const running = await startServer(config).catch((e: Error) => {
  process.stderr.write(`Démarrage impossible : ${e.message}\n`);
  process.exit(1);
});
rememberPublicUrl(config);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    running.logger.info("arrêt demandé", { signal });
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
