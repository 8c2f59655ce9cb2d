/**
 * Incident vocabulary: an ACLED-like event taxonomy, OSCE-style violation detail,
 * source types and the NATO Admiralty grading (STANAG 2511 / AJP-2.1).
 *
 * ACLED event types and sub-event types follow the ACLED Codebook (2023 edition);
 * keeping them verbatim lets analysts move data between Truce and ACLED exports.
 */

/** ACLED event types, each with its sub-event types, verbatim from the ACLED Codebook. */
export const ACLED_TAXONOMY = {
  Battles: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": [
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
  ],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  Protests: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Strategic developments": [
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
  ],
} as const satisfies Record<string, readonly string[]>;

export type EventType = keyof typeof ACLED_TAXONOMY;
export const EVENT_TYPES = Object.keys(ACLED_TAXONOMY) as EventType[];
export const SUB_EVENT_TYPES: readonly string[] = EVENT_TYPES.flatMap((t) => ACLED_TAXONOMY[t]);

/** Violation kinds a ceasefire-monitoring mission records (OSCE SMM practice). */
export const VIOLATION_KINDS = [
  "fire", // explosions, bursts and shots across or along the line
  "weapon_in_withdrawal_zone", // a weapon seen inside its withdrawal line
  "freedom_of_movement_denial", // a monitor or patrol stopped, turned back or delayed
  "new_fortification", // trenches, mines, positions built in the zone
  "jamming", // GPS or UAV signal jamming
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/**
 * Weapon classes as the OSCE SMM and the Minsk Package (Feb 2015) group them. Each class lists the
 * words that name it in a scenario's `zone.withdrawalLines[].name`, so "Artillery >= 100 mm"
 * applies to `artillery_ge100mm` and "Tanks" to `tank`.
 */
export const WEAPON_CLASSES = {
  small_arms: { label: "Small arms", keywords: ["small arms"] },
  heavy_machine_gun: { label: "Heavy machine gun", keywords: ["machine gun", "hmg"] },
  grenade_launcher: { label: "Grenade launcher", keywords: ["grenade"] },
  recoilless_gun: { label: "Recoilless gun / anti-tank gun", keywords: ["recoilless", "anti-tank gun"] },
  atgm: { label: "Anti-tank guided missile", keywords: ["atgm", "anti-tank guided"] },
  mortar_lt120mm: { label: "Mortar < 120 mm", keywords: ["mortar"] },
  mortar_120mm: { label: "Mortar 120 mm", keywords: ["mortar"] },
  artillery_lt100mm: { label: "Artillery < 100 mm", keywords: ["artillery < 100", "artillery <100"] },
  artillery_ge100mm: { label: "Artillery >= 100 mm", keywords: ["artillery", "100 mm", "heavy weapon"] },
  mlrs: { label: "Multiple-launch rocket system", keywords: ["mlrs", "rocket"] },
  long_range: { label: "Long-range missile or rocket system", keywords: ["long-range", "long range"] },
  tank: { label: "Tank", keywords: ["tank"] },
  afv: { label: "Armoured fighting vehicle", keywords: ["armoured", "armored", "afv", "ifv", "apc"] },
  air_defence: { label: "Air defence", keywords: ["air defence", "air defense"] },
  uav: { label: "Unmanned aerial vehicle", keywords: ["uav", "drone"] },
  unknown: { label: "Unknown", keywords: [] },
} as const satisfies Record<string, { label: string; keywords: readonly string[] }>;
export type WeaponClass = keyof typeof WEAPON_CLASSES;
export const WEAPON_CLASS_IDS = Object.keys(WEAPON_CLASSES) as WeaponClass[];

/** Where a report came from. Mission-internal sources first. */
export const SOURCE_TYPES = ["patrol", "post", "drone", "monitor", "local", "media", "social"] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/**
 * NATO Admiralty code. Reliability of the source: A completely reliable, B usually reliable,
 * C fairly reliable, D not usually reliable, E unreliable, F cannot be judged. Credibility of
 * the information: 1 confirmed by other sources, 2 probably true, 3 possibly true, 4 doubtful,
 * 5 improbable, 6 truth cannot be judged.
 */
export const RELIABILITY = ["A", "B", "C", "D", "E", "F"] as const;
export const CREDIBILITY = ["1", "2", "3", "4", "5", "6"] as const;
export type AdmiraltyGrade = `${(typeof RELIABILITY)[number]}${(typeof CREDIBILITY)[number]}`;
export const ADMIRALTY_RE = /^[A-F][1-6]$/;

/**
 * Order grades from strongest to weakest for filtering ("grade B3 or better"). F and 6 ("cannot
 * be judged") rank after E and 5: they carry no evidence either way.
 */
export function gradeRank(grade: string): number {
  return RELIABILITY.indexOf(grade[0] as (typeof RELIABILITY)[number]) * 6 + CREDIBILITY.indexOf(grade[1] as "1");
}

/** True when `grade` is at least as strong as `min` on both axes (B2 meets C3; B4 does not). */
export function gradeAtLeast(grade: string, min: string): boolean {
  return grade[0] <= min[0] && grade[1] <= min[1];
}

/** The strongest grade of a list (by reliability, then credibility). */
export function bestGrade(grades: readonly string[]): string | null {
  let best: string | null = null;
  for (const g of grades) if (best === null || gradeRank(g) < gradeRank(best)) best = g;
  return best;
}

export const STATUSES = ["reported", "corroborated", "verified", "disproved"] as const;
export type Status = (typeof STATUSES)[number];

export const CASUALTY_GROUPS = ["civilian", "combatant", "peacekeeper"] as const;
export const CASUALTY_OUTCOMES = ["killed", "injured"] as const;

/** ACLED time_precision codes: 1 day, 2 week, 3 month. Truce adds finer levels. */
export const TIME_PRECISIONS = ["minute", "hour", "day", "week", "month"] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];
