/** Readable names for the simulation's KPIs (unknown names are shown as they come). */
export const KPI_LABELS: Record<string, string> = {
  metInTimeShare: "Incidents met in time (share)",
  shareMetInTime: "Incidents met in time (share)",
  responseTimeMeanMin: "Mean response time (min)",
  responseTimeP90Min: "Response time, 90th percentile (min)",
  escalations: "Escalations",
  casualties: "Casualties (expected)",
  peacekeepersInjured: "Peacekeepers injured",
  peakUnanswered: "Peak simultaneous unanswered incidents",
  breakdownProbability: "P(ceasefire breakdown)",
  incidents: "Incidents",
};

export const kpiLabel = (k: string): string =>
  KPI_LABELS[k] ?? k.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
