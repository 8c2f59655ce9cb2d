/** Where the bundled data and the built web app live, found from this module's location (works from src/ and dist/). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The repository root: the nearest folder above this module holding Truce's package.json. */
export function repoRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "truce") {
          root = dir;
          return dir;
        }
      } catch {
        // not ours; keep walking up
      }
    }
    dir = dirname(dir);
  }
  throw new Error("cannot find the Truce repository root from the server module");
}

export const bundledScenariosDir = (): string => join(repoRoot(), "data", "scenarios");
export const missionsCsvPath = (): string => join(repoRoot(), "data", "missions.csv");
export const webDistDir = (): string => join(repoRoot(), "web", "dist");
