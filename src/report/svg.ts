/** Small helpers for writing SVG and HTML as strings safely. */

/** Escape text for HTML/SVG element content and attribute values. */
export function esc(s: unknown): string {
  return String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** 12345 -> "12,345"; 0.1234 -> "0.123"; keeps 3 significant digits for small numbers. */
export function fmt(n: number | undefined, digits?: number): string {
  if (n === undefined || n === null || Number.isNaN(n)) return "–";
  if (!Number.isFinite(n)) return n > 0 ? "∞" : "−∞";
  const abs = Math.abs(n);
  const d = digits ?? (abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3);
  return n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: 0 });
}

/** Short number for axis ticks: 10000 -> "10k", 2500000 -> "2.5M". */
export function shortNum(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${+(n / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  if (abs >= 1 || n === 0) return `${+n.toFixed(2)}`;
  return `${+n.toPrecision(2)}`;
}

let idCounter = 0;
/** A unique id for aria-labelledby within one document. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
