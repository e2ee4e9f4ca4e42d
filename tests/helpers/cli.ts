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
