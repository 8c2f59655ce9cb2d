/**
 * A counting semaphore with a bounded queue: at most `capacity` holders at once, at most
 * `maxWaiting` callers waiting in turn (first come, first served). When the queue is full,
 * `acquire` refuses at once, so a burst of requests waits a little instead of failing, but a
 * flood is turned away rather than piling up without bound.
 */
export class SlotsFull extends Error {
  constructor(capacity: number, maxWaiting: number) {
    super(`${capacity} are running and ${maxWaiting} waiting already; try again when one has finished.`);
    this.name = "SlotsFull";
  }
}

export class Slots {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly capacity: number,
    private readonly maxWaiting: number,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`capacity ${capacity} must be >= 1`);
    if (!(Number.isInteger(maxWaiting) && maxWaiting >= 0))
      throw new RangeError(`maxWaiting ${maxWaiting} must be >= 0`);
  }

  /** Resolves with a `release` function once a slot is free; throws SlotsFull when the queue is full. */
  acquire(): Promise<() => void> {
    if (this.held < this.capacity) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxWaiting) throw new SlotsFull(this.capacity, this.maxWaiting);
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  /** Holders and waiters now (for tests and health). */
  get load(): { held: number; waiting: number } {
    return { held: this.held, waiting: this.waiting.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return; // a second release must not free someone else's slot
      released = true;
      const next = this.waiting.shift();
      if (next)
        next(); // the slot passes straight to the next in line
      else this.held--;
    };
  }
}
