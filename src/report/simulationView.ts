/** Simulation and sweep results as the plain views that the report, the planning API and the web app show. */
import { KPI_INFO, type SimResult, type SweepResult } from "../sim/index.js";
import type { SimulationView } from "./types.js";

export function simResultView(r: SimResult): SimulationView {
  return {
    replications: r.replications,
    seed: r.seed,
    days: r.days,
    troops: r.troops,
    events: r.events,
    eventsPerSecond: r.eventsPerSecond,
    wallSeconds: r.wallSeconds,
    kpis: r.kpis,
    kpiInfo: KPI_INFO,
  };
}

export function sweepView(r: SweepResult): SimulationView {
  return {
    replications: r.replications,
    seed: r.seed,
    days: r.days,
    events: r.events,
    eventsPerSecond: r.eventsPerSecond,
    wallSeconds: r.wallSeconds,
    kpis: r.points[0]?.kpis ?? {},
    kpiInfo: KPI_INFO,
    sweep: r.points.map((p) => ({ troops: p.troops, kpis: p.kpis })),
  };
}
