import { main } from './main.ts';

// Ctrl-C or a polite kill exits through process.exit, so an output folder being written discards its staging
// folder and releases its lock at once (a SIGKILL leaves them for the next writer to find stale).
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) process.once(signal, () => process.exit(code));

// Entry point for `tsx src/cli/urbsim.ts …` and the `urbsim` bin.
process.exitCode = await main(process.argv.slice(2));
