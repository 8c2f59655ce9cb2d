/**
 * The plan as the web app and the report show it: the pipeline's stage results
 * (src/plan/types.ts) plus the map features the renderer adds.
 */
import type {
  GenerationView,
  PatrolView,
  PlanLinks,
  ScenarioSummary,
  SizingView,
  Stage,
  WhatIf,
  ZoneSummary,
} from "../plan/types.js";
import type { MapFeatureCollection } from "./features.js";

export * from "../plan/types.js";

export interface PlanView {
  scenario: ScenarioSummary;
  zone: Stage<ZoneSummary>;
  map: MapFeatureCollection;
  sizing: Stage<SizingView>;
  generation: Stage<GenerationView>;
  patrol: Stage<PatrolView>;
  /** How the stages fed each other (which troops, from where; what patrols and simulation read). */
  links: PlanLinks;
  whatIf: WhatIf;
}
