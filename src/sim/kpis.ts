/** KPI names, units and meaning: the vocabulary of `truce simulate` output. */
import type { KPI } from "./collector.js";

export interface KpiInfo {
  label: string;
  unit: string;
  /** 0/1 per replication: the mean is a probability and its CI is Wilson's. */
  binary?: boolean;
}

export const KPI_INFO: Record<keyof typeof KPI, KpiInfo> = {
  incidents: { label: "Incidents", unit: "count" },
  ceasefireViolations: { label: "Ceasefire violations", unit: "count" },
  riots: { label: "Protests / riots", unit: "count" },
  armedClashes: { label: "Armed clashes with peacekeepers", unit: "count" },
  incursions: { label: "Incursions", unit: "count" },
  detectedShare: { label: "Share detected", unit: "share" },
  answeredShare: { label: "Share answered (of those needing a unit)", unit: "share" },
  metInTimeShare: { label: "Share met within golden time (of those needing a unit)", unit: "share" },
  responseTimeMeanMin: { label: "Response time, mean (start to first arrival)", unit: "min" },
  responseTimeMedianMin: { label: "Response time, median", unit: "min" },
  responseTimeP90Min: { label: "Response time, 90th percentile", unit: "min" },
  waitMeanMin: { label: "Wait for a free unit, mean", unit: "min" },
  waitedShare: { label: "Share that waited for a free unit", unit: "share" },
  escalations: { label: "Escalations", unit: "count" },
  deathsCivilian: { label: "Deaths, civilians", unit: "count" },
  injuredCivilian: { label: "Injured, civilians", unit: "count" },
  deathsParty: { label: "Deaths, parties' forces", unit: "count" },
  injuredParty: { label: "Injured, parties' forces", unit: "count" },
  peacekeepersInjured: { label: "Peacekeepers (troops) injured", unit: "count" },
  deathsTotal: { label: "Deaths, all", unit: "count" },
  injuredTotal: { label: "Injured, all (peacekeepers and police included)", unit: "count" },
  peakUnanswered: { label: "Peak simultaneous unanswered incidents (needing a unit)", unit: "count" },
  largestCascade: { label: "Largest cascade", unit: "incidents" },
  breakdown: { label: "Ceasefire breakdown (P)", unit: "probability", binary: true },
  forcePresence: { label: "Force used: presence", unit: "count" },
  forceVerbal: { label: "Force used: verbal warning", unit: "count" },
  forceShowOfForce: { label: "Force used: show of force", unit: "count" },
  forceNonLethal: { label: "Force used: non-lethal", unit: "count" },
  forceWarningShot: { label: "Force used: warning shot", unit: "count" },
  forceLethal: { label: "Force used: lethal", unit: "count" },
  policeInjured: { label: "Police injured", unit: "count" },
};
