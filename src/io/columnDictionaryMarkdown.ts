import { type ColumnDoc, OUTPUT_DICTIONARY } from './columnDictionary.ts';

const HEADER = `# Output files and their columns

<!-- Printed from src/io/columnDictionary.ts by \`npm run docs:columns\`; a test fails when the two differ. Edit that file, not this one. -->

Every command writes [Arrow IPC files](https://arrow.apache.org/docs/format/Columnar.html#ipc-file-format) (plus
\`meta.json\`: toolkit version, the resolved scenario and its hash, seed, runs, timings, the files written), each to a
temporary name and renamed, so a killed command never leaves a half file under the final name. Read them with any Arrow
library: \`pyarrow.ipc.open_file(path).read_all()\`, \`arrow::read_ipc_file(path)\` in R, or
\`tableFromIPC(readFileSync(path))\` with apache-arrow in JavaScript.

What every file keeps to:

- **No NaN, no ±Infinity in any column.** A value that does not apply is null (a validity bitmap, with 0 stored
  under it): a flow in the base year (no year before it), the target columns of the joint row, a statistic with no
  run to compute it from. The column's \`nulls\` metadata (the last column below) says when a column can be null.
- **No limit is null too.** \`school_places\` and \`housing_units\` are null in trajectories.arrow when the scenario sets
  no limit; summary.arrow counts such runs in \`unlimited\` and summarizes only the runs with a finite value (\`n\`).
  urbsim's own readers turn these nulls back into Infinity, what the engine uses for "no limit".
- **Types say what a value is**: counts (runs, persons meeting a target, lines) and years are int32, seeds uint32,
  flags bool, measurements float64; repeated strings are dictionary-encoded.
- **Units**: rates and shares are fractions from 0 to 1 (0.631, not 63.1); populations in persons; money in yuan.
  Stocks are at the end of the year, flows during it.
- **Metadata on every column**: \`unit\`, \`description\`, \`label_zh\` (the Chinese label) and, where the column can be
  null, \`nulls\` — the text of the tables below, so a file explains itself
  (\`pyarrow.ipc.open_file(p).schema.field('registered_rate').metadata\`).
- **The base year reproduces the scenario's figures exactly where it draws no base-year error**: without
  \`uncertainty.baseline\` (a scenario with neither \`city:\` nor \`uncertainty:\`, or with \`uncertainty: none\` or
  \`uncertainty: { baseline: none }\`) every run starts from the same baseline, which matches the given populations and
  rates; its indicators are rounded to 12 significant digits, removing the float noise of summing thousands of cells (a
  registered rate of 0.631, not 0.6309999999999999, for 63.1 %). Under the base-year errors — the default of a scenario
  naming a city and of every file \`urbsim init\` writes — each run starts from one of 100 baselines moved by the
  figures' errors by caliber (src/model/README.md, "Sources of uncertainty" 2), so the base year's values differ run by
  run around the figures (scenarios/pilots/dalian.yaml's 2013 registered rate, 0.631: p5–p95 0.619–0.644 in
  summary.arrow over 200 runs, 2026-12-05 on d9b41d2).
- **The same bytes** for the same scenario, seed and runs, whatever the worker count or shard split.

## Which command writes what

| command | files |
|---|---|
| \`urbsim run\` | \`trajectories.arrow\`, \`summary.arrow\`, \`params.arrow\`, \`targets.arrow\`, \`pyramid.arrow\`, \`meta.json\` (a shard: no pyramid); \`weighed.json\` where it prints its targets weighed by its area's own figures after its base year (as \`urbsim batch\` writes it; not a shard's, not where those figures are in the scenario's laws) |
| \`urbsim merge\` | the same as \`run\`, for the shards' runs together |
| \`urbsim compare\` | \`compare.arrow\`, and a run folder (as \`run\`) per variant under its name |
| \`urbsim batch\` | a run folder (as \`run\`) per scenario, with \`weighed.json\` where its area has observed figures after its base year (its targets and its rates' p10/p50/p90 by year, the runs weighed by those figures: JSON, not a table); a combined \`targets.arrow\`; \`reachability.md\`, \`reachability.html\` |
| \`urbsim sensitivity\` | \`sensitivity.arrow\`, \`meta.json\`; with \`--shard k/n\` (a Slurm task) the shard's \`runs.arrow\`, \`design.arrow\`, \`meta.json\` |
| \`urbsim solve\` | \`solve.arrow\`, \`meta.json\` |
| \`urbsim calibrate\` | \`posterior.arrow\`, \`calibration.arrow\`, \`points.arrow\`, \`calibrated-targets.arrow\` (when the scenario has targets), \`meta.json\` |
| \`urbsim backtest\` | \`backtest.arrow\` and the files of \`calibrate\` |
| \`urbsim report\` | charts and pages (\`report/\`: HTML, SVG, PNG), no tables |
| \`npm run notebooks:build\` | copies of the above for the site, and a \`pyramid.arrow\` for a run folder without one (a shard, an older folder) |
`;

const cell = (s: string) => s.replace(/\|/g, '\\|');
const row = (name: string, d: ColumnDoc) =>
  `| \`${name}\` | \`${d.type}\` | ${cell(d.unit)} | ${d.zh} | ${cell(d.description)} | ${d.nulls ? cell(d.nulls) : ''} |`;

/**
 * The column dictionary as Markdown: conventions, which command writes which
 * file, and for every file its rows and columns. This is `src/io/README.md`.
 *
 * @example
 * writeFileSync('src/io/README.md', columnDictionaryMarkdown());
 */
export function columnDictionaryMarkdown(): string {
  const parts = [HEADER];
  for (const [file, f] of Object.entries(OUTPUT_DICTIONARY)) {
    const lines = [`## ${file}`, '', `Written by ${f.writtenBy}. One row ${f.rows.replace(/^one /, '')}.`, ''];
    lines.push('| column | type | unit | 中文 | meaning | null when |', '|---|---|---|---|---|---|');
    for (const [name, d] of Object.entries(f.columns)) {
      lines.push(row(name, d));
      if (f.family?.after !== name) continue;
      const { placeholder, description, members, doc } = f.family;
      if (members) {
        lines.push(`| \`${placeholder}\` | | | | ${cell(description)}: | |`);
        for (const m of members) lines.push(row(m, doc(m)!));
      } else lines.push(`| \`${placeholder}\` | \`float64\` | | | ${cell(description)} | |`);
    }
    if (f.schemaMetadata) {
      lines.push('', 'Schema metadata:', '');
      for (const [k, v] of Object.entries(f.schemaMetadata)) lines.push(`- \`${k}\`: ${v}`);
    }
    parts.push(lines.join('\n'));
  }
  return `${parts.join('\n')}\n`;
}
