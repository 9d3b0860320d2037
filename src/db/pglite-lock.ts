import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PlazaError } from "../errors.ts";

/**
 * PGlite is one process's database: two processes opening the same folder would corrupt it.
 * A lock file holding the owner's pid turns that into a clear error.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, "plaza.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: "wx" });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await readFile(file, "utf8").catch(() => ""));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new PlazaError(
          "conflict",
          `The embedded database in ${dataDir} is in use by another Plaza process (pid ${owner}). Stop that process first, or set DATABASE_URL to share a PostgreSQL server between processes.`,
        );
      }
      await rm(file, { force: true }); // left behind by a process that is gone
    }
  }
  throw new PlazaError("conflict", `Could not lock the embedded database in ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
