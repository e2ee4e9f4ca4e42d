import { createServer } from 'node:net';
import { InputError } from '../inputError.ts';

const EXPECTED = 'expected localhost, 0.0.0.0 (all of this machine\'s addresses) or a name or address of this machine';

/**
 * Check that a server can listen on `host` (the notebooks' `--host`) before anything is staged or started: a name
 * that does not resolve (`--host nonsense.invalid`) or an address that is not this machine's (`--host 8.8.8.8`) was
 * Vite's listen error, unhandled — Node's stack trace, exit 1. The check binds a throwaway server on a free port of
 * `host` and closes it, so it asks the system exactly what Vite's listen will ask. `undefined` (no `--host`) passes.
 *
 * @example
 * await checkListenHost('localhost');        // resolves
 * await checkListenHost('nonsense.invalid'); // InputError: --host nonsense.invalid: no such host …
 */
export async function checkListenHost(host: string | undefined): Promise<void> {
  if (host === undefined) return;
  // An empty --host was Vite's listen on every address, announced as http://:4173/: an empty value is a slip.
  if (host.trim() === '') throw new InputError(`--host: found an empty value; ${EXPECTED}`);
  const error = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => done(e));
    probe.listen(0, host, () => probe.close(() => done(undefined)));
  });
  if (error === undefined) return;
  throw new InputError(listenHostText(host, error));
}

/**
 * Run `listen` (Vite's server start), its listen or name-lookup failure said as an InputError (what, where, what was
 * expected) instead of Node's stack trace; anything else passes through as it is.
 *
 * @example
 * const server = await listening('localhost', () => preview(config));
 */
export async function listening<T>(host: string | undefined, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err?.syscall !== 'listen' && err?.syscall !== 'getaddrinfo') throw e;
    throw new InputError(listenHostText(host ?? 'localhost', err));
  }
}

/**
 * What a failed listen on `host` means to the user, by its error code; the system's message kept for anything else.
 *
 * @example
 * listenHostText('8.8.8.8', Object.assign(new Error(), { code: 'EADDRNOTAVAIL' }));
 * // '--host 8.8.8.8: not an address of this machine (EADDRNOTAVAIL); expected localhost, …'
 */
export function listenHostText(host: string, error: NodeJS.ErrnoException): string {
  const code = error.code ?? 'unknown error';
  if (code === 'EACCES') return `--host ${host}: not allowed to listen there (${error.message}; ports below 1024 need root): give a --port from 1024 to 65535`;
  // [::1] is how a URL writes an IPv6 address; a listen takes it bare, which the lookup of "[::1]" does not say.
  const bare = /^\[(.*)\]$/.exec(host)?.[1];
  // Any failed lookup: a bracketed name never resolves, so an offline resolver's EAI_AGAIN ('try again') would mislead.
  if (bare !== undefined && (code === 'ENOTFOUND' || code.startsWith('EAI_')))
    return `--host ${host}: an IPv6 address is given without its brackets (--host ${bare}); ${EXPECTED}`;
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_FAIL' || code === 'EAI_NODATA')
    return `--host ${host}: no such host (the name does not resolve: ${code}); ${EXPECTED}`;
  if (code === 'EAI_AGAIN') return `--host ${host}: the name could not be resolved now (name server unreachable: ${code}); try again, or give an address; ${EXPECTED}`;
  if (code === 'EADDRNOTAVAIL') return `--host ${host}: not an address of this machine (${code}); ${EXPECTED}`;
  return `--host ${host}: cannot listen there (${error.message}); ${EXPECTED}`;
}
