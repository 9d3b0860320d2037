import "./polyfills.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { PlazaError } from "./errors.ts";
import { configureLogging, logger } from "./logging.ts";
import { runPlaza } from "./server.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  await configureLogging(config.logLevel);
  const running = await runPlaza(config);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("{signal} received: stopping.", { signal });
    await running.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PlazaError) {
    console.error(error.message);
  } else {
    console.error("Plaza could not start:", error);
  }
  process.exit(1);
});
