import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { BaselineError } from '../model/baseline.ts';
import { readRunMeta } from '../io/readRunOutputs.ts';
import { checkShards } from '../io/mergeResults.ts';
import { mergeToFolder } from '../io/mergeToFolder.ts';
import { runPool, runToFolder } from '../io/runToFolder.ts';
import { TOOLKIT_VERSION } from '../io/toolkitVersion.ts';
import { loadScenario, validateScenario, ScenarioError, scenarioJsonSchema } from '../scenario/api.ts';
import { InputError } from '../inputError.ts';
import { fsErrorText } from '../io/fsErrorText.ts';
import { fsFailureVerb } from '../io/fsFailureVerb.ts';
import { EXIT, UsageError } from './errors.ts';
import { positiveInt, seedOption, shardOption } from './options.ts';
import { type Progress, progress, withProgress } from './progress.ts';
import type { ReportFormat } from './report.ts';
import type { Lang } from '../report/labels.ts';
import { batchScenarios, expandScenarioArgs, runBatch } from '../batch/runBatch.ts';
import { ownFiguresLine } from '../batch/reachability.ts';
import { STEADY_ESS, runsText } from '../report/batchMarks.ts';
import { ownWeighedOfFolder } from './ownWeighedTable.ts';
import { keepWeighed } from './keepWeighed.ts';
import { resultTable } from './resultTable.ts';
import { gainLines } from './gainLines.ts';
import { capWorkers } from './capWorkers.ts';
import { refuseBlankArguments } from './blankArguments.ts';
import { compareCommand, type CompareCommandOptions } from './compare.ts';
import { compileChecked } from './compileChecked.ts';
import { checkOutputFile, checkOutputFolder, checkOwnJsonFile } from './outputPath.ts';
import { writeFileAtomic } from '../io/atomicWrite.ts';
import { checkInputsKept, checkOutputOf, recordedScenarioFile, withOutputFolder } from '../io/outputFolder.ts';
import { WriteError } from '../io/writeError.ts';
import { backtestCommand, calibrateCommand, type CalibrateCliOptions } from './calibrate.ts';
import { crossValidateCommand, type CrossValidateCliOptions, fitDefaultsCommand } from './crossValidation.ts';
import { widthsCommand } from './widths.ts';
import { sensitivityCommand, type SensitivityCommandOptions } from './sensitivity.ts';
import { solveCommand, type SolveCommandOptions } from './solve.ts';
import { withMonteCarlo } from '../scenario/withMonteCarlo.ts';
import { warnScenario } from './warnScenario.ts';
import { initCommand, type InitCommandOptions } from './init.ts';
import { type SlurmCliOptions, slurmOptions, withSlurmOptions } from '../cluster/slurmOptions.ts';
import { runOnSlurm } from '../cluster/runOnSlurm.ts';
import { batchOnSlurm } from '../cluster/batchOnSlurm.ts';
import { statusText } from '../cluster/statusText.ts';
import { makeDirs } from '../io/makeDirs.ts';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * The `urbsim` command, as a function returning the exit code: 0 ok, 2 invalid
 * input (scenario, options, baseline, any InputError of the library), 1 internal failure. Thin over the
 * library: every command is a few calls to the public API.
 *
 * @example
 * const code = await main(['run', 'scenarios/dalian.yaml', '--runs', '100']);
 */
export async function main(argv: readonly string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('urbsim')
    .description('Project resident (常住) and registered (户籍) urbanization rates of Chinese cities')
    .version(TOOLKIT_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run urbsim --help for usage)');

  withSlurmOptions(program
    .command('run')
    .description('run a scenario\'s Monte Carlo and write Arrow tables')
    .argument('<scenario>', 'scenario YAML file')
    .option('--runs <N>', 'number of runs (overrides monte_carlo.runs)')
    .option('--seed <S>', 'random seed (overrides monte_carlo.seed)')
    .option('--workers <W>', 'worker threads', '1')
    .option('--out <DIR>', 'output folder (default out/<scenario name>)')
    .option('--shard <k/n>', 'run only the k-th of n equal slices of the runs; env: k and n from a Slurm array task or Kubernetes Indexed Job'), 'one task per 1,000 runs, at most 100')
    .action(async (file: string, o: { runs?: string; seed?: string; workers: string; out?: string; shard?: string } & SlurmCliOptions) => {
      const runs = positiveInt('--runs', o.runs, 10_000_000);
      const seed = seedOption(o.seed);
      const workers = positiveInt('--workers', o.workers, 256)!;
      const slurm = slurmOptions(o);
      if (slurm && o.shard) throw new UsageError('--shard with --slurm: --slurm cuts the runs into shards itself (--array-size)');
      const shard = shardOption(o.shard);
      const scenario = withMonteCarlo(loadScenario(file), { runs, seed });
      // The worker threads start loading now, on the cores this thread leaves idle while it checks the scenario.
      const pool = slurm ? undefined : runPool(scenario, workers, shard);
      try {
        const compiled = compileChecked(scenario, file); // surfaces baseline problems before anything is written
        warnScenario(file, scenario, io.err);
        const dir = o.out ?? join('out', scenario.name || basename(file, extname(file)));
        checkOutputFolder('--out', dir);
        // A shard's folder is its own kind: a shard is refused a whole run's folder, and a whole run a shard's.
        const kind = shard ? 'run --shard' : 'run';
        checkOutputOf(dir, file, { named: o.out === undefined && scenario.name ? scenario.name : undefined, kind });
        if (slurm) return void io.out(runOnSlurm(file, scenario, dir, workers, slurm).text);
        const startedAt = new Date();
        // a shard's median run is not the whole run's: merge writes the pyramid of shards
        const { result, targets, summary, gain } = await withOutputFolder(dir, (out) =>
          withProgress(scenario.name, (onProgress) => runToFolder(scenario, out, { workers, shard, onProgress, startedAt, pyramid: !shard, pool, compiled, onNote: io.err })),
        { command: 'urbsim run', scenarioFile: file, kind });
        // A shard's runs are a slice: the figures weigh the whole run, which urbsim merge prints.
        const own = shard ? { lines: [] } : ownWeighedOfFolder(file, scenario, dir, result, summary);
        // The weighed answer printed is kept beside the runs, for the report, the notebooks and scripts.
        const kept = own.weighed !== undefined && (await keepWeighed(dir, file, scenario, own.weighed, 'urbsim run'));
        io.out(`${[resultTable(result, summary, targets, shard), ...gainLines(gain, result.runEnd - result.runStart), ...own.lines].join('\n')}\n\nwrote ${dir}/ (trajectories, summary, params, targets${gain ? ', registered_gain' : ''}${shard ? '' : ', pyramid'} .arrow; meta.json${kept ? ', weighed.json' : ''}) in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s\n`);
      } finally {
        await pool?.destroy();
      }
    });

  withSlurmOptions(program
    .command('batch')
    .description('run many scenarios (files or folders of *.yaml), resumably, with a combined targets table and a reachability report')
    .argument('<scenarios...>', 'scenario files or folders')
    .option('--runs <N>', 'runs per scenario (overrides each file)')
    .option('--workers <W>', 'worker threads', '1')
    .option('--shard <k/n>', 'run only the k-th of n slices of the scenarios and write no report (env: k and n from a job array task)')
    .requiredOption('--out <DIR>', 'output folder (one sub-folder per scenario)'), 'one task per scenario, at most 100')
    .action(async (args: string[], o: { runs?: string; workers: string; out: string; shard?: string } & SlurmCliOptions) => {
      const runs = positiveInt('--runs', o.runs, 10_000_000);
      const workers = positiveInt('--workers', o.workers, 256)!;
      const slurm = slurmOptions(o);
      if (slurm && o.shard) throw new UsageError('--shard with --slurm: --slurm cuts the batch into shards itself (--array-size)');
      const shard = shardOption(o.shard);
      const files = expandScenarioArgs(args);
      if (files.length === 0) throw new UsageError(`no scenario files found in ${args.join(', ')}`);
      checkOutputFolder('--out', o.out);
      const given = new Set(files);
      const load = (f: string) => {
        const s = loadScenario(f);
        compileChecked(s, f); // baseline problems surface before anything runs
        // The batch's own files only: the second runs' scenario, a temporary file extending one of them, has said its warnings.
        if (given.has(f)) warnScenario(f, s, io.err);
        return s;
      };
      if (slurm) return void io.out(batchOnSlurm(files, batchScenarios(files, { outDir: o.out, runs, load }), o.out, { runs, workers }, slurm).text);
      const t0 = Date.now();
      // A bar per scenario, labelled as its lines, for its runs and then its second runs: stopped before each line so
      // that the line stands alone, and started afresh by the next runs.
      let bar: { index: number; progress: Progress } | undefined;
      const stopBar = () => bar?.progress.stop();
      const say = (line: string) => {
        stopBar();
        io.err(`${line}\n`);
      };
      const { ran, skipped, reweighed, rows } = await runBatch(files, {
        outDir: o.out,
        runs,
        workers,
        shard,
        load,
        onNote: io.err,
        onProgress: (done, total, at) => {
          if (bar?.index !== at.index) {
            stopBar();
            bar = { index: at.index, progress: progress(`[${at.index + 1}/${at.total}] ${at.name}`) };
          }
          bar.progress.update(done, total);
        },
        onScenario: (e) => say(`[${e.index + 1}/${e.total}] ${e.name}: ${e.skipped ? 'up to date, skipped' : `${e.reweighed ? 'runs up to date, weighed anew by its own figures, ' : ''}${(e.ms / 1000).toFixed(1)} s`}`),
        onSecondRuns: (e) =>
          // The second draw's line follows the first's: its effective runs are of the runs that line announced, and its
          // runs replace them (they are not drawn besides them).
          say(
            `[${e.index + 1}/${e.total}] ${e.name}: ${e.effective === undefined ? `weighing its targets by its own figures, ${runsText(e.runs)} drawn again` : `${runsText(e.effective, 'effective')} of them, under ${STEADY_ESS}: ${runsText(e.runs)} drawn again instead`} (reachability.md)`,
          ),
        onHistoryRuns: (e) =>
          say(`[${e.index + 1}/${e.total}] ${e.name}: conditioning its urbanization pace on its resident rates before its base year, for the runs drawn again: ${runsText(e.runs)} of one year (src/model/README.md, 5b)`),
        onSecondRunsRefused: (e) =>
          say(`[${e.index + 1}/${e.total}] ${e.name}: memory cannot hold ${runsText(e.runs)}: its weighed answer stays that of the ${runsText(e.kept)} drawn first, ${runsText(e.effective, 'effective')}, rough (reachability.md)`),
      }).finally(stopBar);
      const scenarios = `${files.length} scenario${files.length === 1 ? '' : 's'}`;
      const what = shard ? `shard ${shard.index}/${shard.count} of a batch of ${scenarios}` : `batch of ${scenarios}`;
      const own = shard ? undefined : ownFiguresLine(rows);
      io.out(`${what}: ${ran} run, ${skipped} skipped${reweighed ? `, ${reweighed} weighed anew from the runs kept` : ''}, wall time ${((Date.now() - t0) / 1000).toFixed(1)} s\n${shard ? '' : `wrote ${o.out}/targets.arrow, reachability.md, reachability.html\n`}${own ? `${own}\n` : ''}`);
    });

  program
    .command('compare')
    .description('run variants with common random numbers and compare each with the first, run by run')
    .argument('<scenarios...>', 'two or more scenario files; the first is the reference')
    .option('--runs <N>', 'runs (overrides the files)')
    .option('--seed <S>', 'seed shared by all variants (default: the first file\'s)')
    .option('--workers <W>', 'worker threads', '1')
    .option('--metric <M>', 'metric for the printed table', 'registered_rate')
    .option('--year <Y,…>', 'years of the printed tables (default: every target year and the last year)')
    .option('--out <DIR>', 'output folder (default out/compare-<first name>)')
    .action(async (files: string[], o: CompareCommandOptions) => {
      io.out(await compareCommand(files, o, (line) => io.err(`${line}\n`)));
    });

  program
    .command('report')
    .description('draw a run, batch, compare, sensitivity or solve folder as one HTML page, or SVG/PNG files, labelled in Chinese or English')
    .argument('<dir>', 'a folder urbsim run, batch, compare, sensitivity or solve wrote')
    .option('--format <F>', 'html | svg | png', 'html')
    .option('--lang <L>', 'zh | en', 'zh')
    .option('--out <DIR>', 'output folder (default <dir>/report)')
    .action(async (dir: string, o: { format: string; lang: string; out?: string }) => {
      // Loaded here, not at start: the charting libraries cost every other command ~25 MB it never uses.
      const { reportCommand } = await import('./report.ts');
      const files = reportCommand(dir, { format: o.format as ReportFormat, lang: o.lang as Lang, out: o.out });
      io.out(`wrote ${files.join(', ')}\n`);
    });

  withSlurmOptions(program
    .command('sensitivity')
    .description('rank the uncertain inputs by how much they move one metric in one year: PRCC and Sobol\' indices with intervals')
    .argument('<scenario>', 'scenario YAML file (at least 2 parameters or variables given as distributions)')
    .requiredOption('--metric <M>', 'the metric, e.g. registered_rate')
    .requiredOption('--year <Y>', 'a projected year of the scenario')
    .option('--runs <N>', 'runs of the plain Monte Carlo (PRCC) and base rows of the Saltelli design (default: chosen for --precision)')
    .option('--lever <KEY=LO..HI>', 'a policy lever to rank over a range, with the uncertain inputs (repeat for several)', collect, [])
    .option('--precision <H>', 'without --runs: half-width of the Sobol\' intervals to reach (default 0.05)')
    .option('--max-runs <N>', 'without --runs: most base rows to use (default 4000)')
    .option('--bootstrap <B>', 'bootstrap resamples of the Sobol\' intervals', '200')
    .option('--seed <S>', 'random seed (overrides monte_carlo.seed)')
    .option('--workers <W>', 'worker threads', '1')
    .option('--out <DIR>', 'output folder (default out/<scenario>-sensitivity-<metric>-<year>)')
    .option('--shard <k/n>', 'run only shard k of n of the runs (plain and design) and write their values (env: from a job array task)')
    .option('--runs-from <DIR...>', 'analyse the runs of these shard folders (--shard) instead of running'), 'one task per 1,000 model runs, at most 100')
    .action(async (file: string, o: SensitivityCommandOptions) => {
      io.out((await sensitivityCommand(file, o, (line) => io.err(`${line}\n`))).text);
    });

  program
    .command('solve')
    .description('find the smallest (or largest) lever value that meets a target with at least a given probability; with several --lever, the frontier of combinations that do')
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--lever <KEY[=LO..HI]>', 'a lever: a parameter key (settle_quota, school_places, points_cutoff, migrant_settle_rate, …) or a variable of the scenario, with its range (e.g. settle_quota=0..20万); repeat for a frontier', collect, [])
    .requiredOption('--target <T>', 'registered_rate>=72.5%@2020; or a value with --metric and --year; or one of the scenario\'s targets by number (2), by metric@year, or all')
    .requiredOption('--probability <p>', 'probability to reach, e.g. 0.8 or 80%')
    .option('--metric <M>', 'metric of the target, with --year and a value as --target')
    .option('--year <Y>', 'year of the target, with --metric')
    .option('--direction <D>', 'min: smallest value that meets it; max: largest; auto: from which way the probability moves', 'auto')
    .option('--range <LO,HI>', 'values to search, in the lever\'s units (e.g. 0,20万 or 3%,15%); default: the lever\'s distribution in the scenario, else its bounds')
    .option('--tolerance <T>', 'resolution of the answer, in the (last) lever\'s units (default 1% of the range; 2% for a frontier)')
    .option('--grid <N>', 'with several levers: values per grid lever, ends included (default 6 with two levers, 4 with three)')
    .option('--runs <N>', 'runs per lever value (overrides monte_carlo.runs)')
    .option('--seed <S>', 'random seed (overrides monte_carlo.seed)')
    .option('--workers <W>', 'worker threads', '1')
    .option('--max-evaluations <N>', 'most lever values to run, both ends included', '30')
    .option('--out <DIR>', 'output folder (default out/<scenario>-solve-<lever>[+<lever>…])')
    .action(async (file: string, o: SolveCommandOptions) => {
      io.out((await solveCommand(file, o, (line) => io.err(`${line}\n`))).text);
    });

  program
    .command('init')
    .description('write a commented scenario to start from: an area of data/areas (seed figures with their lines), or --blank for a city of your own')
    .argument('[area]', 'area id of data/areas/areas.csv, e.g. dalian')
    .option('--blank', 'a template for a city the toolkit has no data on')
    .option('--name <NAME>', 'the scenario name, which names its output folder (default: the --out file\'s name, else the area id or my-city)', undefined)
    .option('--out <FILE>', 'write to this file (default: standard output)')
    .option('--force', 'replace --out if it exists')
    .action((area: string | undefined, o: InitCommandOptions) => {
      io.out(initCommand(area, o, (line) => io.err(`${line}\n`)));
    });

  program
    .command('validate')
    .description('check scenario files and report every problem')
    .argument('<scenario...>', 'scenario YAML files or folders of them')
    .action((args: string[]) => {
      const files = expandScenarioArgs(args); // a folder means its *.yaml, as for batch
      if (files.length === 0) throw new UsageError(`no scenario files (*.yaml) in ${args.join(', ')}`);
      let bad = 0;
      for (const f of files) {
        const issues = validateScenario(f);
        if (issues.length) {
          bad++;
          io.err(`${new ScenarioError(issues).format()}\n`);
          continue;
        }
        // A file can be valid key by key and still describe an impossible city: check the baseline as run would.
        try {
          const s = loadScenario(f);
          compileChecked(s, f);
          io.out(`${f}: ok\n`);
          warnScenario(f, s, io.err);
        } catch (e) {
          if (!(e instanceof UsageError)) throw e;
          bad++;
          io.err(`${e.message}\n`);
        }
      }
      if (bad) code = EXIT.invalid;
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors)')
    .option('--out <FILE>', 'write to a file instead of standard output')
    .action((o: { out?: string }) => {
      const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
      if (o.out) {
        checkOutputFile('--out', o.out);
        // Written anew over the schema it wrote before (scenarios/urbsim.schema.json), never over another file.
        checkOwnJsonFile('--out', o.out, isScenarioSchema, 'the schema of scenario files urbsim writes');
        makeDirs(dirname(resolve(o.out)));
        writeFileAtomic(o.out, text);
        // As every command that writes a file says where: silence read as nothing done.
        io.out(`wrote ${o.out}\n`);
      }
      else io.out(text);
    });

  program
    .command('status')
    .description('show which shards of a job submitted with --slurm are done, pending, running or failed, and the merge')
    .argument('<dir>', 'the output folder the job was submitted for (--out)')
    .action((dir: string) => io.out(statusText(dir).text));

  program
    .command('merge')
    .description('merge the output folders of shards of one scenario into one folder')
    .argument('<dirs...>', 'shard output folders')
    .requiredOption('--out <DIR>', 'output folder')
    .action(async (dirs: string[], o: { out: string }) => {
      const shards = dirs.map((d) => readRunMeta(d));
      checkShards(shards); // every problem with the shards before anything is written
      checkOutputFolder('--out', o.out);
      checkInputsKept('--out', o.out, dirs, 'merge');
      // The shards' scenario file, when they all record one and the same: the merged folder is its output.
      const of = new Set(dirs.map((d) => recordedScenarioFile(d)));
      // (not one that is gone: shards copied from where they ran record a path that leads nowhere from here, and the
      // merged folder would refuse the file's own next run as another file's)
      const scenarioFile = of.size === 1 && [...of][0] !== undefined && existsSync([...of][0]!) ? [...of][0] : undefined;
      if (scenarioFile !== undefined) checkOutputOf(o.out, scenarioFile, { kind: 'run', command: 'urbsim merge' });
      const { result, targets, summary, pyramid, gain } = await withOutputFolder(o.out, (out) => mergeToFolder(dirs, out, (w) => io.err(`${w}\n`), { onNote: io.err }), { command: 'urbsim merge', scenarioFile, kind: 'run' });
      // The whole run at last: its targets weighed by the area's own figures, as urbsim run prints them.
      const own = ownWeighedOfFolder(scenarioFile ?? '<scenario file>', result.scenario, o.out, result, summary);
      // Kept as urbsim run keeps it: the merged folder holds the files a single run writes.
      const kept = own.weighed !== undefined && (await keepWeighed(o.out, scenarioFile, result.scenario, own.weighed, 'urbsim merge'));
      io.out(`${[resultTable(result, summary, targets), ...gainLines(gain, result.runEnd - result.runStart), ...own.lines].join('\n')}\n\nmerged ${dirs.length} shards into ${o.out}/ (trajectories, summary, params, targets${gain ? ', registered_gain' : ''}${pyramid ? ', pyramid' : ''} .arrow; meta.json${kept ? ', weighed.json' : ''})\n`);
    });

  for (const [name, description, command] of [
    ['calibrate', 'fit a scenario\'s uncertain parameters to observed figures (ABC weighted by the figures\' observation errors) and write the posterior', calibrateCommand],
    ['backtest', 'calibrate on observed figures up to --until and score the later ones; or, with --cross-validate FILE, cross-validate the generated pilots against every figure after an area\'s base year', backtestCommand],
  ] as const) {
    const backtest = name === 'backtest';
    const c = program
      .command(name)
      .description(description)
      .argument(backtest ? '[scenario]' : '<scenario>', `scenario YAML file (its distributions are the prior)${backtest ? '; not with --cross-validate' : ''}`);
    if (backtest) c.option('--observed <FILE>', 'observed-series CSV (format: data/observed/README.md)');
    else c.requiredOption('--observed <FILE>', 'observed-series CSV (format: data/observed/README.md)');
    if (backtest)
      c.option('--cross-validate <FILE>', 'leave-one-area-out cross-validation of the generated pilots on this observed CSV: coverage, PIT, CRPS, next to a naive trend')
        .option('--fit-runs <N>', 'with --cross-validate: runs of each pass of each area\'s own fit (default 2000)')
        .option('--rural-to-town-form <FORM>', 'with --cross-validate: form of the urbanization pace the pilots run with, share or logit (src/model/README.md, step 6; default share)');
    withSlurmOptions(c
      .option('--area <ID>', 'area id of the figures (default: the scenario\'s city)')
      .option('--until <YEAR>', backtest ? 'last year fitted; later figures are scored (required without --cross-validate)' : 'fit only figures up to this year')
      .option('--runs <N>', `number of runs (overrides monte_carlo.runs${backtest ? '; with --cross-validate, each fold\'s runs, default 1000' : ''})`)
      .option('--accept <F>', 'keep this share of runs, closest first (rejection ABC); default: weigh every run by the figures\' observation errors')
      .option('--seed <S>', `random seed (overrides monte_carlo.seed${backtest ? '; with --cross-validate, default 2014' : ''})`)
      .option('--workers <W>', 'worker threads', '1')
      .option('--regression', 'regression-adjust the posterior parameters (Beaumont et al. 2002; with --accept)')
      .option('--out <DIR>', `output folder (default out/${name}-<scenario name>${backtest ? ', or out/cross-validation' : ''})`)
      .option('--runs-from <DIR...>', 'fit the runs in these run folders (urbsim run, or the shards of one) instead of running the scenario'), 'one task per 1,000 runs, at most 100')
      .action(async (file: string | undefined, o: CalibrateCliOptions & { crossValidate?: string; fitRuns?: string; ruralToTownForm?: string }) => {
        if (o.crossValidate !== undefined) {
          if (file !== undefined) throw new UsageError(`--cross-validate generates each area's scenario itself: give no scenario file (found ${file})`);
          io.out(await crossValidateCommand(o.crossValidate, o, (line) => io.err(`${line}\n`)));
          return;
        }
        if (file === undefined) throw new UsageError('backtest: give a scenario file and --observed FILE --until YEAR, or --cross-validate FILE');
        if (o.ruralToTownForm !== undefined) throw new UsageError('--rural-to-town-form goes with --cross-validate (a scenario file states its own rural_to_town_form)');
        if (o.observed === undefined) throw new UsageError("backtest: required option '--observed <FILE>' not specified");
        io.out(await command(file, o, io.err));
      });
  }

  program
    .command('fit-defaults')
    .description('fit the defaults the generated pilots draw from (paces pooled across areas, year-to-year variation) to an observed CSV, and write them as JSON')
    .argument('<observed>', 'observed-series CSV (format: data/observed/README.md)')
    .requiredOption('--out <FILE>', 'JSON file to write (the shipped one: data/observed/fitted-defaults.json)')
    .option('--runs <N>', 'runs of each pass of each area\'s fit (default 2000)')
    .option('--seed <S>', 'random seed (default 2014)')
    .option('--rural-to-town-form <FORM>', 'form of the urbanization pace the pilots run with, share or logit (src/model/README.md, step 6; default share)')
    .option('--workers <W>', 'worker threads', '1')
    .action(async (file: string, o: CrossValidateCliOptions) => io.out(await fitDefaultsCommand(file, o, (line) => io.err(`${line}\n`))));

  program
    .command('widths')
    .description('set the 80 % intervals of the resident and registered rate in run or batch folders against the widths the cross-validated errors imply at each scenario\'s level and horizon; list the narrower ones')
    .argument('<dir...>', 'run folders (urbsim run) or batch folders (urbsim batch)')
    .option('--cross-validation <DIR>', 'folder urbsim backtest --cross-validate wrote', join('out', 'cross-validation'))
    .option('--all', 'list every scenario and rate at its narrowest year, not only the narrower ones')
    .action((dirs: string[], o: { crossValidation: string; all?: boolean }) => io.out(`${widthsCommand(dirs, o)}\n`));

  // Before every command's own option checks, so all of them see the capped count.
  program.hook('preAction', (_, action) => {
    refuseBlankArguments(action);
    capWorkers(action, io.err);
  });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (e) {
    code = report(e, io);
  }
  return code;
}

function report(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.invalid; // commander has already printed the message
  }
  if (e instanceof ScenarioError) {
    io.err(`${e.format()}\n`);
    return EXIT.invalid;
  }
  if (e instanceof BaselineError || e instanceof InputError) {
    io.err(`urbsim: ${e.message}\n`);
    return EXIT.invalid;
  }
  // The machine, not the input and not a bug: a full disk, a quota, a file-size limit. Nothing was half-written.
  if (e instanceof WriteError) {
    io.err(`urbsim: ${e.message}; nothing was half-written, and earlier outputs are as they were\n`);
    return EXIT.internal;
  }
  // A path the user named that cannot be read or written (a read-only or missing place, no permission) is bad
  // input, not a bug; writers report the final name, not a temporary one (src/io/writeError.ts).
  const fsError = e as NodeJS.ErrnoException;
  if (fsError?.path && ['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG'].includes(fsError.code ?? '')) {
    io.err(`urbsim: cannot ${fsFailureVerb(fsError)} ${fsError.path}: ${fsErrorText(e)}\n`);
    return EXIT.invalid;
  }
  const err = e as Error;
  io.err(`urbsim: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.URBSIM_DEBUG) io.err(`${err?.stack ?? ''}\n`);
  else io.err('(set URBSIM_DEBUG=1 for the stack trace, and please report it)\n');
  return EXIT.internal;
}

/** A repeatable option's values, in order. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A schema of scenario files (`urbsim schema --out` wrote it, maybe of an older version): `$schema` and the properties city and years. */
function isScenarioSchema(json: unknown): boolean {
  const j = json as { $schema?: unknown; properties?: Record<string, unknown> } | null | undefined;
  return typeof j?.$schema === 'string' && j.properties?.city !== undefined && j.properties?.years !== undefined;
}
