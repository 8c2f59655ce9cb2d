/** A progress bar on stderr for work that may take over a second; silent when stderr is not a terminal. */
import cliProgress from "cli-progress";

interface ProgressBar {
  update(fraction: number, stage: string): void;
  stop(): void;
}

/** Shows a bar only once `delayMs` has passed, so quick work prints nothing. */
export function progressBar(label: string, delayMs = 1000): ProgressBar {
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  const enabled = process.stderr.isTTY === true;
  return {
    update(fraction, stage) {
      if (!enabled) return;
      if (!bar && Date.now() - started >= delayMs) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} |{bar}| {percentage}% {stage} · ETA {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1000, 0, { stage });
      }
      bar?.update(Math.round(fraction * 1000), { stage });
    },
    stop() {
      bar?.stop();
    },
  };
}
