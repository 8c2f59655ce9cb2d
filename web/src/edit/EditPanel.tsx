/**
 * The line editor's controls: edit vertices or draw a new line on the map, zone widths per side,
 * import a GeoJSON/KML line (or drop it on the map), the live re-plan, and Save as YAML.
 */
import { useState } from "react";
import { saveText } from "../download";
import { fmt } from "../format";
import { NumberField } from "../NumberField";
import type { Editor } from "./useEditor";

export async function importLineFile(editor: Editor, file: File): Promise<string | undefined> {
  // The KML reader loads with the first import, not with the page.
  const { LineImportError, parseLineFile } = await import("./lineImport");
  try {
    editor.replace(parseLineFile(file.name, await file.text()));
    return undefined;
  } catch (e) {
    if (e instanceof LineImportError) return e.message;
    throw e;
  }
}

export function EditPanel({
  editor,
  importError,
  onImportError,
  onOpen,
}: {
  editor: Editor;
  importError?: string;
  onImportError: (message: string | undefined) => void;
  onOpen: (id: string) => void;
}) {
  const [saved, setSaved] = useState<string>();
  if (!editor.active)
    return (
      <section aria-labelledby="edit-h" className="edit-panel">
        <h3 id="edit-h">Edit on the map</h3>
        <p>Move, add or delete the line's vertices, draw a new line, or drop a GeoJSON/KML line on the map.</p>
        <button type="button" onClick={() => void editor.start()} data-testid="edit-start">
          Edit the line on the map
        </button>
        {editor.error && (
          <p role="alert" className="error">
            {editor.error}
          </p>
        )}
      </section>
    );
  const d = editor.plan.data;
  const z = d?.zone.status === "ok" ? d.zone.value : undefined;
  const sizing = d?.sizing.status === "ok" ? d.sizing.value : undefined;
  const vertices = editor.line.parts.reduce((n, p) => n + p.length, 0);
  return (
    <section aria-labelledby="edit-h" className="edit-panel" data-testid="edit-panel">
      <h3 id="edit-h">Editing the line of contact</h3>
      <fieldset className="toggles">
        <legend>On the map</legend>
        <button
          type="button"
          aria-pressed={editor.mode === "select"}
          onClick={() => editor.setMode("select")}
          disabled={vertices === 0}
          data-testid="edit-mode-select"
        >
          Edit vertices
        </button>
        <button type="button" onClick={() => editor.replace([])} data-testid="edit-draw-new">
          Draw a new line
        </button>
      </fieldset>
      <p className="hint">
        {editor.mode === "linestring"
          ? "Click on the map to add points; click the last point again (or press Enter) to finish."
          : "Click the line to select it, then drag a vertex to move it, drag a midpoint to add one, right-click a vertex to delete it."}
      </p>
      <fieldset className="toggles">
        <legend>Zone width per side (km)</legend>
        <NumberField
          label="Left"
          value={editor.leftKm}
          min={0}
          max={200}
          step="any"
          onChange={(v) => editor.setSides(v, editor.rightKm)}
          testId="edit-left"
        />
        <NumberField
          label="Right"
          value={editor.rightKm}
          min={0}
          max={200}
          step="any"
          onChange={(v) => editor.setSides(editor.leftKm, v)}
          testId="edit-right"
        />
      </fieldset>
      <label className="import">
        Import a line (.geojson or .kml; or drop it on the map){" "}
        <input
          type="file"
          accept=".geojson,.json,.kml"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) onImportError(await importLineFile(editor, f));
            e.target.value = "";
          }}
          data-testid="edit-import"
        />
      </label>
      {importError && (
        <p role="alert" className="error" data-testid="edit-import-error">
          {importError}
        </p>
      )}
      <div aria-live="polite" data-testid="edit-result">
        {vertices === 0 ? <p>No line yet: draw one on the map.</p> : editor.plan.loading ? <p>Re-planning…</p> : null}
        {editor.plan.error && (
          <p role="alert" className="error" data-testid="edit-error">
            {editor.plan.error}
          </p>
        )}
        {z && (
          <dl className="facts" data-testid="edit-summary">
            <dt>Line</dt>
            <dd data-testid="edit-length">
              {fmt(z.lengthKm)} km, {vertices} vertices
            </dd>
            <dt>Zone</dt>
            <dd data-testid="edit-area">
              {fmt(z.areaKm2)} km², {fmt(z.leftKm)} km + {fmt(z.rightKm)} km wide, {z.sectors.length} sectors, {z.posts}{" "}
              observation posts
            </dd>
            {sizing && (
              <>
                <dt>Sizing</dt>
                <dd data-testid="edit-troops">
                  {fmt(sizing.recommended.troops)} troops deployed (range {fmt(sizing.recommended.low)}–
                  {fmt(sizing.recommended.high)})
                </dd>
              </>
            )}
          </dl>
        )}
      </div>
      <div className="row">
        <button
          type="button"
          disabled={vertices === 0}
          onClick={async () => {
            const text = await editor.yaml();
            if (!text) return;
            const name = `${editor.baseId ?? "scenario"}-edited.yaml`;
            saveText(text, name, "application/yaml");
            setSaved(name);
          }}
          data-testid="edit-save"
        >
          Save as YAML
        </button>
        <button
          type="button"
          disabled={!editor.uploadedId || editor.plan.loading}
          onClick={() => editor.uploadedId && onOpen(editor.uploadedId)}
          data-testid="edit-open"
        >
          Open the full plan
        </button>
        <button type="button" onClick={editor.stop} data-testid="edit-stop">
          Stop editing
        </button>
      </div>
      {saved && (
        <p className="hint">
          Saved {saved}. Check it with `truce validate {saved}`.
        </p>
      )}
    </section>
  );
}
