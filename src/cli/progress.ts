import cliProgress from 'cli-progress';
import type { Progress } from '../ingest/write.js';

/** A progress bar on standard error that also works without a terminal (CI logs). */
export function progressBar(): { update: Progress; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      format: '  {phase} [{bar}] {value}/{total}',
      noTTYOutput: true,
      notTTYSchedule: 5000,
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  return {
    update(p, done, total) {
      if (total < 20000) return; // small steps finish before a bar helps
      if (!started) {
        bar.start(total, done, { phase: p });
        started = true;
      } else if (p !== phase) bar.setTotal(total);
      phase = p;
      bar.update(done, { phase: p });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
