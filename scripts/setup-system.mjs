#!/usr/bin/env node
/**
 * Installs the system packages the test suite needs, when they are missing:
 * Debian's chromium (browser tests, PDF reports), PostgreSQL 15 with PostGIS 3 (the
 * PostgreSQL store), gdal-bin (ogrinfo checks the GeoJSON/KML Truce writes),
 * poppler-utils (pdftotext checks the PDF) and redis-server (the BullMQ queue).
 *
 * As root it runs apt-get itself; otherwise it prints the exact command and exits 1.
 * When everything is present it does nothing and takes milliseconds, so `npm test`
 * runs it every time. Plain Node (no dependencies): it runs before anything is built.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Each requirement: the Debian package(s) and how to tell it is installed. */
const REQUIREMENTS = [
  { packages: ["chromium"], present: () => existsSync("/usr/bin/chromium") || onPath("chromium") },
  {
    packages: ["postgresql-15", "postgresql-15-postgis-3"],
    present: () =>
      ["15", "16", "17"].some(
        (v) =>
          existsSync(`/usr/lib/postgresql/${v}/bin/initdb`) &&
          existsSync(`/usr/share/postgresql/${v}/extension/postgis.control`),
      ),
  },
  { packages: ["gdal-bin"], present: () => onPath("ogrinfo") },
  { packages: ["poppler-utils"], present: () => onPath("pdftotext") },
  { packages: ["redis-server"], present: () => onPath("redis-server") },
  { packages: ["fonts-dejavu-core"], present: () => existsSync("/usr/share/fonts/truetype/dejavu") },
];

function onPath(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

const missing = REQUIREMENTS.filter((r) => !r.present()).flatMap((r) => r.packages);
if (missing.length === 0) process.exit(0);

const packages = [...missing, "ca-certificates"];
const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(" ")}`;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !onPath("apt-get")) {
  process.stderr.write(
    `setup:system: the test suite needs ${missing.join(", ")}.\n` +
      `Install them as root (Debian/Ubuntu), then run the tests again:\n  sudo sh -c '${command}'\n`,
  );
  process.exit(1);
}

process.stderr.write(`setup:system: installing ${missing.join(", ")} with apt-get…\n`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { stdio: "inherit", env });
// Debian's packages start services of their own; the tests start throwaway servers instead.
for (const service of ["postgresql", "redis-server"]) spawnSync("service", [service, "stop"], { stdio: "ignore" });
process.stderr.write("setup:system: done.\n");
