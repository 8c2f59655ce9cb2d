export { colourScale, OKABE_ITO } from "../../src/report/palette";

/** Verification status styling: verified is solid, anything unconfirmed is hollow (map) and marked in text (tables). */
export const STATUS_STYLE: Record<string, { label: string; colour: string; verified: boolean }> = {
  reported: { label: "Reported (unverified)", colour: "#D55E00", verified: false },
  corroborated: { label: "Corroborated (unverified)", colour: "#E69F00", verified: false },
  verified: { label: "Verified", colour: "#0072B2", verified: true },
  disproved: { label: "Disproved", colour: "#999999", verified: false },
};
