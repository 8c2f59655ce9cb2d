import { describe, expect, it } from "vitest";
import { stream } from "../util/random.js";
import { type Model, Simulator } from "./engine.js";
import { EventQueue } from "./queue.js";

describe("EventQueue", () => {
  it("pops in (time, priority, sequence) order, matching a stable sort (brute force)", () => {
    const rng = stream(1, 2, 3);
    const q = new EventQueue(16); // forces several doublings
    const items: Array<{ t: number; p: number; seq: number }> = [];
    for (let i = 0; i < 5000; i++) {
      // coarse times so ties are frequent
      const t = Math.floor(rng.next() * 200) / 4;
      const p = Math.floor(rng.next() * 3);
      q.push(t, 7, i, 100000 - i, p);
      items.push({ t, p, seq: i });
    }
    const expected = [...items].sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq);
    for (const e of expected) {
      expect(q.pop()).toBe(true);
      expect([q.lastTime, q.lastA, q.lastB, q.lastKind]).toEqual([e.t, e.seq, 100000 - e.seq, 7]);
    }
    expect(q.pop()).toBe(false);
    expect(q.size).toBe(0);
  });

  it("interleaved pushes and pops never return an earlier time than the previous pop", () => {
    const rng = stream(9);
    const q = new EventQueue();
    let now = 0;
    let popped = 0;
    for (let i = 0; i < 20000; i++) {
      if (q.size === 0 || rng.next() < 0.55) q.push(now + rng.exponential(1), 0);
      else {
        q.pop();
        expect(q.lastTime).toBeGreaterThanOrEqual(now);
        now = q.lastTime;
        popped++;
      }
    }
    expect(popped).toBeGreaterThan(5000);
  });

  it("interleaved pushes and pops with ties and growth match a sorted reference", () => {
    // pops leave the root empty until the next push or pop: check every path (push into the hole,
    // pop after pop, peek, popUntil, doubling) against a plain sorted list
    const rng = stream(4, 5, 6);
    const q = new EventQueue(16);
    const ref: Array<{ t: number; p: number; seq: number }> = [];
    let seq = 0;
    let now = 0;
    for (let i = 0; i < 30000; i++) {
      const u = rng.next();
      if (u < (i < 15000 ? 0.6 : 0.4)) {
        const t = now + Math.floor(rng.next() * 12) / 4;
        const p = Math.floor(rng.next() * 3);
        q.push(t, p, seq, 100000 - seq, p);
        ref.push({ t, p, seq: seq++ });
        ref.sort((a, b) => a.t - b.t || a.p - b.p || a.seq - b.seq);
      } else if (u < 0.9 || ref.length === 0) {
        const e = ref.shift();
        expect(q.pop()).toBe(e !== undefined);
        if (e) {
          expect([q.lastTime, q.lastKind, q.lastA, q.lastB]).toEqual([e.t, e.p, e.seq, 100000 - e.seq]);
          now = e.t;
        }
      } else {
        const until = now + 0.5;
        const e = ref[0];
        const due = e !== undefined && e.t <= until;
        expect(q.popUntil(until)).toBe(due);
        if (due) {
          ref.shift();
          expect([q.lastTime, q.lastA]).toEqual([e.t, e.seq]);
          now = e.t;
        }
      }
      expect(q.size).toBe(ref.length);
      expect(q.peekTime()).toBe(ref[0]?.t);
    }
    q.clear();
    expect(q.size).toBe(0);
    expect(q.pop()).toBe(false);
  });
});

describe("Simulator", () => {
  it("runs a model in time order and refuses to schedule in the past", () => {
    const seen: number[] = [];
    const model: Model = {
      handle(kind, a, _b, sim) {
        seen.push(sim.now);
        if (a < 10) sim.schedule(1.5, kind, a + 1);
        if (a === 3) expect(() => sim.scheduleAt(sim.now - 1, 0)).toThrow(/before now/);
      },
    };
    const sim = new Simulator();
    sim.scheduleAt(0, 0, 0);
    expect(() => sim.schedule(-1, 0)).toThrow(/past/);
    expect(() => sim.schedule(Number.NaN, 0)).toThrow(/past/);
    sim.run(model, 6);
    expect(seen).toEqual([0, 1.5, 3, 4.5, 6]);
    expect(sim.now).toBe(6);
    sim.run(model);
    expect(seen.length).toBe(11);
    expect(sim.events).toBe(11);
  });
});
