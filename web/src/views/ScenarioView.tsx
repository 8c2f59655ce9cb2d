/** Pick a bundled scenario or upload one; errors show inline with the CLI's own message. */
import { useRef, useState } from "react";
import { type ScenarioEntry, uploadScenario } from "../api";
import { EditPanel } from "../edit/EditPanel";
import type { Editor } from "../edit/useEditor";
import { fmt } from "../format";
import type { PlanState } from "./usePlan";

export function ScenarioView({
  scenarios,
  current,
  plan,
  onPick,
  onUploaded,
  onOpenPlan,
  editor,
  importError,
  onImportError,
  onOpenEdited,
}: {
  scenarios: ScenarioEntry[];
  current: ScenarioEntry | undefined;
  plan: PlanState;
  onPick: (id: string) => void;
  onUploaded: (id: string) => void;
  onOpenPlan: () => void;
  editor: Editor;
  importError?: string;
  onImportError: (message: string | undefined) => void;
  onOpenEdited: (id: string) => void;
}) {
  const [uploadError, setUploadError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  async function onFile(file: File) {
    setBusy(true);
    setUploadError(undefined);
    try {
      const text = await file.text();
      const r = await uploadScenario(file.name, text);
      onUploaded(r.scenario.id);
    } catch (e) {
      setUploadError((e as Error).message);
    } finally {
      setBusy(false);
      if (fileInput.current) fileInput.current.value = "";
    }
  }

  const zone = plan.data?.zone;
  const s = plan.data?.scenario;
  return (
    <div className="view scenario-view">
      <h2>Scenario</h2>
      <ul className="scenario-list" aria-label="Bundled and uploaded scenarios">
        {scenarios.map((sc) => (
          <li key={sc.id}>
            <button
              type="button"
              className={current?.id === sc.id ? "card active" : "card"}
              aria-pressed={current?.id === sc.id}
              onClick={() => onPick(sc.id)}
              data-testid={`scenario-${sc.id}`}
            >
              <strong>{sc.name}</strong>
              <span className="file">{sc.file}</span>
              {sc.description && <span className="desc">{sc.description}</span>}
            </button>
          </li>
        ))}
      </ul>
      <div className="upload">
        <label htmlFor="upload-file">Upload a scenario (.yaml or .json)</label>
        <input
          id="upload-file"
          ref={fileInput}
          type="file"
          accept=".yaml,.yml,.json"
          disabled={busy}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void onFile(f);
          }}
          aria-describedby={uploadError ? "upload-error" : undefined}
          data-testid="upload-input"
        />
        {uploadError && (
          <pre id="upload-error" role="alert" className="error" data-testid="upload-error">
            {uploadError}
          </pre>
        )}
      </div>
      {plan.loading && <p aria-live="polite">Computing the zone…</p>}
      {plan.error && (
        <p role="alert" className="error">
          {plan.error}
        </p>
      )}
      {s && (
        <section aria-label="Scenario summary" data-testid="scenario-summary">
          <h3>{s.name}</h3>
          {s.description && <p>{s.description}</p>}
          <dl className="facts">
            <dt>Mandate</dt>
            <dd>
              {s.posture}, threat {s.threat}, tours of {s.tourMonths} months
            </dd>
            {s.force && (
              <>
                <dt>Proposed force</dt>
                <dd>
                  {fmt(s.force.troops)} troops{s.force.police ? `, ${fmt(s.force.police)} police` : ""}
                  {s.force.civilianMonitors ? `, ${fmt(s.force.civilianMonitors)} civilian monitors` : ""}
                </dd>
              </>
            )}
            {zone?.status === "ok" && (
              <>
                <dt>Line of contact</dt>
                <dd>{fmt(zone.value.lengthKm)} km</dd>
                <dt>Zone</dt>
                <dd>
                  {fmt(zone.value.areaKm2)} km², {fmt(zone.value.leftKm)} km + {fmt(zone.value.rightKm)} km wide,{" "}
                  {zone.value.sectors.length} sectors, {zone.value.posts} observation posts
                </dd>
                {zone.value.population && (
                  <>
                    <dt>Population</dt>
                    <dd data-testid="zone-population">
                      {fmt(zone.value.population.zone.people)} in the zone
                      {zone.value.population.withdrawalLines
                        .map((w) => `; ${fmt(w.people)} within ${fmt(w.km)} km`)
                        .join("")}{" "}
                      <span className="meta">({zone.value.population.source})</span>
                    </dd>
                  </>
                )}
              </>
            )}
            {zone && zone.status !== "ok" && (
              <>
                <dt>Zone</dt>
                <dd>{zone.status === "error" ? zone.message : zone.reason}</dd>
              </>
            )}
          </dl>
          <button type="button" onClick={onOpenPlan}>
            Open the plan →
          </button>
        </section>
      )}
      {current && (
        <EditPanel editor={editor} importError={importError} onImportError={onImportError} onOpen={onOpenEdited} />
      )}
    </div>
  );
}
