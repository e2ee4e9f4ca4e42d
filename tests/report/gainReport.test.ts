import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../src/cli/report.ts';
import { label } from '../../src/report/labels.ts';
import { prepareNotebookData } from '../../src/report/prepareNotebookData.ts';
import { readOutputFolder } from '../../src/report/readOutputFolder.ts';
import { count, makeRun, marks, read, tmp } from './fixtures.ts';

/** registered_gain.arrow's rows read straight from the file: part → { mean, p10, p90 } of the one target year (2020). */
function fileRows(dir: string): Map<string, { mean: number; p10: number; p90: number }> {
  const t = tableFromIPC(readFileSync(join(dir, 'registered_gain.arrow')));
  const rows = new Map<string, { mean: number; p10: number; p90: number }>();
  for (let i = 0; i < t.numRows; i++) {
    expect(t.getChild('year')!.get(i)).toBe(2020);
    rows.set(String(t.getChild('part')!.get(i)), { mean: t.getChild('mean')!.get(i), p10: t.getChild('p10')!.get(i), p90: t.getChild('p90')!.get(i) });
  }
  return rows;
}

/** A change in points as the test writes it: one decimal, a sign, a true minus, 0.0 unsigned. */
const pts = (v: number) => {
  const t = (Math.abs(v) * 100).toFixed(1);
  return t === '0.0' ? t : `${v < 0 ? '−' : '+'}${t}`;
};

const unescape = (html: string) => html.replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));

/** A copy of a run folder as an urbsim before the split wrote it: no registered_gain.arrow, none in its manifest. */
function older(run: string): string {
  const dir = join(tmp(), 'older');
  cpSync(run, dir, { recursive: true });
  rmSync(join(dir, 'registered_gain.arrow'));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  delete manifest.files['registered_gain.arrow'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe("urbsim report: the registered rate's gain by source", () => {
  let run: string;
  let residentOnly: string;
  beforeAll(async () => {
    run = (await makeRun(tmp(), { runs: 40 })).dir; // resident 2017 and 2020, registered 2020
    residentOnly = (await makeRun(tmp(), { runs: 20, targets: 2 })).dir; // the two resident targets only
  }, 60_000);

  it("the page: after the targets' chart, the split's chart and a table of the file's means and p10–p90, parts adding up to the total", () => {
    const rows = fileRows(run);
    const parts = ['population', 'conversion', 'change_of_count', 'locals_settling', 'migrants_settling'];
    // The parts as the file holds them add up to the total (the split's promise, which the table relies on).
    expect(parts.reduce((a, p) => a + rows.get(p)!.mean, 0)).toBeCloseTo(rows.get('total')!.mean, 12);
    const html = readFileSync(reportCommand(run, { format: 'html', lang: 'en', out: join(run, 'html') })[0], 'utf8');
    const sections = [...html.matchAll(/<section id="([\w-]+)">/g)].map((m) => m[1]);
    expect(sections.slice(0, 4)).toEqual(['fan', 'gap', 'targets', 'gain']);
    const section = /<section id="gain">[^]*?<\/section>/.exec(html)![0];
    expect(count(section, 'figure > svg')).toBe(1);
    const cells = [...section.matchAll(/<tr(?: class="joint")?><td class="name">([^<]*)<\/td><td class="num">([^<]*) <small>([^<]*)<\/small><\/td><\/tr>/g)].map((m) => [unescape(m[1]), m[2], unescape(m[3])]);
    // A range of signed figures in words ('to'), of unsigned ones with a dash.
    const range = (a: string, b: string) => (/^[+−]/.test(a) || /^[+−]/.test(b) ? `(${a} to ${b})` : `(${a}–${b})`);
    const names = ['population', 'conversion in place', 'change of count', 'locals settling', 'migrants settling', 'total'];
    expect(cells).toEqual([...parts, 'total'].map((p, i) => [names[i], pts(rows.get(p)!.mean), range(pts(rows.get(p)!.p10), pts(rows.get(p)!.p90))]));
    expect(section).toContain(`<h2>The registered rate ${rows.get('total')!.mean > 0 ? 'rises' : 'falls'} ${(Math.abs(rows.get('total')!.mean) * 100).toFixed(1)} points from 2013 to 2020 (mean of runs): conversion in place ${pts(rows.get('conversion')!.mean)}, settlement ${pts(rows.get('locals_settling')!.mean + rows.get('migrants_settling')!.mean)}`);
    const zh = unescape(readFileSync(reportCommand(run, { format: 'html', lang: 'zh', out: join(run, 'html') })[0], 'utf8'));
    expect(zh).toContain(`就地农转非${pts(rows.get('conversion')!.mean)}，落户${pts(rows.get('locals_settling')!.mean + rows.get('migrants_settling')!.mean)}`);
    expect(zh).toContain('<th>来源</th><th class="num">2013–2020年</th>');
  });

  it('the SVGs: gain.en.svg after the targets, a bar per part and the total', () => {
    const files = reportCommand(run, { format: 'svg', lang: 'en', out: join(run, 'svg') });
    expect(files.map((f) => basename(f))).toEqual(['fan.en.svg', 'gap.en.svg', 'targets.en.svg', 'gain.en.svg', 'school.en.svg', 'housing.en.svg']);
    const svg = read(files, 'gain');
    expect(count(svg, 'g[aria-description="gain-part"] rect')).toBe(5);
    expect(count(svg, 'g[aria-description="gain-total"] rect')).toBe(1);
    expect(marks(svg, 'gain-label', 'g')).toBe(1); // one panel, 2013–2020
  });

  it('a folder of an older urbsim, without registered_gain.arrow: the page says so in a section of its own, nothing drawn', () => {
    const dir = older(run);
    expect(readOutputFolder(dir)).toMatchObject({ kind: 'run', gainMissing: true });
    for (const lang of ['en', 'zh'] as const) {
      const html = readFileSync(reportCommand(dir, { format: 'html', lang, out: join(dir, 'html') })[0], 'utf8');
      const section = /<section id="gain">[^]*?<\/section>/.exec(html)![0];
      expect(unescape(section)).toBe(`<section id="gain">\n<h2>${label(lang, 'gainTitle')}</h2>\n<p>${label(lang, 'gainMissing')}</p>\n</section>`);
      // The rest of the page as the folder with the split draws it, the section of each apart.
      const full = readFileSync(reportCommand(run, { format: 'html', lang, out: join(run, 'html') })[0], 'utf8');
      const without = (page: string) => page.replace(/\n<section id="gain">[^]*?<\/section>/, '');
      expect(without(html)).toBe(without(full));
      expect(html).not.toContain('gain-part');
    }
    const files = reportCommand(dir, { format: 'svg', lang: 'en', out: join(dir, 'svg') });
    expect(files.map((f) => basename(f))).toEqual(['fan.en.svg', 'gap.en.svg', 'targets.en.svg', 'school.en.svg', 'housing.en.svg']);
  });

  it('a scenario without a registered-rate target: no file, no section, nothing said', () => {
    expect(existsSync(join(residentOnly, 'registered_gain.arrow'))).toBe(false);
    const f = readOutputFolder(residentOnly);
    expect(f.kind === 'run' && (f.gain ?? f.gainMissing)).toBeUndefined();
    const html = readFileSync(reportCommand(residentOnly, { format: 'html', lang: 'en', out: join(residentOnly, 'html') })[0], 'utf8');
    expect(html).not.toContain('<section id="gain">');
  });

  it('the notebooks stage a run\'s registered_gain.arrow as it is, for the targets page; an older folder without one', () => {
    const dest = tmp();
    const manifest = prepareNotebookData([run, older(run)], dest, { pyramids: false });
    const [withGain, without] = manifest.folders;
    expect(withGain.files).toContain('registered_gain.arrow');
    expect(readFileSync(join(dest, 'data', withGain.id, 'registered_gain.arrow')).equals(readFileSync(join(run, 'registered_gain.arrow')))).toBe(true);
    expect(without.files).not.toContain('registered_gain.arrow');
  });
});
