/**
 * The discrete-event engine: a clock, the event queue and the run loop. It
 * knows nothing of peacekeeping; a model plugs in as a handler of integer event
 * kinds with two integer payloads (usually indices into the model's own
 * structure-of-arrays state).
 */
import { EventQueue } from "./queue.js";

/** What a model implements: handle one event; the engine advances the clock before calling it. */
export interface Model {
  handle(kind: number, a: number, b: number, sim: Simulator): void;
}

export class Simulator {
  /** Current simulation time (the model's unit; Truce's models use hours). */
  now = 0;
  /** Events handled so far. */
  events = 0;
  readonly queue: EventQueue;
  private stopped = false;

  constructor(initialCapacity = 4096) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Schedule an event `delay` after now. Negative or NaN delays throw: time never goes backwards. */
  schedule(delay: number, kind: number, a = 0, b = 0, priority = 0): void {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule an event ${delay} time units in the past (kind ${kind})`);
    this.queue.push(this.now + delay, kind, a, b, priority);
  }

  /** Schedule an event at absolute time `time` (>= now). */
  scheduleAt(time: number, kind: number, a = 0, b = 0, priority = 0): void {
    if (!(time >= this.now))
      throw new RangeError(`cannot schedule an event at ${time}, before now (${this.now}) (kind ${kind})`);
    this.queue.push(time, kind, a, b, priority);
  }

  /** Ask the run loop to return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /** Handle events in order until the queue is empty, the next event is after `until`, or stop() is called. */
  run(model: Model, until = Number.POSITIVE_INFINITY): void {
    const q = this.queue;
    this.stopped = false;
    while (!this.stopped && q.popUntil(until)) {
      this.now = q.lastTime;
      this.events++;
      model.handle(q.lastKind, q.lastA, q.lastB, this);
    }
    if (!this.stopped && until !== Number.POSITIVE_INFINITY && this.now < until) this.now = until;
  }
}
