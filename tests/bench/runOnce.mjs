// One command in a fresh process, run as a user runs it (the compiled bin), then its wall time from process start,
// CPU time (every thread) and peak resident memory (worker threads included) as one JSON line on standard error.
await import('../../src/cli/urbsim.mjs');
const ms = performance.now();
const cpu = process.cpuUsage();
process.stderr.write(`\n${JSON.stringify({ code: process.exitCode ?? 0, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
