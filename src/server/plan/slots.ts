/**
 * A few slots for CPU-bound work (zone workers; plans: generation and patrols on workers). On a
 * small machine, twelve plans at once are no faster than two at a time, but each then gets a
 * twelfth of a core, so every worker's time limit runs out and the memory of twelve solvers is
 * held at once. Work beyond the slots waits its turn; beyond `maxWaiting` it is refused.
 */
import { ApiError } from "../errors.js";

export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly size: number;
  private readonly maxWaiting: number;
  private readonly what: string;

  /** `size` run at once, at most `maxWaiting` queued behind them; `what` names the work in TRUCE_BUSY. */
  constructor(size: number, maxWaiting: number, what = "plans") {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`slots must be a whole number ≥ 1, got ${size}`);
    this.size = size;
    this.maxWaiting = maxWaiting;
    this.what = what;
  }

  /** Run `work` in a slot, after the work queued before it; throws TRUCE_BUSY when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) {
      if (this.waiting.length >= this.maxWaiting)
        throw new ApiError(
          "TRUCE_BUSY",
          `${this.size} ${this.what} are being computed and ${this.waiting.length} wait; retry in a minute.`,
        );
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Slots in use and work waiting (tests, health). */
  state(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
