import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Lang } from './labels.ts';

/** A font file and the family name to ask for in it (a .ttc holds several). */
export interface FontChoice {
  readonly file: string;
  readonly family: string;
}

/** Where to look for fonts; tests narrow it to show what happens when nothing is found. */
export interface FontSearch {
  /** Font files to try in order, with their family. */
  readonly candidates?: readonly FontChoice[];
  /** Ask fontconfig (`fc-list`, `fc-match`) when no candidate exists. */
  readonly fontconfig?: boolean;
}

/** Raised when no usable font exists; the CLI maps it to exit code 2. */
export class MissingFontError extends Error {
  override name = 'MissingFontError';
}

// Simplified-Chinese faces first: the labels are simplified Chinese, and a
// Japanese or traditional face would draw some characters in other forms.
export const CJK_CANDIDATES: readonly FontChoice[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' }, // Debian/Ubuntu fonts-noto-cjk
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' }, // Arch noto-fonts-cjk
  { file: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' }, // Fedora
  { file: '/usr/share/fonts/opentype/source-han-sans/SourceHanSans-Regular.ttc', family: 'Source Han Sans SC' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYi Zen Hei' }, // Debian fonts-wqy-zenhei
  { file: '/System/Library/Fonts/PingFang.ttc', family: 'PingFang SC' }, // macOS
  { file: '/System/Library/Fonts/Supplemental/Songti.ttc', family: 'Songti SC' },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'Microsoft YaHei' },
];

export const LATIN_CANDIDATES: readonly FontChoice[] = [
  { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', family: 'DejaVu Sans' },
  { file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', family: 'Liberation Sans' },
  { file: '/System/Library/Fonts/Helvetica.ttc', family: 'Helvetica' },
  { file: 'C:\\Windows\\Fonts\\arial.ttf', family: 'Arial' },
];

/**
 * A font for rasterising charts with resvg, which draws only with fonts it
 * is given (no browser fallback): for Chinese labels a CJK font, for English
 * any sans font, preferring the CJK one so both languages look alike. Tries
 * known paths, then fontconfig. Throws {@link MissingFontError} naming the
 * Debian package to install rather than let resvg draw empty boxes (tofu).
 *
 * @example
 * findFont('zh'); // { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' }
 */
export function findFont(lang: Lang, search: FontSearch = {}): FontChoice {
  const cjk = search.candidates ?? CJK_CANDIDATES;
  const latin = search.candidates ? [] : LATIN_CANDIDATES;
  const useFc = search.fontconfig ?? true;
  const found = cjk.find((c) => existsSync(c.file)) ?? (useFc ? fontconfig(':lang=zh-cn') : undefined);
  if (found) return found;
  if (lang === 'zh')
    throw new MissingFontError(
      'Chinese labels need a CJK font and none was found. On Debian or Ubuntu: apt-get install fonts-noto-cjk ' +
        '(on macOS PingFang is used; elsewhere install Noto Sans CJK SC). Or render with --lang en.',
    );
  const any = latin.find((c) => existsSync(c.file)) ?? (useFc ? fontconfig('sans-serif') : undefined);
  if (any) return any;
  throw new MissingFontError('PNG rendering needs a font and none was found. On Debian or Ubuntu: apt-get install fonts-noto-cjk (or fonts-dejavu-core).');
}

/** The first font fontconfig lists for a pattern, if fontconfig is installed and has one. */
function fontconfig(pattern: string): FontChoice | undefined {
  try {
    const command = pattern.startsWith(':') ? 'fc-list' : 'fc-match';
    const args = command === 'fc-list' ? [pattern, 'file', 'family'] : [pattern, '--format', '%{file}:%{family}\n'];
    const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
    const lines = out.split('\n').filter(Boolean).sort((a, b) => rank(a) - rank(b));
    for (const line of lines) {
      const at = line.indexOf(':');
      const file = line.slice(0, at).trim();
      // fontconfig lists every name of a family ("Noto Sans CJK SC,Noto Sans CJK"); the first is the one to ask for.
      const family = line.slice(at + 1).split(',')[0].trim();
      if (file && family && existsSync(file)) return { file, family };
    }
  } catch {
    // fontconfig missing or failing: the caller's message says what to install.
  }
  return undefined;
}

// Prefer simplified-Chinese sans faces among what fontconfig offers.
function rank(line: string): number {
  return (/ SC\b|CN\b|Hans|GB/.test(line) ? 0 : 2) + (/Sans|Hei/i.test(line) ? 0 : 1);
}
