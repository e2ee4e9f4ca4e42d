/** The folder of an up-to-date build of the command (compiledCli.mjs). */
export function compiledCli(): Promise<string>;
/** No folder to build the command into (compiledCli.mjs). */
export class BuildCacheError extends Error {}
