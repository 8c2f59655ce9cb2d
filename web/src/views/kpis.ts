/** Readable names for the simulation's KPIs, from the simulator's own table (src/sim/kpis.ts). */
import { KPI_INFO, type KpiInfo } from "../../../src/sim/kpis";

const INFO: Record<string, KpiInfo | undefined> = KPI_INFO;

/** "Label (unit)" for a KPI name; unknown names are split from camelCase. Counts carry no unit. */
export const kpiLabel = (k: string): string => {
  const info = INFO[k];
  if (!info) return k.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
  return info.unit && info.unit !== "count" ? `${info.label} (${info.unit})` : info.label;
};
