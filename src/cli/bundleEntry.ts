// What the compiled command (compiledCli.mjs) exports: the command, and where its worker threads start from.
export { main } from './main.ts';
export { useWorkerScript } from '../montecarlo/monteCarloPool.ts';
