import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ChartSpec } from './specs.js';

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
  const runtime = vega.parse(compile(spec).spec);
  const view = new vega.View(runtime, {
    renderer: 'none',
    loader: offlineLoader as unknown as vega.Loader,
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
