import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { documentedIpc, floats, ints, uint32s } from '../../src/io/arrowColumns.ts';
import { paramsIpc } from '../../src/io/arrowTables.ts';

describe('params.arrow written as the IPC writer\'s pieces', () => {
  const names = ['inflow_growth', 'tfr_rural_hukou'];
  // 3 runs from run 10, seed 42, columns one after another: inflow_growth of each run, then tfr_rural_hukou
  const columns = Float64Array.of(0.01, 0.02, 0.03, 1.5, 1.6, 1.7);
  const pieces = paramsIpc(10, 3, 42, names, columns);
  const bytes = Buffer.concat(pieces);

  it('is the bytes of the one-table writer, not a second file-sized copy', () => {
    const whole = documentedIpc('params.arrow', {
      run: ints(Int32Array.of(10, 11, 12)),
      seed: uint32s(Uint32Array.of(42, 42, 42)),
      inflow_growth: floats(Float64Array.of(0.01, 0.02, 0.03)),
      tfr_rural_hukou: floats(Float64Array.of(1.5, 1.6, 1.7)),
    });
    expect(bytes.equals(Buffer.from(whole))).toBe(true);
    // the sampled values are written from the columns given, not from a copy of them
    expect(pieces.some((p) => p.buffer === columns.buffer)).toBe(true);
  });

  it('reads back run by run', () => {
    const t = tableFromIPC(bytes);
    expect([...t.getChild('run')!.toArray()]).toEqual([10, 11, 12]);
    expect([...t.getChild('seed')!.toArray()]).toEqual([42, 42, 42]);
    expect([...t.getChild('tfr_rural_hukou')!.toArray()]).toEqual([1.5, 1.6, 1.7]);
  });
});
