import type * as Vega from 'vega';
import type { ChartSpec } from './specs.js';

// Vega takes about half a second to load: loaded on the first chart, not by every CLI command.
let vegaModules: Promise<[typeof Vega, typeof import('vega-lite')]> | undefined;
const loadVega = () => {
  vegaModules ??= Promise.all([import('vega'), import('vega-lite')]);
  return vegaModules;
};

/** A rendered chart: the SVG markup to inline in the page. */
export interface RenderedChart extends Omit<ChartSpec, 'spec'> {
  readonly svg: string;
}

// Charts carry their data inline; a spec that asks for a URL is a bug, and a report must
// never reach the network, so the loader refuses every load.
const offlineLoader = {
  load: () => Promise.reject(new Error('report charts load no files or URLs')),
  sanitize: () => Promise.reject(new Error('report charts load no files or URLs')),
  http: () => Promise.reject(new Error('report charts load no URLs')),
  file: () => Promise.reject(new Error('report charts load no files')),
};

/** Compiles a Vega-Lite spec and renders it headless to SVG (no browser, no canvas). */
export async function renderChart(chart: ChartSpec): Promise<RenderedChart> {
  const { spec, ...rest } = chart;
  const [vega, { compile }] = await loadVega();
  const runtime = vega.parse(compile(spec).spec);
  const view = new vega.View(runtime, {
    renderer: 'none',
    loader: offlineLoader as unknown as Vega.Loader,
    // Vega's warnings go to the console of a CLI that has its own output; errors still throw.
    logLevel: vega.Error,
  });
  try {
    const svg = await view.toSVG();
    return {
      ...rest,
      svg: svg.replace('<svg ', `<svg role="img" aria-label="${escapeAttr(chart.caption)}" `),
    };
  } finally {
    view.finalize();
  }
}

export async function renderCharts(charts: readonly ChartSpec[]): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const c of charts) out.push(await renderChart(c));
  return out;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
