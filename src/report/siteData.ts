import { type Table, tableFromIPC } from 'apache-arrow';
import { type ParsedWeighed, parseWeighed } from '../batch/weighedShape.ts';
import type { RunMeta } from '../io/writeRunOutputs.ts';
import type { DataManifest } from './dataManifest.ts';
import type { Lang } from './labels.ts';

/**
 * In a notebook: the staged site's `data/runs.json` ({@link DataManifest}).
 *
 * @example
 * const manifest = await fetchManifest();
 * manifest.folders.filter((f) => f.kind === 'run');
 */
export async function fetchManifest(): Promise<DataManifest> {
  return (await fetchOk('data/runs.json')).json() as Promise<DataManifest>;
}

/**
 * In a notebook: one staged Arrow table, `data/<id>/<file>`. A missing file
 * fails naming the file and folder, not with arrow's "not an IPC stream".
 *
 * @example
 * const summary = await fetchTable('dalian', 'summary.arrow');
 */
export async function fetchTable(id: string, file: string): Promise<Table> {
  const response = await fetchOk(`data/${id}/${file}`, `${file} of ${id}`);
  return tableFromIPC(new Uint8Array(await response.arrayBuffer()));
}

/**
 * In a notebook: a staged batch member's weighed answer (`data/<id>/weighed.json`, src/batch/weighedFile.ts), read
 * by urbsim's own rule ({@link parseWeighed}: JSON's null read back as NaN, a percentile no run gives); `problem`
 * instead when the file is not JSON or not of the answer's shape — a damaged or foreign file, which the page leaves
 * out and says so ({@link weighedSkippedMessage}) rather than break or draw something wrong.
 *
 * @example
 * const { answer, problem } = await fetchWeighed('pilots/weihai');
 * const forecast = weighedForecast(answer);
 */
export async function fetchWeighed(id: string): Promise<ParsedWeighed> {
  const response = await fetchOk(`data/${id}/weighed.json`, `weighed.json of ${id}`);
  return parseWeighed(await response.text());
}

/**
 * A chart's width for the page's: at least 560 px, since the width while the
 * page loads can be near 0 and Plot's margins would then leave a negative
 * range; at most 960 px, where the charts stop gaining.
 *
 * @example
 * chartWidthFor(0); // 560
 */
export const chartWidthFor = (pageWidth: number): number => Math.max(560, Math.min(pageWidth, 960));

async function fetchOk(url: string, what = url): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return response;
}

/** The page's state in its URL (`?run=…&lang=zh`), so a link reopens the same view and inputs survive being drawn again. */
export interface PageState {
  get(key: string): string | null;
  /** Set (or, with null, remove) a key, replacing the URL without a reload or a history entry. */
  set(key: string, value: string | null): void;
}

/**
 * In a notebook: the page's state, read from and written to its URL. An
 * input whose labels depend on the language is drawn again when the
 * language changes; it takes its value from here ({@link remember}), so the
 * chosen indicator or run is kept rather than reset.
 *
 * @example
 * const state = pageState();
 * state.get('run'); // 'dalian' for targets.html?run=dalian
 */
export function pageState(): PageState {
  const params = new URLSearchParams(location.search);
  return {
    get: (key) => params.get(key),
    set: (key, value) => {
      if (value === null) params.delete(key);
      else params.set(key, value);
      const query = params.toString();
      history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
    },
  };
}

/**
 * Keep an input's value in the page state whenever the user changes it.
 *
 * @example
 * const metric = view(remember(Inputs.select(METRICS, { value: state.get('metric') ?? 'registered_rate' }), state, 'metric', (m) => m));
 */
export function remember<E extends EventTarget & { value: unknown }>(input: E, state: PageState, key: string, toKey: (value: E['value']) => string | null): E {
  input.addEventListener('input', () => state.set(key, toKey(input.value)));
  return input;
}

const LANG_KEY = 'urbsim.lang';

/**
 * The language a page opens in: `?lang=`, else the one chosen last on any
 * page of the site, else the browser's (Chinese for zh-*), else English.
 *
 * @example
 * const lang = view(Inputs.radio(LANGUAGES, { value: initialLang(state) }));
 */
export function initialLang(state: PageState): Lang {
  const asked = state.get('lang') ?? storage()?.getItem(LANG_KEY) ?? (navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en');
  return asked === 'zh' ? 'zh' : 'en';
}

/**
 * Make `lang` the page's language: in its URL, for the site's other pages,
 * and on the document (`lang`, and `data-lang`, which shows the navigation
 * in that language).
 *
 * @example
 * useLang(state, lang);
 */
export function useLang(state: PageState, lang: Lang): void {
  state.set('lang', lang);
  storage()?.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.documentElement.dataset.lang = lang;
}

/** The language switch's choices, each in its own language. */
export const LANGUAGES: ReadonlyMap<string, Lang> = new Map([['English', 'en'], ['中文', 'zh']]);

/**
 * An empty node for a cell that has nothing to show this time. Notebook
 * Kit clears a cell's output only when the cell displays something new: a
 * cell that displayed a warning and then displays nothing would keep the
 * warning (as the levers page did after a variant was unticked).
 *
 * @example
 * display(unpaired.length ? warning : nothing());
 */
export const nothing = (): Text => document.createTextNode('');

/**
 * In a notebook: a staged run's meta.json (the resolved scenario, with its
 * targets' sources).
 *
 * @example
 * const meta = await fetchMeta('dalian'); meta.scenario.targets[0].source; // 'data: seed 004 L907'
 */
export async function fetchMeta(id: string): Promise<RunMeta> {
  return (await fetchOk(`data/${id}/meta.json`, `meta.json of ${id}`)).json() as Promise<RunMeta>;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled: the language is still kept in the URL
  }
}
