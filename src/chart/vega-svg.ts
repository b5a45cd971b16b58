import * as vega from 'vega';
import * as vl from 'vega-lite';

/** A Vega-Lite specification (the JSON form; see vega.github.io/vega-lite). */
export type VegaLiteSpec = vl.TopLevelSpec;

/**
 * Renders a Vega-Lite specification to a standalone SVG string, headless (no canvas, no browser):
 * Vega-Lite compiles it to Vega, and Vega's SVG string renderer draws it. Shared by every page
 * lastmile writes, so charts look alike and nobody hand-draws axes.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
