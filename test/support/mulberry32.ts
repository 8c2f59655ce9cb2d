/** The small seeded generator for benchmarks' data and tests' brute-force references (one implementation, src/util/random.ts). */
export { mulberry32 } from "../../src/util/random.js";
