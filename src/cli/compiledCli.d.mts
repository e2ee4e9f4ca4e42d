/** The folder of an up-to-date build of the command (compiledCli.mjs). */
export function compiledCli(): Promise<string>;
