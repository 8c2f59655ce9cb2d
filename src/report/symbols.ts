/**
 * APP-6 symbol identification codes (SIDC) for the units a plan deploys: the
 * letter-based 15-character code (MIL-STD-2525C / APP-6(B)), friendly, ground,
 * present. Drawn by milsymbol in the web app and the report.
 */

/** Function id (positions 5–10) per capability keyword; infantry when nothing matches. */
const FUNCTION_BY_CAPABILITY: Array<[RegExp, string]> = [
  [/mech|armou?r/i, "UCIZ--"],
  [/engineer/i, "UCE---"],
  [/medic|hospital/i, "USM---"],
  [/heli|aviation|rotary/i, "UCVR--"],
  [/uav|isr|drone/i, "UCVU--"],
  [/police|\bmp\b|fpu/i, "UUL---"],
  [/recon|monitor|observer|civilian/i, "UCR---"],
  [/hq|headquarters|command/i, "UH----"],
  [/logist|support|supply/i, "US----"],
];

/** Echelon (position 12): E company, F battalion, H brigade, I division. */
export type Echelon = "E" | "F" | "H" | "I";

/** SIDC for a capability, e.g. sidcFor("mechanised") → "SFGPUCIZ---F---". */
export function sidcFor(capability: string, echelon: Echelon = "F"): string {
  const fn = FUNCTION_BY_CAPABILITY.find(([re]) => re.test(capability))?.[1] ?? "UCI---";
  return `SFGP${fn}-${echelon}---`;
}

/** Echelon for a number of troops: under 300 a company, under 1,500 a battalion, under 8,000 a brigade, else a division. */
export function echelonFor(troops: number): Echelon {
  return troops < 300 ? "E" : troops < 1500 ? "F" : troops < 8000 ? "H" : "I";
}
