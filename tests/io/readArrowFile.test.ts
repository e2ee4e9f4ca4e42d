import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/inputError.ts';
import { readSummaryStats, readTargets } from '../../src/io/readTables.ts';

describe("a run folder's table that no longer reads as Arrow", () => {
  it('is an InputError naming the file (urbsim widths printed "internal error: Cannot read properties of null", exit code 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'urbsim-arrow-'));
    // A summary table of one row, as urbsim writes its columns; then one byte added after its end.
    const t = new Table({ metric: vectorFromArray(['resident_rate']), year: vectorFromArray(Int32Array.of(2020)), p50: vectorFromArray(Float64Array.of(0.7)) });
    writeFileSync(join(dir, 'summary.arrow'), tableToIPC(t, 'file'));
    expect(readSummaryStats(dir, ['p50'])[0].get('resident_rate')?.get(2020)).toBe(0.7);
    writeFileSync(join(dir, 'summary.arrow'), Buffer.concat([readFileSync(join(dir, 'summary.arrow')), Buffer.from('x')]));
    const message = `${join(dir, 'summary.arrow')}: cannot be read as an Arrow table (`;
    expect(() => readSummaryStats(dir, ['p50'])).toThrow(InputError);
    expect(() => readSummaryStats(dir, ['p50'])).toThrow(message);
    expect(() => readSummaryStats(dir, ['p50'])).toThrow(/\): changed since urbsim wrote it\? run the command that writes it again$/);
    writeFileSync(join(dir, 'targets.arrow'), 'not arrow at all');
    expect(() => readTargets(dir)).toThrow(InputError);
  });
});
