import { Piscina } from 'piscina';

// The TypeScript worker (through tsx) unless the compiled command named its own compiled one.
let workerScript = new URL('./worker.mjs', import.meta.url).href;

/**
 * Start worker threads from `url` (a module whose default export is the task of worker.ts) instead of the TypeScript
 * sources: the compiled command (compiledCli.mjs) points this at its own compiled worker.
 *
 * @example
 * useWorkerScript(pathToFileURL('node_modules/.cache/urbsim/build-x/worker.mjs').href);
 */
export function useWorkerScript(url: string): void {
  workerScript = url;
}

/**
 * A pool of `workers` Monte Carlo worker threads. {@link runMonteCarlo}
 * starts and stops its own; pass one in (`options.pool`) to keep the threads
 * across several runs — a solve or a sensitivity analysis runs the model
 * many times, and starting threads costs about a second each time. The
 * caller destroys it.
 *
 * @example
 * const pool = monteCarloPool(2);
 * try {
 *   for (const s of variants) await runMonteCarlo(s, { workers: 2, pool });
 * } finally {
 *   await pool.destroy();
 * }
 */
export function monteCarloPool(workers: number): Piscina {
  const pool = new Piscina({
    filename: workerScript,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
  });
  // A failing chunk (a value drawn as Infinity, say) makes the caller destroy the pool while the other threads finish
  // theirs; piscina then reports a result no task awaits any more as an 'error' event ("Unexpected message from
  // Worker"). Unheard, that event is an uncaught exception: a stack trace after the clean input error and exit 2.
  // Every failure that concerns a run reaches its caller through that task's promise, so the pool's own are dropped.
  pool.on('error', () => {});
  return pool;
}

/**
 * Run `f` with a pool of `workers` threads (none for one worker: the runs then
 * stay on this thread), destroyed however `f` ends.
 *
 * @example
 * await withMonteCarloPool(2, async (pool) => {
 *   for (const s of variants) await runMonteCarlo(s, { workers: 2, pool });
 * });
 */
export async function withMonteCarloPool<T>(workers: number, f: (pool: Piscina | undefined) => Promise<T>): Promise<T> {
  const pool = workers > 1 ? monteCarloPool(workers) : undefined;
  try {
    return await f(pool);
  } finally {
    await pool?.destroy();
  }
}
