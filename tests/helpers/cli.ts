import { expect } from 'vitest';
import { main } from '../../src/cli/main.ts';

/**
 * Run the `urbsim` command in-process and collect what it prints.
 *
 * @example
 * const { code, out, err } = await cli(['validate', 'scenarios/dalian.yaml']);
 */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

/** Exit code 2, the message, and none of what an unexpected failure prints. */
export function expectInputError(r: { code: number; err: string }, message: RegExp | string): void {
  expect(r.code, r.err).toBe(2);
  if (typeof message === 'string') expect(r.err).toContain(message);
  else expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/internal error|\n\s+at /);
}
