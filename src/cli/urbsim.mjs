#!/usr/bin/env node
// The `urbsim` bin and `npm start`: the command compiled to JavaScript (built on first use and whenever a source
// changed, see compiledCli.mjs), so that no TypeScript loader runs on the way to the first simulated run.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { compiledCli, keepInUse } from './compiledCli.mjs';

// Worker threads optimize their hot functions on their own thread, not through V8's background compiler threads:
// those took ~0.45 s of CPU in a 10,000-run command of ~3.4 s, and without them the command took 6 % less CPU in all
// (interleaved pairs; README "Speed"). The flag is read when an isolate starts: set here, before any worker does
// (the main thread keeps its own background compiler).
setFlagsFromString('--no-concurrent-recompilation');

// Ctrl-C, a polite kill or Slurm's SIGTERM exits through process.exit, as in urbsim.ts: an output folder being written
// discards its staging folder (and the metric file beside it) and releases its lock at once.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) process.once(signal, () => process.exit(code));

let dir;
try {
  dir = await compiledCli();
} catch (e) {
  if (e.name !== 'BuildCacheError') throw e;
  process.stderr.write(`urbsim: ${e.message}\n`);
  process.exit(2);
}
keepInUse(dir);
const { main, useWorkerScript } = await import(pathToFileURL(join(dir, 'urbsim.mjs')).href);
useWorkerScript(pathToFileURL(join(dir, 'worker.mjs')).href);
process.exitCode = await main(process.argv.slice(2));
