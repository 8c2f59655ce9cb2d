/** Times as a monitor writes them: UTC always, and the military date-time group (DTG). */
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const two = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DDTHH:MM` in UTC, the value a datetime-local input holds when it is read as UTC. */
export const utcInputValue = (d: Date): string => d.toISOString().slice(0, 16);

/** DTG in UTC ("Zulu"): DDHHMMZMONYY, e.g. 011230ZDEC26. */
export const dtg = (d: Date): string =>
  `${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}Z${MONTHS[d.getUTCMonth()]}${two(d.getUTCFullYear() % 100)}`;

/** A stored ISO time for a table: `2026-12-01 12:30Z`. */
export const utcShort = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
