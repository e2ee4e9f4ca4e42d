import { main } from './main.ts';

// Entry point for `tsx src/cli/urbsim.ts …` and the `urbsim` bin.
process.exitCode = await main(process.argv.slice(2));
