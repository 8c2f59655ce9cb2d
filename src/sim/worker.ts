/** Piscina worker: runs one block of replications. Loaded as worker.js from dist/ or as worker.ts through tsx. */
import { type BlockResult, type BlockTask, runBlock } from "./run.js";

export default function runTask(task: BlockTask): BlockResult {
  return runBlock(task);
}
