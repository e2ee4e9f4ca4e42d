import { type Table, tableFromIPC } from 'apache-arrow';
import type { DataManifest } from './dataManifest.ts';

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
