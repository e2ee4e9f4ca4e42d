// Preloaded (`node --import`) into an urbsim process whose disk is to fill while it writes: statfs reports a terabyte
// free, so that the check before the runs (src/io/diskNeed.ts) lets them start, as it does when another process fills
// the disk meanwhile or the estimate falls short.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const statfsSync = fs.statfsSync;
fs.statfsSync = (...args) => ({ ...statfsSync(...args), bavail: 1e12, bsize: 1 });
syncBuiltinESMExports();
