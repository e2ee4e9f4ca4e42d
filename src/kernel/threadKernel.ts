import { FastKernel } from './fastKernel.ts';

let kernel: FastKernel | undefined;

/**
 * This thread's fast kernel, made on first use: its memory is reused by every run the thread makes.
 *
 * @example
 * threadKernel().run(c.baselineState, sampler.fill(run), rows);
 */
export function threadKernel(): FastKernel {
  kernel ??= new FastKernel();
  return kernel;
}
