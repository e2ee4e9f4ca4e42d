// One command in a fresh process, run as a user runs it (the compiled bin), then its wall time from process start
// and peak resident memory (worker threads included) as one JSON line on standard error.
await import('../../src/cli/urbsim.mjs');
const ms = performance.now();
process.stderr.write(`\n${JSON.stringify({ code: process.exitCode ?? 0, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
