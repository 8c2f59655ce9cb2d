/** UUID version 7 (RFC 9562 §5.7): 48-bit Unix milliseconds, then random bits. Sorts by creation time. */
import { randomBytes } from "node:crypto";

let lastMs = -1;
let seq = 0;

/**
 * A new UUIDv7. Within one millisecond a 12-bit counter in `rand_a` (RFC 9562 §6.2, method 1)
 * keeps ids from one process strictly increasing.
 * @example uuidv7() // "01936f4e-8c2a-7b3d-9f10-5e2c4a1b7d90"
 */
export function uuidv7(nowMs: number = Date.now()): string {
  let ms = nowMs;
  if (ms <= lastMs) {
    seq++;
    if (seq > 0xfff) {
      lastMs++;
      seq = 0;
    }
    ms = lastMs;
  } else {
    lastMs = ms;
    seq = randomBytes(2).readUInt16BE(0) & 0x3ff; // start low so the counter rarely overflows
  }
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | ((seq >> 8) & 0x0f);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The Unix milliseconds encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);
}
