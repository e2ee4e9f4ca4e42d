import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { TrajectoryBatches, trajectoriesIpc } from '../../src/io/arrowTables.ts';
import { clearNulls, newChunkColumns, rowsToColumns } from '../../src/io/rowsToColumns.ts';
import { M, METRIC_COUNT } from '../../src/model/indicators.ts';
import { trajectoryRows } from '../../src/report/trajectoryRows.ts';

// 5 runs (numbered from 10) × 2 years, written 2 runs to a batch: three batches sharing one scenario dictionary.
const years = Int32Array.of(2013, 2014);
const rows = new Float64Array(5 * 2 * METRIC_COUNT);
for (let r = 0; r < 5; r++)
  for (let y = 0; y < 2; y++) {
    const o = (r * 2 + y) * METRIC_COUNT;
    rows[o + M.registered_rate] = 0.6 + r / 100 + y / 1000; // 0.600, 0.601, 0.610, …
    rows[o + M.births] = y === 0 ? NaN : 1000 * r;
    rows[o + M.school_places] = r === 4 ? 500 : Infinity;
  }
// Chunks may be views of buffers the next batch refills: copy each as it comes, as a file writer would write it.
const collect = (chunks: Iterable<Uint8Array>) => Buffer.concat(Array.from(chunks, (c) => Uint8Array.from(c)));
const bytes = () => collect(trajectoriesIpc('x', 10, years, rows, 2));

describe('trajectories.arrow written in batches', () => {
  it('reads back as one table of three batches with every run, year and value', () => {
    const t = tableFromIPC(bytes());
    expect(t.batches).toHaveLength(3);
    expect(t.numRows).toBe(10);
    expect([...t.getChild('scenario')!]).toEqual(new Array(10).fill('x'));
    expect([...t.getChild('run')!]).toEqual([10, 10, 11, 11, 12, 12, 13, 13, 14, 14]);
    expect([...t.getChild('year')!]).toEqual([2013, 2014, 2013, 2014, 2013, 2014, 2013, 2014, 2013, 2014]);
    expect(t.getChild('registered_rate')!.get(5)).toBe(0.6 + 2 / 100 + 1 / 1000);
  });

  it('writes NaN and Infinity as nulls, with 0 under them', () => {
    const t = tableFromIPC(bytes());
    expect([...t.getChild('births')!]).toEqual([null, 0, null, 1000, null, 2000, null, 3000, null, 4000]);
    expect([...t.getChild('school_places')!]).toEqual([null, null, null, null, null, null, null, null, 500, 500]);
    for (const d of t.getChild('births')!.data) expect([...(d.values as Float64Array)].every(Number.isFinite)).toBe(true);
  });

  it('reads back to the engine\'s rows: null is NaN, or Infinity in a capacity column', () => {
    const back = trajectoryRows(tableFromIPC(bytes()));
    expect(Array.from(back.runs)).toEqual([10, 11, 12, 13, 14]);
    for (let i = 0; i < rows.length; i++) expect(Object.is(back.rows[i], rows[i]), `value ${i}`).toBe(true);
  });

  it('gives the same values however many runs go into a batch', () => {
    const one = collect(trajectoriesIpc('x', 10, years, rows, 1000));
    expect(tableFromIPC(one).batches).toHaveLength(1);
    // Batching changes the file's layout, never a value.
    expect(trajectoryRows(tableFromIPC(one)).rows).toEqual(trajectoryRows(tableFromIPC(bytes())).rows);
  });

  it('keeps each batch\'s nulls where they are when batches follow one another (300 runs, 128 to a batch, nulls scattered)', () => {
    const many = new Float64Array(300 * 2 * METRIC_COUNT);
    for (let i = 0; i < many.length; i++) many[i] = (i * 7919) % 13 === 0 ? NaN : (i * 7919) % 17 === 0 ? Infinity : i / 3;
    const back = trajectoryRows(tableFromIPC(collect(trajectoriesIpc('x', 0, years, many, 128))));
    // a null reads back as NaN, or as Infinity in a capacity column: not finite either way
    for (let i = 0; i < many.length; i++) {
      const want = many[i];
      const got = back.rows[i];
      if (Number.isFinite(want)) expect(got, `value ${i}`).toBe(want);
      else expect(Number.isFinite(got), `value ${i} (${want})`).toBe(false);
    }
  });

  it('is the same bytes whatever chunks the runs come in, as columns with their null marks (chunk edges off the bytes of the bitmaps and across batches)', () => {
    const runs = 300;
    const perRun = 2 * METRIC_COUNT;
    const many = new Float64Array(runs * perRun);
    for (let i = 0; i < many.length; i++) many[i] = (i * 7919) % 13 === 0 ? NaN : (i * 7919) % 17 === 0 ? -Infinity : i / 3;
    const whole = collect(trajectoriesIpc('x', 5, years, many, 128));
    const t = new TrajectoryBatches('x', 5, years, 128);
    const pieces: Uint8Array[] = [];
    let r = 0;
    for (const n of [1, 7, 127, 2, 63, 100]) {
      const chunk = newChunkColumns(n, 2);
      chunk.valid.fill(0); // stale marks from a chunk before: cleared, not kept
      clearNulls(chunk);
      rowsToColumns(many.subarray(r * perRun, (r + n) * perRun), 2, chunk, 0);
      for (const b of t.push(chunk)) pieces.push(Uint8Array.from(b));
      r += n;
    }
    expect(r).toBe(runs);
    for (const b of t.finish()) pieces.push(Uint8Array.from(b));
    const chunked = Buffer.concat(pieces);
    expect(chunked.equals(whole)).toBe(true);
    const back = trajectoryRows(tableFromIPC(chunked));
    for (let i = 0; i < many.length; i++) {
      if (Number.isFinite(many[i])) expect(back.rows[i], `value ${i}`).toBe(many[i]);
      else expect(Number.isFinite(back.rows[i]), `value ${i} (${many[i]})`).toBe(false);
    }
  });
});
