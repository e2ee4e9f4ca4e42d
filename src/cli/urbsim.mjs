#!/usr/bin/env node
// The `urbsim` bin and `npm start`: the command compiled to JavaScript (built on first use and whenever a source
// changed, see compiledCli.mjs), so that no TypeScript loader runs on the way to the first simulated run.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledCli } from './compiledCli.mjs';

const dir = await compiledCli();
const { main, useWorkerScript } = await import(pathToFileURL(join(dir, 'urbsim.mjs')).href);
useWorkerScript(pathToFileURL(join(dir, 'worker.mjs')).href);
process.exitCode = await main(process.argv.slice(2));
