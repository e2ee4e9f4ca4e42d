import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableMemory, checkMemory, monteCarloBytes } from '../../src/montecarlo/memoryNeed.ts';
import { GAIN_BYTES_PER_RUN, hasRegisteredGain } from '../../src/montecarlo/registeredGain.ts';
import { loadScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from '../scenario/tempScenarios.ts';
import { InputError } from '../../src/inputError.ts';
import { cli } from '../helpers/cli.ts';

describe('a Monte Carlo memory cannot hold is refused before it runs', () => {
  it('counts what is held: kept whole, years × metrics doubles a run; streamed, a summary cell a run in each thread', () => {
    // by hand: 23 years × 41 metrics × 8 B + 9 sampled × 8 B + 1 check × 4 B = 7,544 + 72 + 4 = 7,620 B a run
    expect(monteCarloBytes({ runs: 1000, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: false })).toBe(7_620_000);
    // this thread and 2 workers, a value each: 3 × 8 + 72 + 4 = 100 B a run, however many years
    expect(monteCarloBytes({ runs: 1000, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: true, workers: 2 })).toBe(100_000);
    // one thread: 8 + 72 + 4 = 84 B a run
    expect(monteCarloBytes({ runs: 1000, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: true })).toBe(84_000);
  });

  it("and a run folder's split of the registered rate's gain where the scenario has a registered-rate target", () => {
    // by hand: 10 doubles and a flag a run, and a double while a statistic is sorted: 80 + 1 + 8 = 89 B
    expect(GAIN_BYTES_PER_RUN).toBe(89);
    // streamed with 2 workers: 100 B a run as above + 89 = 189 B
    expect(monteCarloBytes({ runs: 1000, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: true, workers: 2, gain: 89 })).toBe(189_000);
    expect(hasRegisteredGain(loadScenario('scenarios/dalian.yaml'))).toBe(true); // registered_rate targets 2017, 2020
    expect(hasRegisteredGain(loadScenario(join(writeScenarios({ 's.yaml': MINIMAL }), 's.yaml')))).toBe(false);
  });

  it('10,000,000 runs on a 16 GB machine: an input error with the estimate and what would fit', () => {
    const o = { runs: 10_000_000, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: false };
    expect(() => checkMemory('dalian', o, 16e9)).toThrow(InputError);
    expect(() => checkMemory('dalian', o, 16e9)).toThrow(
      'dalian: 10,000,000 runs of 23 years need about 76.2 GB of memory (7.4 kB a run: every indicator of every run), more than 75% of the 16.0 GB this machine has; run at most about 1,574,803 at once',
    );
    expect(() => checkMemory('dalian', { ...o, runs: 1_574_803 }, 16e9)).not.toThrow();
    expect(() => checkMemory('dalian', { ...o, runs: 1_574_804 }, 16e9)).toThrow(InputError);
  });

  it('a figure under 1 GB in MB, not "0.0 GB" (a container of a few MB)', () => {
    // 1,000 runs of 7,620 B (above) = 7,620,000 B against 75% of 8,000,000 = 6,000,000: 6,000,000 / 7,620 = 787.4 fit.
    const o = { runs: 1000, years: 23, metrics: 41, sampled: 9, checks: 1, streaming: false };
    expect(() => checkMemory('dalian', o, 8e6)).toThrow(
      'dalian: 1,000 runs of 23 years need about 7.6 MB of memory (7.4 kB a run: every indicator of every run), more than 75% of the 8.0 MB this machine has; run at most about 787 at once',
    );
  });

  it.runIf(availableMemory() < 90e9)('urbsim compare --runs 10000000: exit 2 before any run (it failed with "Array buffer allocation failed")', async () => {
    const r = await cli(['compare', 'scenarios/dalian.yaml', 'scenarios/dalian-open.yaml', '--runs', '10000000', '--out', '/tmp/urbsim-never-written']);
    expect(r.code, r.err).toBe(2);
    // Both variants' runs, held together until compared: 2 · 23 · 43 · 8 = 15,824 bytes a run of indicators alone, 158.2 GB and more.
    expect(r.err).toMatch(/compare \(2 variants, held together\): 10,000,000 runs of 23 years need about 1(5[89]|6\d)\.\d GB of memory/);
    expect(r.err).not.toMatch(/internal error|runs \(\d/); // no progress: nothing ran
  });

  it.runIf(availableMemory() < 140e9)('urbsim sensitivity --runs 1000000: exit 2 before its design is drawn or any run runs', async () => {
    // Dalian samples 12 inputs and has inflow shocks: its design runs (12 + 2 + 1) · 1,000,000 = 15,000,000 runs, held
    // every indicator of every run, 23 · 43 · 8 = 7,912 bytes a run to 2035: 118.7 GB and more. The design was drawn
    // first (13 minutes, deaf to Ctrl-C), then the million plain runs ran, and only then were its runs refused.
    const out = join(mkdtempSync(join(tmpdir(), 'urbsim-mem-')), 'sens');
    const t0 = Date.now();
    const r = await cli(['sensitivity', 'scenarios/dalian.yaml', '--metric', 'registered_rate', '--year', '2035', '--runs', '1000000', '--out', out]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/^urbsim: dalian: 15,000,000 runs of 23 years need about 1(1[89]|2\d)\.\d GB of memory .*; run at most about [\d,]+ base rows \(--runs; the design runs 15 times as many\), or split the runs into shards \(--shard k\/n\) and analyse them together \(--runs-from\)\n$/);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(existsSync(out)).toBe(false);
  });

  it.runIf(availableMemory() < 90e9)('urbsim batch --runs 10000000: exit 2 and no empty --out folder left behind', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'urbsim-mem-'));
    const r = await cli(['batch', 'scenarios/dalian.yaml', '--runs', '10000000', '--out', join(parent, 'batch')]);
    expect(r.code, r.err).toBe(2);
    // 10,000,000 · 23 · 43 · 8 = 79.12 GB of indicators, the sampled values and checks (12 · 8 + 4 = 100 bytes a run:
    // 1.0 GB) and the registered rate's gain by source its run folder splits (89 bytes a run: 0.89 GB): 81.01 GB
    expect(r.err).toMatch(/dalian: 10,000,000 runs of 23 years need about 81\.0 GB of memory \(7\.9 kB a run: every indicator of every run, and the registered rate's gain by source\)/);
    expect(readdirSync(parent)).toEqual([]);
  });
});
