import { Temporal as TemporalPolyfill } from "@js-temporal/polyfill";

// Fedify's types name the global `Temporal` (TypeScript's esnext.temporal lib) while Node.js 22 has
// none at run time; Fedify itself uses this polyfill. Installing that same polyfill as the global
// lets our code use `Temporal` with the types Fedify expects, without casts.
if (!("Temporal" in globalThis)) {
  Object.defineProperty(globalThis, "Temporal", { value: TemporalPolyfill, configurable: true, writable: true });
}
