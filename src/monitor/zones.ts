/** Load the zones of scenario files, for deriving sector and side of incidents. */
import { readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { computeZone } from "../geo/zone.js";
import { loadScenarioFile } from "../scenario/load.js";
import type { MissionZone } from "./place.js";

/** Zone of one scenario file; its id is the file name without extension ("ukraine-gcsp"). */
export function loadMissionZone(file: string): MissionZone {
  const scenario = loadScenarioFile(file);
  const zone = computeZone(scenario);
  const parties: { left?: string; right?: string } = {};
  for (const p of scenario.parties) parties[p.side] = p.id;
  return { id: basename(file).replace(/\.(ya?ml|json)$/i, ""), zone, parties };
}

/** Zones of every scenario in a folder, sorted by id. Files that fail to load are reported, not fatal. */
export function loadMissionZones(dir: string, onError: (file: string, e: unknown) => void = () => {}): MissionZone[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => !f.startsWith(".") && /\.(ya?ml|json)$/i.test(f))
      .sort();
  } catch {
    return [];
  }
  const out: MissionZone[] = [];
  for (const f of files) {
    try {
      out.push(loadMissionZone(join(dir, f)));
    } catch (e) {
      onError(join(dir, f), e);
    }
  }
  return out;
}
