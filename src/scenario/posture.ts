/**
 * The mission's posture, in a leaf module of its own: sizing's parameter tables key on it, and the
 * scenario schema (which imports sizing's section) uses it, so it cannot live in either without a cycle.
 */
import { z } from "zod";

export const postureSchema = z.enum(["monitor", "interpose", "deter", "stabilise", "reassure"]);
export type Posture = z.infer<typeof postureSchema>;
