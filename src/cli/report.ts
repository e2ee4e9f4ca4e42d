import { join } from 'node:path';
import { InputError } from '../inputError.ts';
import { writeOutputFolder } from '../io/outputFolder.ts';
import { MANIFEST_FILE, fileSha256, notPerRun, verifyOutputFolder } from '../io/outputManifest.ts';
import { UnreadableArrowError } from '../io/readArrowFile.ts';
import { type FontSearch, MissingFontError, findFont } from '../report/findFont.ts';
import { LANGS, type Lang } from '../report/labels.ts';
import { NotAnOutputFolderError, readOutputFolder } from '../report/readOutputFolder.ts';
import { reportCharts, reportOmissions, reportSubject } from '../report/reportCharts.ts';
import { withArea } from '../report/chartFindings.ts';
import { reportHtml } from '../report/reportHtml.ts';
import { renderSvg } from '../report/renderSvg.ts';
import { svgToPng } from '../report/svgToPng.ts';
import { UsageError } from './errors.ts';
import { checkOutputFolder } from './outputPath.ts';
import { shellWord } from './shellWord.ts';

export const REPORT_FORMATS = ['html', 'svg', 'png'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  readonly format: ReportFormat;
  readonly lang: Lang;
  /** Output folder; default `<run dir>/report`. */
  readonly out?: string;
  /** Where to look for a font for PNG (tests narrow it). */
  readonly fonts?: FontSearch;
}

/** What report writes into its folder: `report.<lang>.html`, or `<chart>.<lang>.<svg|png>`. */
const REPORT_PAGE = /^[\w-]+\.(zh|en)\.(html|svg|png)$/;

/**
 * `urbsim report <dir>`: render the charts of a run or batch folder as one
 * self-contained HTML page (`report.<lang>.html`), or one SVG or PNG file
 * per chart (`<chart>.<lang>.svg|png`, e.g. `fan.zh.png`), and return the
 * paths written. The language is in the file names so that both languages
 * can sit in one folder. Bad input — an unknown format or language, a folder
 * that is not an output folder, PNG in Chinese without a CJK font — throws
 * {@link UsageError} (exit code 2) before anything is written.
 *
 * @example
 * reportCommand('out/dalian', { format: 'png', lang: 'zh' });
 * // ['out/dalian/report/fan.zh.png', 'out/dalian/report/gap.zh.png', …]
 */
export function reportCommand(runDir: string, o: ReportOptions): string[] {
  if (!REPORT_FORMATS.includes(o.format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got ${o.format}`);
  if (!LANGS.includes(o.lang)) throw new UsageError(`--lang must be one of ${LANGS.join(', ')}, got ${o.lang}`);
  const verified = (content: boolean | ((name: string) => boolean)) => {
    try {
      verifyOutputFolder(runDir, { content }); // a folder mixing two runs would draw one run's summary beside another's targets
    } catch (e) {
      if (e instanceof InputError) throw new UsageError(e.message);
      throw e;
    }
  };
  // The folder as committed when read: a run replacing it while the report is drawn would leave this report of the old
  // runs inside the new folder (report.zh.html of 2,000 runs beside a run of 20), or beside it as the report of it.
  const drawn = manifestStamp(runDir);
  let folder;
  try {
    folder = readOutputFolder(runDir);
  } catch (e) {
    if (e instanceof NotAnOutputFolderError) throw new UsageError(e.message);
    // A file changed since it was committed may not even read as Arrow ("Cannot read properties of null (reading
    // 'fieldsLength')", exit code 1; readArrowFile's own error since): every byte checked against the manifest says
    // which, before blaming urbsim or the file.
    if (!(e instanceof InputError) || e instanceof UnreadableArrowError) verified(true);
    throw e;
  }
  // What the report draws, byte for byte: files of two runs of one scenario have the same lengths (but a row per run's).
  verified(notPerRun);
  let font;
  try {
    font = o.format === 'png' ? findFont(o.lang, o.fonts) : undefined;
  } catch (e) {
    if (e instanceof MissingFontError) throw new UsageError(e.message);
    throw e;
  }
  const out = o.out ?? join(runDir, 'report');
  checkOutputFolder('--out', out);
  const charts = reportCharts(folder, o.lang);
  // `update`: the other language's files, or the other format's, stay beside these.
  return writeOutputFolder(out, (sink) => {
    let written: string[];
    if (o.format === 'html') {
      const rendered = charts.map((c) => ({ id: c.id, title: c.title, note: c.note, source: c.source, svg: renderSvg(c.draw), ...(c.group && { group: c.group }) }));
      const name = `report.${o.lang}.html`;
      sink.writeFile(name, reportHtml(folder, o.lang, rendered, reportOmissions(folder, o.lang)));
      written = [join(out, name)];
    } else {
      const area = reportSubject(folder, o.lang);
      written = charts.map((c) => {
        const svg = renderSvg(c.draw, { title: c.namesSubject ? c.title : withArea(o.lang, area, c.title), note: c.source ? `${c.note}\n${c.source}` : c.note });
        const name = `${c.id}.${o.lang}.${o.format}`;
        sink.writeFile(name, font ? svgToPng(svg, font) : svg);
        return join(out, name);
      });
    }
    // Last, before the pages are committed: what they draw is still what the folder holds.
    if (manifestStamp(runDir) !== drawn)
      throw new UsageError(`${runDir}: replaced by another urbsim command while its report was drawn (its manifest.json changed); nothing written: run urbsim report ${shellWord(runDir)} again`);
    return written;
  }, { mode: 'update', command: 'urbsim report', writes: (name) => REPORT_PAGE.test(name), reportOf: runDir });
}

/** The SHA-256 of `dir`'s manifest.json, which a command committing the folder anew rewrites; undefined without one. */
function manifestStamp(dir: string): string | undefined {
  try {
    return fileSha256(join(dir, MANIFEST_FILE));
  } catch {
    return undefined;
  }
}
