/**
 * The one set of operational assumptions that force sizing and the operations
 * simulator both read: how many incidents a day need a unit on site, how long a
 * unit is busy with one, what share of the force stands in quick-reaction units,
 * and the response-time target. Sizing used to assume its own incident rate
 * (~20 a day for the GCSP line) while the simulator generated ~125; both now
 * take these figures.
 *
 * A leaf below the stages: plain numbers in, plain numbers out; it imports no stage
 * (sizing and sim import it, never the other way round).
 */

/** One incident process as the simulator states it (simulation.incidents.<type>), the fields used here. */
export interface IncidentProcess {
  /** Base rate per sector per day: one number, or per sector id. */
  ratePerSectorDay: number | Record<string, number>;
  /** Hawkes branching ratio: the stationary rate is base / (1 − branching). */
  branchingRatio: number;
  /** Share of these incidents that need a unit on site. */
  responseShare: number;
  /** Mean time on scene, minutes. */
  onSceneMin: number;
  /** Time within which responders must be on scene, minutes. */
  goldenTimeMin: number;
}

export interface OperationsInput {
  /** The simulator's incident processes (defaults applied). */
  incidents: Record<string, IncidentProcess>;
  /** Sectors of the zone (a number rate applies to each). */
  sectors: number;
  /** simulation.response.qrfShare: share of troops in quick-reaction units. */
  qrfShare: number;
  /** simulation.response.restMin: rest after each task, minutes. */
  restMin: number;
  /** mandate.responseTimeTargetMin, when the scenario states it. */
  responseTimeTargetMin?: number;
  /** mandate.incidentsPerDay, when the scenario states it (sizing's own input; compared, not used). */
  statedIncidentsPerDay?: number;
}

export interface OperationalAssumptions {
  /** Incidents a day along the whole line that need a unit on site (stationary Hawkes rate × response share). */
  incidentsNeedingUnitPerDay: number;
  /** Hours a unit is busy per incident (mean time on scene plus rest, weighted by incidents needing a unit). */
  serviceTimeH: number;
  /** Share of the troops in quick-reaction units. */
  qrfShare: number;
  /** Target time for a unit to reach an incident, minutes. */
  responseTimeTargetMin: number;
  /** Where each figure came from, in words. */
  basis: Record<"incidentsNeedingUnitPerDay" | "serviceTimeH" | "qrfShare" | "responseTimeTargetMin", string>;
  /** Where the scenario states something that disagrees, in plain sentences. */
  notes: string[];
}

const rateSum = (r: number | Record<string, number>, sectors: number) =>
  typeof r === "number" ? r * sectors : Object.values(r).reduce((a, b) => a + b, 0);

/**
 * The shared assumptions from the simulator's incident processes and the mandate.
 *
 * @example operationalAssumptions({ incidents: { cv: { ratePerSectorDay: 20, branchingRatio: 0.5, responseShare: 0.25,
 *   onSceneMin: 60, goldenTimeMin: 60 } }, sectors: 12, qrfShare: 0.15, restMin: 30 }).incidentsNeedingUnitPerDay // 120
 */
export function operationalAssumptions(input: OperationsInput): OperationalAssumptions {
  let needing = 0;
  let busyH = 0;
  let goldenMin = 0;
  for (const p of Object.values(input.incidents)) {
    const perDay = (rateSum(p.ratePerSectorDay, input.sectors) / (1 - p.branchingRatio)) * p.responseShare;
    needing += perDay;
    busyH += perDay * (p.onSceneMin + input.restMin) * (1 / 60);
    goldenMin += perDay * p.goldenTimeMin;
  }
  const serviceTimeH = needing > 0 ? busyH / needing : input.restMin / 60;
  const weightedGolden = needing > 0 ? goldenMin / needing : 60;
  const notes: string[] = [];
  const stated = input.statedIncidentsPerDay;
  if (stated !== undefined && Math.abs(stated - needing) > 0.1 * Math.max(stated, needing)) {
    notes.push(
      `mandate.incidentsPerDay states ${fmt(stated)} incidents a day, but the simulator's incident processes give ${fmt(needing)} a day that need a unit; sizing and the simulation use ${fmt(needing)}. Align simulation.incidents with the mandate, or drop mandate.incidentsPerDay.`,
    );
  }
  return {
    incidentsNeedingUnitPerDay: needing,
    serviceTimeH,
    qrfShare: input.qrfShare,
    responseTimeTargetMin: input.responseTimeTargetMin ?? weightedGolden,
    basis: {
      incidentsNeedingUnitPerDay:
        "simulation.incidents: Σ over types of ratePerSectorDay × sectors / (1 − branchingRatio) × responseShare",
      serviceTimeH:
        "simulation.incidents onSceneMin + simulation.response.restMin, weighted by incidents needing a unit",
      qrfShare: "simulation.response.qrfShare",
      responseTimeTargetMin:
        input.responseTimeTargetMin !== undefined
          ? "mandate.responseTimeTargetMin"
          : "simulation.incidents goldenTimeMin, weighted by incidents needing a unit",
    },
    notes,
  };
}

function fmt(x: number): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: 1 });
}
