/**
 * The what-if translation: the one WhatIf type (veto on/off, backstops present or
 * absent) into force-generation options. The web, the API, the report and the CLI
 * say what they want as a WhatIf; only this file knows what it means to generation.
 */
import type { Scenario } from "../scenario/schema.js";
import type { WhatIf } from "./types.js";

export type { WhatIf } from "./types.js";

export const DEFAULT_WHAT_IF: WhatIf = { veto: true };

/** Options for generation from the what-if toggles. */
export function whatIfOptions(
  scenario: Scenario,
  w: WhatIf,
): { liftVetoes: string[]; backstops: Record<string, boolean> } {
  const parties = Object.keys(scenario.consent ?? {});
  const backstops: Record<string, boolean> = {};
  if (w.backstop !== undefined) for (const b of scenario.backstops ?? []) backstops[b.id] = w.backstop;
  // veto off lifts every party's vetoes; their consent is kept (peacekeeping, not enforcement).
  return { liftVetoes: w.veto ? [] : parties, backstops };
}

/**
 * A cache key: two what-ifs with the same key give the same plan. The key is the conditions
 * generation sees (vetoes lifted, each backstop present or not), so "as stated" and a toggle
 * that restates the scenario (backstops absent when the scenario says absent; vetoes lifted
 * where no party has any) share one solve.
 */
export function whatIfKey(scenario: Scenario, w: WhatIf): string {
  const { liftVetoes, backstops } = whatIfOptions(scenario, w);
  const present = (scenario.backstops ?? []).map((b) => [b.id, backstops[b.id] ?? b.present]);
  const vetoing = Object.entries(scenario.consent ?? {}).filter(([, c]) => (c.vetoes ?? []).length > 0);
  const lifted = liftVetoes.filter((p) => vetoing.some(([party]) => party === p));
  return JSON.stringify([lifted, present]);
}

/** The what-if combinations the report tabulates for a scenario, with their labels. */
export function whatIfMatrix(scenario: Scenario): Array<[string, WhatIf]> {
  const hasBackstops = (scenario.backstops ?? []).length > 0;
  const hasVetoes = Object.keys(scenario.consent ?? {}).length > 0;
  const combos: Array<[string, WhatIf]> = [["As stated in the scenario", { veto: true }]];
  if (hasVetoes) combos.push(["Without the parties' vetoes", { veto: false }]);
  if (hasBackstops) {
    combos.push(
      ["Backstops present", { veto: true, backstop: true }],
      ["Backstops absent", { veto: true, backstop: false }],
    );
    if (hasVetoes) combos.push(["No vetoes, backstops present", { veto: false, backstop: true }]);
  }
  return combos;
}
