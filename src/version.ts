import { readFileSync } from "node:fs";

/** Plaza's version, from package.json. */
export const plazaVersion: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
