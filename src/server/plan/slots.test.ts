import { describe, expect, it } from "vitest";
import { ApiError } from "../errors.js";
import { Slots } from "./slots.js";

/** A piece of work that ends when told to. */
function gate() {
  let open = () => {};
  const done = new Promise<void>((r) => {
    open = r;
  });
  return { done, open };
}

describe("Slots", () => {
  it("runs at most `size` at once, in arrival order, and refuses work beyond the queue with TRUCE_BUSY", async () => {
    const slots = new Slots(2, 2);
    const started: number[] = [];
    const gates = [gate(), gate(), gate(), gate()];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.done;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(slots.state()).toEqual({ running: 2, waiting: 2 });
    await expect(slots.run(async () => 9)).rejects.toSatisfy(
      (e: unknown) => e instanceof ApiError && e.code === "TRUCE_BUSY",
    );
    gates[1].open();
    expect(await runs[1]).toBe(1);
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    gates[3].open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(slots.state()).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the slot when the work fails", async () => {
    const slots = new Slots(1, 0);
    await expect(slots.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await slots.run(async () => 5)).toBe(5);
    expect(slots.state()).toEqual({ running: 0, waiting: 0 });
  });
});
