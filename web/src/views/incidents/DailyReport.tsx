/** The daily report (OSCE SMM style) for one day and the selected scenario's zone, as the server renders it. */
import { useState } from "react";
import { dailyReportHtml } from "../../incidentsApi";

export function DailyReport({ zone }: { zone?: string }) {
  const [html, setHtml] = useState<string>();
  const [date, setDate] = useState(() => new Date().toISOString().slice(0, 10));
  const [error, setError] = useState<string>();
  return (
    <section aria-labelledby="daily-h">
      <h3 id="daily-h">Daily report{zone ? ` (${zone})` : ""}</h3>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(undefined);
          try {
            setHtml(await dailyReportHtml(date, zone));
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <label>
          Day (UTC){" "}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="daily-date" />
        </label>
        <button type="submit" data-testid="daily-show">
          Show
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {html && <iframe title="Daily report" className="daily" sandbox="" srcDoc={html} data-testid="daily-report" />}
    </section>
  );
}
