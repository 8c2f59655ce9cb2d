/** APP-6 unit symbols drawn with milsymbol, turned into map images (SIDCs from src/report/symbols). */
import ms from "milsymbol";

export { sidcFor } from "../../../src/report/symbols";

ms.setStandard("APP6");

/** A milsymbol canvas as ImageData plus its pixel ratio, for map.addImage. */
export function symbolImage(sidc: string, label?: string): { data: ImageData; pixelRatio: number } {
  const pixelRatio = 2;
  const sym = new ms.Symbol(sidc, { size: 22, uniqueDesignation: label ?? "", fill: true, frame: true });
  const canvas = sym.asCanvas(pixelRatio);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2D canvas context for unit symbols");
  return { data: ctx.getImageData(0, 0, canvas.width, canvas.height), pixelRatio };
}
