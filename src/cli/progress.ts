import cliProgress from 'cli-progress';
import { runsText } from '../report/batchMarks.ts';

/**
 * A progress reporter: a bar on a terminal, a plain line every 10 % otherwise (logs, CI, pipes). An update after
 * `stop` starts afresh: a new bar, or the tenths again from the first.
 */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress reporter for `label`; counts are of `unit` (runs, or the rows of a design being drawn).
 *
 * @example
 * progress('dalian drawing the Saltelli design', process.stderr, Date.now, 'rows').update(20_000, 200_000);
 * // in a log: 'dalian drawing the Saltelli design: 20,000/200,000 rows (10%)'
 */
export function progress(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now, unit: 'runs' | 'rows' = 'runs'): Progress {
  const left = timeLeft(now);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}{left}`,
        stream,
        hideCursor: true,
        // The runs done and in all with a thousands separator, as urbsim's other counts of runs.
        formatValue: (v, o, type) => (type === 'value' || type === 'total' ? v.toLocaleString('en') : cliProgress.Format.ValueFormat(v, o, type)),
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) { bar.start(total, 0, { left: '' }); started = true; }
        const t = left.update(done, total);
        bar.update(done, { left: t === undefined ? '' : ` | ${t}` });
      },
      stop() {
        if (started) bar.stop();
        started = false;
        left.reset();
      },
    };
  }
  let lastDecile = -1;
  let told = false;
  return {
    update(done, total) {
      const decile = Math.floor((10 * done) / Math.max(total, 1));
      const t = left.update(done, total);
      // A line every tenth; and once, a minute in, the time left, however far the first tenth is (10,000,000 runs).
      const early = !told && t !== undefined && left.elapsed() >= EARLY_MS;
      if (decile !== lastDecile || early) {
        lastDecile = decile;
        if (t !== undefined) told = true;
        stream.write(`${label}: ${done.toLocaleString('en')}/${unit === 'runs' ? runsText(total) : `${total.toLocaleString('en')} ${unit}`} (${Math.round((100 * done) / Math.max(total, 1))}%)${t === undefined ? '' : `, ${t}`}\n`);
      }
    },
    stop() {
      lastDecile = -1;
      told = false;
      left.reset();
    },
  };
}

/** In a log, the time left is said once this long after the first runs, if no tenth has said it yet. */
const EARLY_MS = 60_000;

/**
 * The time left, from the pace since the first update (the runs done by then are not counted: workers start, the first
 * chunk comes in): said once at least 1 s and some runs have passed since, and while runs remain.
 *
 * @example
 * const left = timeLeft(Date.now);
 * left.update(250, 10_000_000); // undefined (the first update: no pace yet)
 * left.update(5_250, 10_000_000); // 'about 33 min left' when those 5,000 runs took a second
 */
export function timeLeft(now: () => number): { update(done: number, total: number): string | undefined; elapsed(): number; reset(): void } {
  let first: { at: number; done: number } | undefined;
  return {
    update(done, total) {
      const at = now();
      if (first === undefined) {
        first = { at, done };
        return undefined;
      }
      const ms = at - first.at;
      if (ms < 1000 || done <= first.done || done >= total) return undefined;
      return `about ${durationText(((ms / (done - first.done)) * (total - done)) / 1000)} left`;
    },
    elapsed: () => (first === undefined ? 0 : now() - first.at),
    reset() {
      first = undefined;
    },
  };
}

/**
 * Seconds as a planner reads a wait: '40 s', '12 min', '2 h 5 min'.
 *
 * @example
 * durationText(7500); // '2 h 5 min'
 */
export function durationText(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/**
 * Run `f` with a progress reporter for `label`, stopped however `f` ends.
 *
 * @example
 * const result = await withProgress('dalian', (onProgress) => runMonteCarlo(s, { onProgress }));
 */
export async function withProgress<T>(label: string, f: (onProgress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
  const bar = progress(label);
  try {
    return await f((done, total) => bar.update(done, total));
  } finally {
    bar.stop();
  }
}
