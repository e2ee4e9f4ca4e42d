import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { targetsIpc } from '../../src/io/arrowTables.ts';
import { writeOutputFolder } from '../../src/io/outputFolder.ts';
import { writeRunOutputs } from '../../src/io/writeRunOutputs.ts';
import { compareVariants } from '../../src/analysis/compareVariants.ts';
import { writeComparison } from '../../src/analysis/writeComparison.ts';
import { pyramidOf } from '../../src/report/writePyramid.ts';
import { runMonteCarlo, type MonteCarloResult } from '../../src/montecarlo/runMonteCarlo.ts';
import type { TargetResult } from '../../src/analysis/targetProbabilities.ts';
import { sensitivity } from '../../src/analysis/sensitivity.ts';
import { withLeverRanges } from '../../src/analysis/withLeverRanges.ts';
import { writeSensitivity } from '../../src/analysis/writeSensitivity.ts';
import { solveLever } from '../../src/analysis/solveLever.ts';
import { writeSolve } from '../../src/analysis/writeSolve.ts';
import { findFont } from '../../src/report/findFont.ts';
import { dalianResolved } from '../helpers/resolvedFixture.ts';

/** Whether this machine has a CJK font for Chinese PNGs (the PNG tests in Chinese skip without one). */
export const hasCjkFont = (() => {
  try {
    findFont('zh');
    return true;
  } catch {
    return false;
  }
})();

/** The text of the written file whose name starts with `stem.`. */
export const read = (files: string[], stem: string) => readFileSync(files.find((f) => basename(f).startsWith(`${stem}.`))!, 'utf8');

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'urbsim-report-'));

/**
 * A small real run folder: the Dalian fixture (3 targets: resident 2017 and
 * 2020, registered 2020; `targets: n` keeps the first n), optionally with school places and housing units
 * limited so the capacity charts have a supply line (600,000 places bind:
 * the fixture's school-age demand is about 630–680 thousand in 2013–2020).
 */
export async function makeRun(
  dir: string,
  o: { runs?: number; name?: string; capacity?: boolean; seed?: number; targets?: number } = {},
): Promise<{ dir: string; result: MonteCarloResult; targets: TargetResult[] }> {
  const result = await runFixture(o);
  const { targets } = writeRunOutputs(dir, result, { workers: 1, startedAt: new Date(), also: pyramidOf(result) });
  return { dir, result, targets };
}

function runFixture(o: { runs?: number; name?: string; capacity?: boolean; seed?: number; targets?: number }): Promise<MonteCarloResult> {
  const scenario = dalianResolved({
    runs: o.runs ?? 40,
    name: o.name ?? 'dalian-test',
    seed: o.seed,
    parameters: o.capacity
      ? {
          school_places: { kind: 'number', value: 600_000 },
          public_access_share: { kind: 'number', value: 0.7 },
          housing_units: { kind: 'number', value: 110_000 },
        }
      : {},
  });
  return runMonteCarlo(o.targets === undefined ? scenario : { ...scenario, targets: scenario.targets.slice(0, o.targets) });
}

/**
 * A compare folder as `urbsim compare` leaves it: compare.arrow and a run
 * folder per variant, the first the reference; `capacity` marks the
 * variants run with limited school places and housing. Same seed throughout.
 */
export async function makeCompare(dir: string, variants: readonly { name: string; capacity?: boolean }[], o: { runs?: number } = {}): Promise<void> {
  const results: MonteCarloResult[] = [];
  for (const v of variants) results.push(await runFixture({ runs: o.runs ?? 40, name: v.name, capacity: v.capacity }));
  // As the command does: the variants' run folders and the comparison in one commit.
  writeOutputFolder(dir, (out) => {
    for (const r of results) writeRunOutputs(out.folder(r.scenario.name), r, { workers: 1, startedAt: new Date(), also: pyramidOf(r) });
    writeComparison(out, compareVariants(results), { metric: 'registered_rate', years: [2017, 2020], files: variants.map((v) => `${v.name}.yaml`) });
  });
}

/**
 * The batch columns a fixture's targets.arrow gets with `marks` ({@link makeBatch}): the first scenario's registered
 * target rests on defaults (†) and its targets are weighed at 60 % (50–70 %) on 177 effective runs; the second's at
 * 37.5 % (10–75 %) on 4; the third has an own figure but is not weighed (every one in its laws); the rest have none.
 */
export const FIXTURE_WEIGHED = [
  { probability: 0.6, lower: 0.5, upper: 0.7, effectiveRuns: 177 },
  { probability: 0.375, lower: 0.1, upper: 0.75, effectiveRuns: 4 },
] as const;

/**
 * A batch folder as `urbsim batch` leaves it: one run folder per scenario and the combined targets.arrow; with
 * `marks`, the batch's own columns as {@link FIXTURE_WEIGHED} says (on_defaults, own figures, weighed), and on_break on
 * the first two areas' registered targets (the first's † §, the second's § alone).
 */
export async function makeBatch(dir: string, names: readonly string[], o: { marks?: boolean } = {}): Promise<void> {
  const scenarios: string[] = [];
  const all: TargetResult[] = [];
  for (const [i, name] of names.entries()) {
    mkdirSync(join(dir, name), { recursive: true });
    const { targets } = await makeRun(join(dir, name), { runs: 20, name, seed: 100 + i });
    for (const t of targets) {
      scenarios.push(name);
      all.push(t);
    }
  }
  const index = (s: string) => names.indexOf(s);
  const onDefaults = o.marks ? all.map((t, r) => (t.year === null ? null : index(scenarios[r]) === 0 && t.metric === 'registered_rate')) : undefined;
  const onBreak = o.marks ? all.map((t, r) => (t.year === null ? null : index(scenarios[r]) <= 1 && t.metric === 'registered_rate')) : undefined;
  const own = o.marks
    ? {
        rows: scenarios.map((s) => (index(s) > 2 ? null : { figures: 1, inside: 1, ...(index(s) < 2 && { weighed: FIXTURE_WEIGHED[index(s)] }) })),
        json: JSON.stringify({ inside: 3, figures: 3, items: [] }),
      }
    : undefined;
  writeOutputFolder(dir, (out) => out.writeFile('targets.arrow', targetsIpc(scenarios, all, own, onDefaults, undefined, onBreak)), { mode: 'update' });
}

/**
 * A hand-built weighed answer (weighed.json, as urbsim batch writes it beside a scenario's run) in run folder `dir`:
 * weighed by the area's resident rate of 2015, 500 effective runs, no target; intervals of both rates in 2014–2017
 * (medians: resident 60 % + 1 point a year from 2014, registered 50 % + 1 point, p10 and p90 2 points either side), of
 * which a chart draws 2016 and 2017, the years after the figure; with `targets`, those weighed probabilities.
 */
export function writeWeighedFixture(dir: string, o: { targets?: readonly { id: string; probability: number; lower: number; upper: number; effectiveRuns: number }[] } = {}): void {
  const i = (metric: string, year: number, p50: number) => ({ metric, year, p10: p50 - 0.02, p50, p90: p50 + 0.02 });
  const years = [2014, 2015, 2016, 2017];
  writeFileSync(
    join(dir, 'weighed.json'),
    JSON.stringify({
      key: 'hand',
      figures: [{ area: 'dalian', metric: 'resident_rate', year: 2015, value: 0.66 }],
      inLaws: [],
      kishRuns: 500,
      targets: o.targets ?? [],
      intervals: [...years.map((y) => i('resident_rate', y, 0.6 + (y - 2014) / 100)), ...years.map((y) => i('registered_rate', y, 0.5 + (y - 2014) / 100))],
    }),
  );
}

/**
 * A small real sensitivity folder: the Dalian fixture's two sampled inputs
 * (inflow, migrant_settle_rate) and its inflow shocks, on the resident rate in
 * 2016; with `lever`, also the policy lever rural_to_town_rate ranked over 1%–5%;
 * with `variable`, the inflow grows by a scenario variable `inflow_growth`
 * (as in scenarios/dalian.yaml), which is sampled instead of the inflow; with `idleLever`, the lever points_cutoff
 * over 60–130, which does not act in the fixture's plain settlement mode.
 */
export async function makeSensitivity(dir: string, o: { lever?: boolean; variable?: boolean; idleLever?: boolean } = {}): Promise<string> {
  const levers = [...(o.lever ? [{ lever: 'rural_to_town_rate', lo: 0.01, hi: 0.05 }] : []), ...(o.idleLever ? [{ lever: 'points_cutoff', lo: 60, hi: 130 }] : [])];
  const growth = o.variable
    ? {
        variables: { inflow_growth: { kind: 'dist' as const, spec: { dist: 'normal' as const, mean: 0, sd: 0.02 } } },
        parameters: { inflow: { kind: 'expr' as const, text: '200000 * (1 + inflow_growth) ^ t', symbols: ['inflow_growth', 't'] } },
      }
    : {};
  const result = await sensitivity(withLeverRanges(dalianResolved({ end: 2016, ...growth }), levers), { metric: 'resident_rate', year: 2016, runs: 24, bootstrap: 10, levers });
  writeSensitivity(dir, result, { startedAt: new Date() });
  return dir;
}

/**
 * A small real solve folder: the yearly quota for a registered-rate target in 2015 (found within the range, 0–100,000 or
 * `quotas`); with
 * `percentVariable`, instead the growth of the inflow, a scenario variable written in percent (`inflow_growth: 2%`, as
 * in scenarios/dalian.yaml), searched over 0–6 % (or 0 to `hi`) for a resident rate of 69.8 % in 2015 (found at 0.18 %).
 */
export async function makeSolve(dir: string, o: { percentVariable?: boolean; hi?: number; quotas?: readonly [number, number] } = {}): Promise<string> {
  if (o.percentVariable) {
    const s = {
      ...dalianResolved({
        runs: 30,
        end: 2015,
        variables: { inflow_growth: { kind: 'number', value: 0.02 } },
        parameters: { inflow: { kind: 'expr', text: '200000 * (1 + inflow_growth) ^ t', symbols: ['inflow_growth', 't'] } },
      }),
      percentVariables: ['inflow_growth'],
    };
    const target = { id: 'resident_rate>=0.698@2015', metric: 'resident_rate', year: 2015, op: '>=' as const, value: 0.698 };
    writeSolve(dir, await solveLever(s, { lever: 'inflow_growth', targets: [target], probability: 0.5, range: [0, o.hi ?? 0.06] }), { startedAt: new Date() });
    return dir;
  }
  const s = dalianResolved({ runs: 30, end: 2015 });
  const target = { id: 'registered_rate>=0.636@2015', metric: 'registered_rate', year: 2015, op: '>=' as const, value: 0.636 };
  const solution = await solveLever(s, { lever: 'settle_quota', targets: [target], probability: 0.5, range: o.quotas ?? [0, 100_000] });
  writeSolve(dir, solution, { startedAt: new Date() });
  return dir;
}

/** Parse SVG or HTML markup and count the elements matching a selector. */
export function count(markup: string, selector: string): number {
  const { document } = parseHTML(`<!doctype html><html><body>${markup}</body></html>`);
  return document.querySelectorAll(selector).length;
}

/** The marks of a Plot mark group tagged with `ariaDescription`. */
export const marks = (markup: string, description: string, element = '*'): number =>
  count(markup, `g[aria-description="${description}"] > ${element}`);

/**
 * Width and height of a PNG from its IHDR chunk (PNG spec §11.2.2): the
 * 8-byte signature, then the chunk length and type "IHDR", then width and
 * height as big-endian uint32 at bytes 16 and 20.
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => bytes[i] === b)) throw new Error('not a PNG: bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new Error('not a PNG: first chunk is not IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
