/**
 * APP-6 unit symbols drawn with milsymbol, turned into map images. The SIDC is the
 * letter-based 15-character code (MIL-STD-2525C / APP-6(B)); echelon at position 12.
 */
import ms from "milsymbol";

ms.setStandard("APP6");

/** Function id (positions 5–10) per capability keyword; infantry when nothing matches. */
const FUNCTION_BY_CAPABILITY: Array<[RegExp, string]> = [
  [/mech|armou?r/i, "UCIZ--"],
  [/engineer/i, "UCE---"],
  [/medic|hospital/i, "USM---"],
  [/heli|aviation|rotary/i, "UCVR--"],
  [/uav|isr|drone/i, "UCVU--"],
  [/police|mp\b|military police|fpu/i, "UUL---"],
  [/recon/i, "UCR---"],
  [/monitor|observer|civilian/i, "UCR---"],
  [/hq|headquarters|command/i, "UH----"],
  [/logist|support|supply/i, "US----"],
];

export function sidcFor(capability: string, echelon = "F"): string {
  const fn = FUNCTION_BY_CAPABILITY.find(([re]) => re.test(capability))?.[1] ?? "UCI---";
  return `SFGP${fn}-${echelon}---`;
}

/** A milsymbol canvas as ImageData plus its pixel ratio, for map.addImage. */
export function symbolImage(sidc: string, label?: string): { data: ImageData; pixelRatio: number } {
  const pixelRatio = 2;
  const sym = new ms.Symbol(sidc, { size: 22, uniqueDesignation: label ?? "", fill: true, frame: true });
  const canvas = sym.asCanvas(pixelRatio);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2D canvas context for unit symbols");
  return { data: ctx.getImageData(0, 0, canvas.width, canvas.height), pixelRatio };
}

/** The symbol as an SVG string (for the details panel and the legend). */
export function symbolSvg(sidc: string): string {
  return new ms.Symbol(sidc, { size: 22 }).asSVG();
}
