import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssues, validateScenario } from '../../src/scenario/api.ts';
import { MINIMAL, writeScenarios } from './tempScenarios.ts';

/** A password-file-like text (1,969 characters): none of it but a short excerpt may reach an error. */
const SECRETS = Array.from({ length: 40 }, (_, i) => `user${i}:x:${1000 + i}:${1000 + i}:secret-${i}-Zq:/home/u${i}:/bin/sh`).join('\n');

const messages = (file: string) => formatIssues(validateScenario(file));

describe('extends: only regular scenario files are read', () => {
  it('a parent that is not a scenario: the error quotes at most 40 characters of it', () => {
    const dir = writeScenarios({ 'passwd': SECRETS, 'v.yaml': `${MINIMAL}extends: passwd\n` });
    const text = messages(join(dir, 'v.yaml'));
    expect(SECRETS.length).toBe(1969);
    expect(text).toBe(`${join(dir, 'passwd')}:1:1 expected a mapping of scenario keys, found "user0:x:1000:1000:secret-0-Zq:/home/u0:/…" (a text of 1,969 characters) (extended by ${join(dir, 'v.yaml')})`);
    expect(text).not.toContain('secret-1-');
  });

  it('a YAML syntax error quotes at most 60 characters of the file', () => {
    const dir = writeScenarios({ 'notyaml': `key: "${'s3cr3t '.repeat(200)}\n  : [`, 'v.yaml': `${MINIMAL}extends: notyaml\n` });
    const issues = validateScenario(join(dir, 'v.yaml'));
    expect(issues.length).toBeGreaterThan(0);
    // 63 characters of the file's text: more than any message quotes.
    for (const i of issues) expect(i.message).not.toContain('s3cr3t '.repeat(9));
  });

  it.runIf(existsSync('/proc/self/environ'))('/proc files are refused, none of their content shown', () => {
    const dir = writeScenarios({ 'v.yaml': `${MINIMAL}extends: /proc/self/environ\n`, 'cmd.yaml': `${MINIMAL}extends: /proc/self/cmdline\n` });
    expect(messages(join(dir, 'v.yaml'))).toBe(`/proc/self/environ:1:1 cannot read the file: expected a regular scenario file, found a file of the system's /proc folder (extended by ${join(dir, 'v.yaml')})`);
    expect(messages(join(dir, 'cmd.yaml'))).toContain("found a file of the system's /proc folder");
  });

  it('a folder is refused', () => {
    const dir = writeScenarios({ 'v.yaml': `${MINIMAL}extends: .\n` });
    expect(messages(join(dir, 'v.yaml'))).toContain(`${dir}:1:1 cannot read the file: expected a regular scenario file, found a folder`);
  });

  it('a file over 8 MiB is refused without reading it', () => {
    const dir = writeScenarios({ 'v.yaml': `${MINIMAL}extends: big.yaml\n` });
    writeFileSync(join(dir, 'big.yaml'), '');
    truncateSync(join(dir, 'big.yaml'), 9 * 1024 * 1024);
    expect(messages(join(dir, 'v.yaml'))).toContain('big.yaml:1:1 cannot read the file: expected a scenario file of at most 8 MiB, found 9 MiB');
  });

  it('binary data is refused', () => {
    const dir = writeScenarios({ 'bin.yaml': 'name: x\0\0\0', 'v.yaml': `${MINIMAL}extends: bin.yaml\n` });
    expect(messages(join(dir, 'v.yaml'))).toContain('bin.yaml:1:1 cannot read the file: expected a text (YAML) scenario file, found binary data');
  });

  // Reading /dev/zero or a pipe nobody writes blocks the process itself, so this runs the command in a child with a
  // deadline (one child for all three: each costs seconds to start on a busy machine).
  it.runIf(existsSync('/dev/zero'))('extends naming /dev/zero or a pipe, and /dev/zero as the scenario itself: exit 2 at once (they used to hang, reading over 1.2 GB)', () => {
    const dir = writeScenarios({ 'zero.yaml': `${MINIMAL}extends: /dev/zero\n`, 'pipe.yaml': `${MINIMAL}extends: fifo.yaml\n` });
    const fifo = spawnSync('mkfifo', [join(dir, 'fifo.yaml')]).status === 0;
    const files = [join(dir, 'zero.yaml'), ...(fifo ? [join(dir, 'pipe.yaml')] : []), '/dev/zero'];
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/urbsim.ts', 'validate', ...files], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    expect(r.signal, 'killed at the deadline: it hung').toBeNull();
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`/dev/zero:1:1 cannot read the file: expected a regular scenario file, found a file of the system's /dev folder (extended by ${files[0]})`);
    if (fifo) expect(r.stderr).toContain(`${join(dir, 'fifo.yaml')}:1:1 cannot read the file: expected a regular scenario file, found a pipe`);
    // /dev/zero named on the command line is refused as a parent is (it was read up to 8 MiB and refused as too large).
    expect(r.stderr).toContain("/dev/zero:1:1 cannot read the file: expected a regular scenario file, found a file of the system's /dev folder\n");
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('an ordinary parent is still read', () => {
    const dir = writeScenarios({ 'parent.yaml': `${MINIMAL}name: parent\n`, 'v.yaml': 'extends: parent.yaml\n' });
    expect(validateScenario(join(dir, 'v.yaml'))).toEqual([]);
    expect(readFileSync(join(dir, 'parent.yaml'), 'utf8')).toContain('name: parent');
  });
});
