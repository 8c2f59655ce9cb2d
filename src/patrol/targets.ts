/**
 * Targets and schedules from a scenario and its zone: each sector's stretch of line is
 * cut into segments of about `patrol.segmentLengthKm`, each protected site joins the
 * sector that guards it, and each sector's teams get their schedules: a run of
 * `routeSegments` consecutive segments, or one site.
 */
import { nearest, TruceInputError } from "../errors/index.js";
import { cumulativeKm, distanceKm, pointAlong, sliceAlong } from "../geo/geodesic.js";
import type { LineString, Position, Zone } from "../geo/types.js";
import type { Scenario } from "../scenario/schema.js";
import { checkGame, maxDisjointSchedules, type PayoffRow, type Pool, type SecurityGame } from "./game.js";
import { payoffFor, SITE_TYPES, type TargetType } from "./payoffs.js";
import { type PatrolConfig, patrolSchema } from "./schema.js";

export interface PatrolTarget {
  /** "S01-03" (third segment of sector S01) or the site's id. */
  id: string;
  kind: "segment" | "site";
  type: TargetType;
  name: string;
  sectorId: string;
  /** Representative point: a segment's midpoint, or the site. */
  lon: number;
  lat: number;
  /** Segments: where the segment starts and ends along the whole line, km. */
  startKm?: number;
  endKm?: number;
  lengthKm?: number;
  /** Sites: distance from the site to its sector's stretch of line, km (approximate). */
  distanceToLineKm?: number;
  /** One-way drive from the nearest observation post of its sector, hours: geodesic km × roadFactor ÷ speedKmh. */
  travelTimeH: number;
  /** Whether a team can reach it within patrol.maxTravelShare of a shift. */
  inReach: boolean;
  geometry: { type: "LineString"; coordinates: Position[] } | { type: "Point"; coordinates: Position };
  payoff: PayoffRow;
  /** Where its payoffs came from, for error messages: "sites[2].payoff" or "patrol.payoffs.segment". */
  field: string;
}

export interface SectorTeams {
  sectorId: string;
  teams: number;
  /** Most teams the sector can use without two on the same ground. */
  maxTeams: number;
  segments: number;
  sites: number;
  lengthKm: number;
}

export interface PatrolGame {
  game: SecurityGame;
  targets: PatrolTarget[];
  sectors: SectorTeams[];
  config: PatrolConfig;
  /** Assumptions made where the scenario was silent, in plain words. */
  assumptions: string[];
}

type LineLike = Zone["sectors"][number]["line"];

function partsOf(line: LineLike): Position[][] {
  return line.type === "LineString" ? [line.coordinates] : (line as { coordinates: Position[][] }).coordinates;
}

/** Approximate distance from a point to a densified polyline, km (nearest vertex, equirectangular). */
function nearestVertexKm(p: Position, parts: Position[][]): number {
  let best = Number.POSITIVE_INFINITY;
  let bestPt: Position | undefined;
  const cosLat = Math.cos((p[1] * Math.PI) / 180);
  for (const coords of parts) {
    for (const c of coords) {
      const dx = (c[0] - p[0]) * cosLat;
      const dy = c[1] - p[1];
      const d = dx * dx + dy * dy;
      if (d < best) {
        best = d;
        bestPt = c;
      }
    }
  }
  return bestPt ? distanceKm(p, bestPt) : Number.POSITIVE_INFINITY;
}

/** The base of a sector: the point halfway along its stretch of line (its longest part). */
function sectorBase(parts: Position[][]): Position {
  let best: Position[] = parts[0] ?? [];
  for (const p of parts)
    if (p.length >= 2 && (best.length < 2 || cumulativeKm(p).at(-1)! > cumulativeKm(best).at(-1)!)) best = p;
  if (best.length < 2) return best[0] ?? [0, 0];
  const cum = cumulativeKm(best);
  return pointAlong(best, cum, cum[cum.length - 1] / 2).point;
}

/** Largest-remainder split of `total` in proportion to `weights`. */
function apportion(total: number, weights: number[]): number[] {
  const wsum = weights.reduce((a, b) => a + b, 0);
  if (wsum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / wsum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]++;
    left--;
  }
  return out;
}

/**
 * Build the patrol game for a scenario. `zone` is `computeZone(scenario)`.
 * @example buildPatrolGame(scenario, computeZone(scenario)).game.targets.length // segments + sites
 */
export function buildPatrolGame(scenario: Scenario, zone: Zone): PatrolGame {
  const config: PatrolConfig = scenario.patrol ?? patrolSchema.parse({});
  const assumptions: string[] = [];
  const typeOverrides = config.payoffs;
  const targets: PatrolTarget[] = [];
  const sectorIds = zone.sectors.map((s) => s.id);
  const sectorParts = zone.sectors.map((s) => partsOf(s.line));

  // Sites: validate and assign to sectors.
  const sites = scenario.sites ?? [];
  const siteSector: string[] = [];
  const seen = new Set<string>();
  sites.forEach((site, i) => {
    const id = site.id ?? `SITE${String(i + 1).padStart(2, "0")}`;
    if (seen.has(id)) {
      throw new TruceInputError({
        path: `sites[${i}].id`,
        problem: `site id "${id}" is used twice.`,
        fix: "Give each site its own id.",
      });
    }
    seen.add(id);
    if (!(SITE_TYPES as readonly string[]).includes(site.type)) {
      const guess = nearest(String(site.type), SITE_TYPES);
      throw new TruceInputError({
        path: `sites[${i}].type`,
        problem: `unknown site type "${site.type}".`,
        fix: guess
          ? `Did you mean "${guess}"? Known types: ${SITE_TYPES.join(", ")}.`
          : `Known types: ${SITE_TYPES.join(", ")}.`,
      });
    }
    if (site.sector !== undefined) {
      if (!sectorIds.includes(site.sector)) {
        const guess = nearest(site.sector, sectorIds);
        throw new TruceInputError({
          path: `sites[${i}].sector`,
          problem: `unknown sector "${site.sector}"; the zone has ${sectorIds[0]}…${sectorIds[sectorIds.length - 1]}.`,
          fix: guess ? `Did you mean "${guess}"?` : "Leave it out to use the nearest sector.",
        });
      }
      siteSector.push(site.sector);
    } else {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      sectorParts.forEach((parts, s) => {
        const d = nearestVertexKm([site.lon, site.lat], parts);
        if (d < bestD) {
          bestD = d;
          best = s;
        }
      });
      siteSector.push(sectorIds[best]);
    }
  });

  const segLen = config.segmentLengthKm;
  const pools: Pool[] = [];
  const sectors: SectorTeams[] = [];
  // Ground: teams set out from their sector's observation posts (or, with none, the middle of its line).
  const shiftH = 24 / config.shiftsPerDay;
  const reachH = config.maxTravelShare * shiftH;
  const bases: Position[][] = zone.sectors.map((sec, s) => {
    const posts = zone.posts.filter((p) => p.sectorId === sec.id).map((p): Position => [p.lon, p.lat]);
    return posts.length > 0 ? posts : [sectorBase(sectorParts[s])];
  });
  const travelH = (s: number, p: Position) => {
    let km = Number.POSITIVE_INFINITY;
    for (const b of bases[s]) km = Math.min(km, distanceKm(b, p));
    return (km * config.roadFactor) / config.speedKmh;
  };
  const outOfReach: string[] = [];
  sites.forEach((site, i) => {
    const s = sectorIds.indexOf(siteSector[i]);
    const h = travelH(s, [site.lon, site.lat]);
    if (h > reachH) {
      const id = site.id ?? `SITE${String(i + 1).padStart(2, "0")}`;
      throw new TruceInputError({
        path: `sites[${i}]`,
        problem: `site ${id} (${site.name}) is ${(h * config.speedKmh).toFixed(0)} road km (${h.toFixed(1)} h at ${config.speedKmh} km/h) from the nearest post of sector ${siteSector[i]}, beyond a shift's reach of ${reachH.toFixed(1)} h (patrol.maxTravelShare ${config.maxTravelShare} of a ${shiftH}-hour shift): it lies outside the force's area.`,
        fix: "Remove it or move it into the zone, give it a nearer sector (sites[i].sector), or raise patrol.maxTravelShare if teams really can drive that far.",
      });
    }
  });
  zone.sectors.forEach((sector, s) => {
    const first = targets.length;
    let along = sector.startKm;
    const segPayoff = payoffFor("segment", typeOverrides);
    for (const coords of sectorParts[s]) {
      if (coords.length < 2) continue;
      const cum = cumulativeKm(coords);
      const partKm = cum[cum.length - 1];
      if (partKm <= 1e-9) continue;
      const count = Math.max(1, Math.round(partKm / segLen));
      for (let k = 0; k < count; k++) {
        const a = (partKm * k) / count;
        const b = (partKm * (k + 1)) / count;
        const mid = pointAlong(coords, cum, (a + b) / 2).point;
        const idx = targets.length - first + 1;
        const h = travelH(s, mid);
        targets.push({
          id: `${sector.id}-${String(idx).padStart(2, "0")}`,
          kind: "segment",
          type: "segment",
          name: `${sector.id} segment ${idx}`,
          sectorId: sector.id,
          lon: mid[0],
          lat: mid[1],
          startKm: along + a,
          endKm: along + b,
          lengthKm: b - a,
          travelTimeH: h,
          inReach: h <= reachH,
          geometry: { type: "LineString", coordinates: sliceAlong(coords, cum, a, b) },
          payoff: segPayoff,
          field: "patrol.payoffs.segment",
        });
      }
      along += partKm;
    }
    const segCount = targets.length - first;
    const route = Math.max(1, Math.min(config.routeSegments, segCount));
    const schedules: number[][] = [];
    const scheduleIds: string[] = [];
    for (let a = 0; a + route <= segCount; a++) {
      const run = Array.from({ length: route }, (_, j) => first + a + j);
      // A team covers a segment only within the shift's reach of its base.
      if (!run.every((t) => targets[t].inReach)) continue;
      schedules.push(run);
      scheduleIds.push(route === 1 ? targets[first + a].id : `${targets[first + a].id}+${route - 1}`);
    }
    for (let t = first; t < targets.length; t++) if (!targets[t].inReach) outOfReach.push(targets[t].id);
    let siteCount = 0;
    sites.forEach((site, i) => {
      if (siteSector[i] !== sector.id) return;
      const id = site.id ?? `SITE${String(i + 1).padStart(2, "0")}`;
      const p: Position = [site.lon, site.lat];
      schedules.push([targets.length]);
      scheduleIds.push(id);
      targets.push({
        id,
        kind: "site",
        type: site.type,
        name: site.name,
        sectorId: sector.id,
        lon: site.lon,
        lat: site.lat,
        distanceToLineKm: nearestVertexKm(p, sectorParts[s]),
        travelTimeH: travelH(s, p),
        inReach: true,
        geometry: { type: "Point", coordinates: p },
        payoff: payoffFor(site.type, typeOverrides, site.payoff),
        field: site.payoff ? `sites[${i}].payoff` : `patrol.payoffs.${site.type}`,
      });
      siteCount++;
    });
    pools.push({ id: sector.id, teams: 0, schedules, scheduleIds });
    sectors.push({
      sectorId: sector.id,
      teams: 0,
      maxTeams: maxDisjointSchedules(schedules),
      segments: segCount,
      sites: siteCount,
      lengthKm: sector.lengthKm,
    });
  });

  assumptions.push(
    `Ground: teams set out from their sector's observation posts; a target is within reach when the drive from the nearest one (geodesic km × ${config.roadFactor} ÷ ${config.speedKmh} km/h) takes at most ${reachH.toFixed(1)} h (${config.maxTravelShare} of a ${shiftH}-hour shift).`,
  );
  if (outOfReach.length > 0)
    assumptions.push(
      `${outOfReach.length} segment${outOfReach.length === 1 ? "" : "s"} beyond a shift's reach of the sector's posts cannot be patrolled (coverage 0): ${outOfReach.slice(0, 8).join(", ")}${outOfReach.length > 8 ? ", ..." : ""}.`,
    );

  // Teams per sector per shift.
  if (config.teams) {
    for (const key of Object.keys(config.teams)) {
      if (!sectorIds.includes(key)) {
        const guess = nearest(key, sectorIds);
        throw new TruceInputError({
          path: `patrol.teams.${key}`,
          problem: `unknown sector "${key}"; the zone has ${sectorIds.join(", ")}.`,
          fix: guess ? `Did you mean "${guess}"?` : "Use the sector ids from `truce zone`.",
        });
      }
    }
  }
  let derived: number[] | undefined;
  if (config.teamsPerSector === undefined) {
    const f = scenario.force;
    const people = (f?.troops ?? 0) + (f?.police ?? 0) + (f?.civilianMonitors ?? 0);
    const missing = sectorIds.filter((id) => config.teams?.[id] === undefined);
    if (missing.length > 0 && people === 0) {
      throw new TruceInputError({
        path: "patrol.teamsPerSector",
        problem: "no patrol teams: the scenario gives neither patrol.teamsPerSector nor a force to derive them from.",
        fix: "Add `patrol: { teamsPerSector: 4 }` (teams per sector per shift), or a `force:` section.",
      });
    }
    const total = Math.floor((people * config.patrolShare) / config.teamSize / config.shiftsPerDay);
    derived = apportion(
      total,
      zone.sectors.map((s) => s.lengthKm),
    );
    if (missing.length > 0) {
      assumptions.push(
        `Teams per shift derived from the force: ${config.patrolShare} × ${people.toLocaleString("en-US")} people / ${config.teamSize} per team / ${config.shiftsPerDay} shifts = ${total} teams, split by sector length.`,
      );
    }
  }
  pools.forEach((pool, s) => {
    const id = pool.id;
    const given = config.teams?.[id] ?? config.teamsPerSector;
    let teams: number;
    if (given !== undefined) {
      teams = given;
      if (teams > sectors[s].maxTeams) {
        const field = config.teams?.[id] !== undefined ? `patrol.teams.${id}` : "patrol.teamsPerSector";
        throw new TruceInputError({
          path: field,
          problem: `sector ${id} has ${teams} teams per shift but only ${sectors[s].maxTeams} non-overlapping schedules (${sectors[s].segments} segments in routes of ${Math.min(config.routeSegments, sectors[s].segments)}, ${sectors[s].sites} sites); more teams than schedules would patrol the same ground twice.`,
          fix: `Use at most ${sectors[s].maxTeams} teams there, shorten patrol.segmentLengthKm or patrol.routeSegments, or add sites.`,
        });
      }
    } else {
      teams = derived?.[s] ?? 0;
      if (teams > sectors[s].maxTeams) {
        assumptions.push(
          `${id}: ${teams} derived teams capped at ${sectors[s].maxTeams}, the most that fit without two on the same ground (saturated: every segment and site covered every shift).`,
        );
        teams = sectors[s].maxTeams;
      }
    }
    pool.teams = teams;
    sectors[s].teams = teams;
  });

  const game: SecurityGame = {
    targets: targets.map((t) => t.id),
    defenderCovered: Float64Array.from(targets, (t) => t.payoff.defenderCovered),
    defenderUncovered: Float64Array.from(targets, (t) => t.payoff.defenderUncovered),
    attackerCovered: Float64Array.from(targets, (t) => t.payoff.attackerCovered),
    attackerUncovered: Float64Array.from(targets, (t) => t.payoff.attackerUncovered),
    pools,
  };
  checkGame(game, (i) => targets[i].field);
  return { game, targets, sectors, config, assumptions };
}

/** The geometry of a schedule: the joined line of a route, or a site's point. */
export function scheduleGeometry(
  targets: PatrolTarget[],
  schedule: number[],
): { type: "LineString"; coordinates: Position[] } | { type: "Point"; coordinates: Position } {
  if (schedule.length === 1) return targets[schedule[0]].geometry;
  const coords: Position[] = [];
  for (const t of schedule) {
    const g = targets[t].geometry as LineString;
    for (const c of g.coordinates) {
      const last = coords[coords.length - 1];
      if (!last || last[0] !== c[0] || last[1] !== c[1]) coords.push(c);
    }
  }
  return { type: "LineString", coordinates: coords };
}
