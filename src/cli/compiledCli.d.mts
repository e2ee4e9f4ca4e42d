/** The folder of an up-to-date build of the command (compiledCli.mjs). */
export function compiledCli(): Promise<string>;
/** No folder to build the command into (compiledCli.mjs). */
export class BuildCacheError extends Error {}
/** Marks the build `dir` in use now and every `every` ms, so that no other build prunes it (compiledCli.mjs). */
export function keepInUse(dir: string, every?: number): NodeJS.Timeout;
