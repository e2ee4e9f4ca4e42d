import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { haveSeeds, seedLines } from '../helpers/seeds.ts';

// The hand-curated scenarios: every top-level scenarios/*.yaml (variants included).
const dir = 'scenarios';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));

describe('hand-curated scenarios', () => {
  it('include the curated areas of issue 5', () => {
    // National plan, Jiangsu, Dalian, Qingdao, Dongguan, Chongqing, Zhengzhou, Changshu (Shandong is written elsewhere).
    for (const name of ['national', 'jiangsu', 'dalian', 'qingdao', 'dongguan', 'chongqing', 'zhengzhou', 'changshu'])
      expect(files).toContain(join(dir, `${name}.yaml`));
  });

  it('all validate', async () => {
    let err = '';
    const code = await main(['validate', ...files], { out: () => {}, err: (s) => { err += s; } });
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('all run (5 runs each) and write their outputs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'urbsim-curated-'));
    for (const f of files) {
      let err = '';
      const folder = join(out, f.replace(/\W/g, '_'));
      const code = await main(['run', f, '--runs', '5', '--out', folder], { out: () => {}, err: (s) => { err += s; } });
      expect(code, `${f}: ${err}`).toBe(0);
      expect(existsSync(join(folder, 'meta.json')), f).toBe(true);
    }
  }, 60_000);

  it.skipIf(!haveSeeds)('cite a seed line holding the value for each target that names one', () => {
    // A target written `source: "seed 003 L27 …"` (or `L4734-4736`) must find its number on those lines or on the
    // next non-blank one (seed 004 wraps every ~30 characters, with blank lines between).
    let checked = 0;
    for (const f of files) {
      const doc = parse(readFileSync(f, 'utf8')) as { targets?: { value: string | number; source?: string }[] };
      for (const t of doc.targets ?? []) {
        const m = /seed (\d{3}) L(\d+)(?:[-–](\d+))?/.exec(t.source ?? '');
        if (!m) continue;
        const lines = seedLines(m[1]);
        let end = Number(m[3] ?? m[2]);
        while (end < lines.length && lines[end].trim() === '') end++;
        const near = lines.slice(Number(m[2]) - 1, end + 1).join('').replace(/\s+/g, '');
        const number = String(t.value).replace(/[%万亿人]/g, '');
        expect(near, `${f}: ${t.value} at seed ${m[1]} L${m[2]}`).toContain(number);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
