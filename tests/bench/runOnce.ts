import { main } from '../../src/cli/main.ts';

// One `urbsim run` in its own process, reporting wall time and peak resident memory.
const t0 = performance.now();
const code = await main(process.argv.slice(2), { out: () => {}, err: () => {} });
process.stdout.write(`${JSON.stringify({ code, ms: performance.now() - t0, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
