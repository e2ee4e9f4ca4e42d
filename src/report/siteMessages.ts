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

/** A highlighted message paragraph from trusted markup (callers escape what they insert). */
export function message(markup: string): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'urbsim-message';
  p.innerHTML = markup;
  return p;
}

/** Text made safe to put into markup. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
