import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, getLogger } from "@logtape/logtape";

/** Plaza's own log messages; Fedify logs under the "fedify" category through the same sinks. */
export const logger = getLogger(["plaza"]);

export async function configureLogging(level: "debug" | "info" | "warning" | "error"): Promise<void> {
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: getConsoleSink() },
    loggers: [
      { category: ["plaza"], lowestLevel: level, sinks: ["console"] },
      { category: ["fedify"], lowestLevel: level === "debug" ? "info" : "warning", sinks: ["console"] },
      // Fedify logs every request it passes on to the web pages as a 404 warning: noise for us.
      { category: ["fedify", "federation", "http"], lowestLevel: level === "debug" ? "info" : "error", sinks: ["console"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
  });
}
