import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';

// Dalian's pooled rural_to_town_rate (scenarios/dalian.yaml): 8 components, a quantile by inversion (~30 µs). Nine
// such inputs and a one-year projection: the plain runs take seconds, drawing the design as long again.
const MIX = '{ dist: logitnormalmix, weights: [0.119, 0.116, 0.112, 0.199, 0.0835, 0.131, 0.12, 0.12], medians: [2.98%, 2.98%, 2.98%, 2.97%, 2.96%, 2.94%, 2.91%, 2.84%], sigmas: [0.0773, 0.0837, 0.0959, 0.121, 0.15, 0.181, 0.233, 0.391] }';
const dir = writeScenarios({
  'mix.yaml': `${MINIMAL.replace('end: 2020', 'end: 2014')}name: mix
variables: { ${[1, 2, 3, 4, 5, 6].map((i) => `m${i}: ${MIX}`).join(', ')} }
parameters: { inflow: 10万, rural_to_town_rate: ${MIX}, local_settle_rate: ${MIX}, migrant_settle_rate: { dist: uniform, min: 3%, max: 9% } }
monte_carlo: { runs: 4, seed: 1 }
`,
});
const urbsim = [process.execPath, '--import', 'tsx', 'src/cli/urbsim.ts'];
const files = (d: string) => Object.fromEntries(readdirSync(d).sort().map((f) => [f, readFileSync(join(d, f)).toString('base64')]));

describe('sensitivity stopped while it draws its design', () => {
  it('answers SIGTERM at once (exit 143) and leaves the output folder as it was, nothing beside it', async () => {
    // The design was drawn in one synchronous loop: no line while it drew, and a signal waited for its end.
    const out = join(dir, 'out');
    const file = join(dir, 'mix.yaml');
    // The folder holds the file's earlier analysis (a run's folder is not sensitivity's to replace: another command's output).
    expect((await cli(['sensitivity', file, '--metric', 'registered_rate', '--year', '2014', '--runs', '20', '--out', out])).code).toBe(0);
    const before = files(out);
    const child = spawn(urbsim[0], [...urbsim.slice(1), 'sensitivity', file, '--metric', 'registered_rate', '--year', '2014', '--runs', '12000', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const deadline = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (stderr.includes('mix drawing the Saltelli design: ')) child.kill('SIGTERM');
    });
    const [status, signal] = await new Promise<[number | null, string | null]>((done) => child.on('close', (c, s) => done([c, s])));
    clearTimeout(deadline);
    expect([status, signal], stderr).toEqual([143, null]);
    // Stopped while drawing: not when done drawing (its 100% line), nor after the design's runs began.
    expect(stderr).toMatch(/mix drawing the Saltelli design: [\d,]+\/24,000 rows/);
    expect(stderr).not.toContain('24,000/24,000 rows');
    expect(stderr).not.toContain('mix Saltelli design: ');
    expect(files(out)).toEqual(before);
    expect(existsSync(join(dir, '.urbsim'))).toBe(false);
  }, 120_000);
});
