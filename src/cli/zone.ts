import type { Command } from "commander";
import { zoneToGeoJson } from "../geo/geojson.js";
import { featureCollectionToKml } from "../geo/kml.js";
import { POPULATION_SOURCE, type PopulationSummary, populationInZone } from "../geo/population.js";
import { zoneSummary } from "../geo/summary.js";
import type { Zone } from "../geo/types.js";
import { zoneToGpkg, zoneToShapefileZip } from "../geodata/export.js";
import { loadPlaces } from "../geodata/places.js";
import { loadScenarioFile } from "../scenario/load.js";
import { scenarioWarnings } from "../scenario/parse.js";
import { formatNumber, printJson, table, writeFileAtomic } from "./io.js";
import { progressBar } from "./progress.js";
import { cachedZone } from "./zoneCache.js";

function printHuman(name: string, zone: Zone, pop: PopulationSummary): void {
  const out: string[] = [];
  out.push(`${name}`);
  out.push(
    `Line of contact ${formatNumber(zone.lengthKm)} km · zone ${formatNumber(zone.leftKm + zone.rightKm)} km wide (left ${zone.leftKm}, right ${zone.rightKm}) · area ${formatNumber(zone.areaKm2)} km² (geodesic, WGS84)`,
  );
  out.push(
    `${zone.sectors.length} sectors · ${zone.posts.length} observation posts · ${zone.withdrawalLines.length} withdrawal lines`,
  );
  out.push("");
  out.push(
    table(
      ["sector", "from km", "to km", "length km", "area km²", "posts"],
      zone.sectors.map((s) => [
        s.id,
        s.startKm,
        s.endKm,
        s.lengthKm,
        s.areaKm2,
        zone.posts.filter((p) => p.sectorId === s.id).length,
      ]),
    ),
  );
  if (zone.withdrawalLines.length > 0) {
    out.push("");
    out.push(
      table(
        ["withdrawal line", "km back"],
        zone.withdrawalLines.map((w) => [w.name, w.km]),
      ),
    );
  }
  out.push("");
  out.push(`Population in the zone: ${formatNumber(pop.zone.people)} in ${formatNumber(pop.zone.places)} places`);
  if (pop.largestInZone.length > 0)
    out.push(`  largest: ${pop.largestInZone.map((p) => `${p.name} (${formatNumber(p.population)})`).join(", ")}`);
  if (pop.withdrawalLines.length > 0) {
    out.push(
      table(
        ["within withdrawal line", "km", "people left", "people right", "people total", "places"],
        pop.withdrawalLines.map((w) => [w.name, w.km, w.left.people, w.right.people, w.total.people, w.total.places]),
      ),
    );
  }
  out.push(`Source: ${POPULATION_SOURCE}.`);
  process.stdout.write(`${out.join("\n")}\n`);
}

export function registerZone(program: Command): void {
  program
    .command("zone")
    .description("Build the buffer zone, sectors, observation posts and withdrawal lines of a scenario.")
    .argument("<file>", "scenario file (.yaml or .json)")
    .option("--json", "print the summary as one JSON document")
    .option("--geojson <out>", "write all layers as a GeoJSON FeatureCollection")
    .option("--kml <out>", "write all layers as KML (Google Earth)")
    .option(
      "--gpkg <out>",
      "write the layers as a GeoPackage (QGIS): zone, contact_line, sectors, posts, withdrawal_lines",
    )
    .option("--shp <out>", "write the layers as a zip of Shapefiles, one set per layer")
    .action(
      async (file: string, opts: { json?: boolean; geojson?: string; kml?: string; gpkg?: string; shp?: string }) => {
        const scenario = loadScenarioFile(file);
        for (const w of scenarioWarnings(scenario)) process.stderr.write(`note: ${w}\n`);
        const bar = progressBar("zone");
        let zone: Zone;
        try {
          zone = await cachedZone(scenario, { onProgress: (f, stage) => bar.update(f, stage) });
        } finally {
          bar.stop();
        }
        const fc = zoneToGeoJson(zone, scenario.name);
        if (opts.geojson) writeFileAtomic(opts.geojson, `${JSON.stringify(fc)}\n`);
        if (opts.kml) writeFileAtomic(opts.kml, featureCollectionToKml(fc));
        if (opts.gpkg) writeFileAtomic(opts.gpkg, zoneToGpkg(fc.features));
        if (opts.shp) writeFileAtomic(opts.shp, zoneToShapefileZip(fc.features));
        const population = populationInZone(zone, loadPlaces());
        if (opts.json) printJson({ ...zoneSummary(zone), population: { ...population, source: POPULATION_SOURCE } });
        else printHuman(scenario.name, zone, population);
      },
    );
}
