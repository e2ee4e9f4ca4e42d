import type { DataManifest } from './dataManifest.ts';
import type { Lang } from './labels.ts';

/**
 * In a notebook: what to do when no run folder was staged, in the page's
 * language, naming the folders searched and the commands that make one.
 *
 * @example
 * display(runs.length ? chart : noRunMessage(lang, manifest));
 */
export function noRunMessage(lang: Lang, manifest: DataManifest): HTMLParagraphElement {
  const where = `<code>${escapeHtml(manifest.sources.join(', '))}</code>`;
  return message(
    lang === 'zh'
      ? `在 ${where} 中没有找到运行结果。请先运行 <code>npm start</code>（写入 <code>out/dalian</code>）或 <code>urbsim run 情景.yaml</code>，再运行一次 <code>npm run notebooks</code>。`
      : `No run output in ${where}. Run <code>npm start</code> (writes <code>out/dalian</code>) or <code>urbsim run scenario.yaml</code>, then <code>npm run notebooks</code> again.`,
  );
}

/** A staged weighed.json a notebook left out: its folder (`source`, where it was staged from), the area's name as the page gives it, and why. */
export interface SkippedWeighed {
  readonly source: string;
  readonly name: string;
  /** Why the file is not a weighed answer (src/batch/weighedShape.ts parseWeighed's problem). */
  readonly problem: string;
}

/**
 * In a notebook: the weighed answers (weighed.json) left out as not urbsim's — damaged, or another program's file —
 * each with its folder and what is wrong, and how to have them written anew, in the page's language.
 *
 * @example
 * display(weighedSkippedMessage('en', [{ source: 'out/pilots/weihai', name: 'weihai', problem: 'targets: expected array, found nothing' }]));
 */
export function weighedSkippedMessage(lang: Lang, skipped: readonly SkippedWeighed[]): HTMLParagraphElement {
  const code = (s: string) => `<code>${escapeHtml(s)}</code>`;
  const one = skipped.length === 1;
  if (lang === 'zh') {
    const each = skipped.map((s) => `${escapeHtml(s.name)}的 <code>weighed.json</code>（${code(s.source)}：${code(s.problem)}）`).join('；');
    return message(
      `已跳过不是 urbsim 加权结果的文件：${each}。${one ? '该情景' : '这些情景'}不显示按本地实际数据加权的结果。以同一 <code>--out</code> 再运行一次批量运行即会重新写入，然后再运行一次 <code>npm run notebooks</code>。`,
    );
  }
  const each = skipped.map((s) => `<code>weighed.json</code> of ${escapeHtml(s.name)} (${code(s.source)}: ${code(s.problem)})`).join('; ');
  return message(
    `Left out as not urbsim's weighed answer: ${each}. Nothing weighed by its own figures is shown for ${one ? 'that scenario' : 'those scenarios'}; running the batch again with the same <code>--out</code> writes ${one ? 'it' : 'them'} anew, then <code>npm run notebooks</code> again.`,
  );
}

/** A highlighted message paragraph from trusted markup (callers escape what they insert). */
export function message(markup: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'urbsim-message';
  p.innerHTML = markup;
  return p;
}

/** Text made safe to put into markup. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
