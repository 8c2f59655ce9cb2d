import { describe, expect, it } from "vitest";
import { Slots, SlotsFull } from "./slots.js";

describe("Slots", () => {
  it("admits up to capacity, queues the rest in order, and passes a released slot to the next in line", async () => {
    const slots = new Slots(2, 2);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire().then((release) => {
      order.push("c");
      return release;
    });
    const d = slots.acquire().then((release) => {
      order.push("d");
      return release;
    });
    expect(slots.load).toEqual({ held: 2, waiting: 2 });
    a();
    const releaseC = await c;
    expect(order).toEqual(["c"]);
    b();
    const releaseD = await d;
    expect(order).toEqual(["c", "d"]);
    expect(slots.load).toEqual({ held: 2, waiting: 0 });
    releaseC();
    releaseD();
    expect(slots.load).toEqual({ held: 0, waiting: 0 });
  });

  it("refuses at once when the queue is full (negative control: one fewer waiter is accepted)", async () => {
    const slots = new Slots(1, 1);
    await slots.acquire();
    const queued = slots.acquire();
    expect(() => slots.acquire()).toThrow(SlotsFull);
    expect(slots.load).toEqual({ held: 1, waiting: 1 });
    void queued;
  });

  it("ignores a second release of the same slot", async () => {
    const slots = new Slots(1, 0);
    const release = await slots.acquire();
    release();
    release();
    expect(slots.load).toEqual({ held: 0, waiting: 0 });
    const again = await slots.acquire();
    expect(slots.load.held).toBe(1);
    again();
  });
});
