/**
 * The line editor on the map: terra-draw with its MapLibre adapter. Select mode edits vertices
 * (drag to move, drag a midpoint to add, right-click to delete); linestring mode draws a new line.
 * Changes are reported as the line's parts after the pointer settles.
 */
import type { Position } from "geojson";
import type { Map as MlMap } from "maplibre-gl";
import { TerraDraw, TerraDrawLineStringMode, TerraDrawSelectMode } from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import { COLOURS } from "./legend";

export interface Drawing {
  setParts: (parts: Position[][]) => void;
  setMode: (mode: "select" | "linestring") => void;
  stop: () => void;
}

/** A drag fires a change per pointer move; report once it pauses. */
const SETTLE_MS = 120;

export function startDrawing(map: MlMap, onChange: (parts: Position[][]) => void): Drawing {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: 6 }),
    modes: [
      new TerraDrawLineStringMode({
        styles: { lineStringColor: COLOURS.line, lineStringWidth: 3, closingPointColor: COLOURS.line },
      }),
      new TerraDrawSelectMode({
        flags: {
          linestring: {
            feature: {
              draggable: false,
              coordinates: { draggable: true, midpoints: true, deletable: true },
            },
          },
        },
        styles: { selectedLineStringColor: COLOURS.line, selectedLineStringWidth: 4 },
      }),
    ],
  });
  draw.start();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let quiet = false;
  const report = () => {
    const parts = draw
      .getSnapshot()
      .filter((f) => f.geometry.type === "LineString" && !f.properties.currentlyDrawing)
      .map((f) => f.geometry.coordinates as Position[]);
    onChange(parts);
  };
  draw.on("change", () => {
    if (quiet) return;
    clearTimeout(timer);
    timer = setTimeout(report, SETTLE_MS);
  });
  draw.on("finish", (id, ctx) => {
    // A new line is done: select it so its vertices can be edited straight away.
    if (ctx.mode === "linestring") {
      draw.setMode("select");
      draw.selectFeature(id);
    }
    clearTimeout(timer);
    report();
  });
  const ready = () => new Promise<void>((resolve) => (draw.enabled ? resolve() : draw.on("ready", () => resolve())));
  return {
    setParts: (parts) => {
      void ready().then(() => {
        quiet = true;
        draw.clear();
        const res = draw.addFeatures(
          parts.map((coordinates) => ({
            type: "Feature",
            geometry: { type: "LineString", coordinates },
            properties: { mode: "linestring" },
          })),
        );
        quiet = false;
        const bad = res.find((r) => !r.valid);
        if (bad) console.warn("terra-draw refused a line part:", bad.reason);
      });
    },
    setMode: (mode) => {
      void ready().then(() => {
        draw.setMode(mode);
        if (mode === "select") {
          const first = draw.getSnapshot().find((f) => f.geometry.type === "LineString");
          if (first?.id !== undefined) draw.selectFeature(first.id);
        }
      });
    },
    stop: () => {
      clearTimeout(timer);
      draw.stop();
    },
  };
}
