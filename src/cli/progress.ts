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

export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} runs | {duration_formatted}`,
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
        if (!started) { bar.start(total, 0); started = true; }
        bar.update(done);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastDecile = -1;
  return {
    update(done, total) {
      const decile = Math.floor((10 * done) / Math.max(total, 1));
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${done.toLocaleString('en')}/${runsText(total)} (${Math.round((100 * done) / Math.max(total, 1))}%)\n`);
      }
    },
    stop() {
      lastDecile = -1;
    },
  };
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
