import { renderChart } from '../report/charts/render.js';
import type { ChartSpec } from '../report/charts/specs.js';
import type { Profile } from './analyse.js';
import type { Fidelity } from './fidelity.js';
import { fidelityLines, profileLines } from './text.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Long-term spectra of recording, model and the recording's floor, per third-octave band. */
function spectrumSpec(p: Profile, f: Fidelity) {
  const values = [
    ...f.bands.map((b) => ({ band: b.centre, level: b.recording, series: 'recording (LTAS)' })),
    ...f.bands.map((b) => ({
      band: b.centre,
      level: b.model,
      series: 'model rendered on silence',
    })),
    ...p.floor.map((b) => ({ band: b.centre, level: b.level, series: 'recording floor' })),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Long-term average spectrum, third-octave bands',
    width: 640,
    height: 300,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'band',
        type: 'quantitative',
        scale: { type: 'log', domain: [20, 20000], nice: false },
        title: 'band centre (Hz)',
      },
      y: { field: 'level', type: 'quantitative', scale: { zero: false }, title: 'level (dBFS)' },
      color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 300 } },
      strokeDash: {
        condition: { test: "datum.series === 'recording floor'", value: [4, 3] },
        value: [1, 0],
      },
    },
  } as const;
}

/** Tonal peaks: recorded partials and the model's, level against frequency. */
function tonesSpec(f: Fidelity) {
  const values = f.tones.flatMap((t) => [
    { frequency: t.frequency, level: t.level, series: 'recording' },
    ...(t.model ? [{ frequency: t.model.frequency, level: t.model.level, series: 'model' }] : []),
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Steady tones (each partial)',
    width: 640,
    height: 220,
    data: { values },
    mark: { type: 'point', filled: true, size: 80 },
    encoding: {
      x: {
        field: 'frequency',
        type: 'quantitative',
        scale: { type: 'log' },
        title: 'frequency (Hz)',
      },
      y: { field: 'level', type: 'quantitative', scale: { zero: false }, title: 'level (dBFS)' },
      color: { field: 'series', type: 'nominal', title: null },
      shape: { field: 'series', type: 'nominal', title: null },
    },
  } as const;
}

/** On/off envelope of the bursts over the first 15 s, recording above model. */
function envelopeSpec(p: Profile, f: Fidelity) {
  const values: { t: number; on: number; series: string }[] = [];
  const add = (env: Profile['envelope'], series: string) => {
    if (!env) return;
    const step = Math.max(1, Math.round(env.blockRate / 50));
    for (let b = 0; b < Math.min(env.on.length, 15 * env.blockRate); b += step)
      values.push({ t: b / env.blockRate, on: env.on[b], series });
  };
  add(p.envelope, 'recording');
  add(f.model.envelope, 'model');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Bursts: on/off over the first 15 s',
    width: 640,
    height: 60,
    data: { values },
    mark: { type: 'area', interpolate: 'step-after' },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'on', type: 'quantitative', title: null, axis: null },
      row: { field: 'series', type: 'nominal', title: null },
    },
  } as const;
}

/** The self-contained fidelity page written beside the scenario. */
export async function fidelityPage(
  title: string,
  profile: Profile,
  fidelity: Fidelity,
  scenarioFile: string,
): Promise<string> {
  const specs: ChartSpec[] = [
    {
      id: 'spectrum',
      title: 'Long-term average spectrum',
      caption:
        'Third-octave levels of the recording, its stationary floor, and the model rendered on silence',
      spec: spectrumSpec(profile, fidelity) as never,
    },
  ];
  if (fidelity.tones.length)
    specs.push({
      id: 'tones',
      title: 'Steady tones',
      caption: 'Each tonal partial of the recording and the nearest one in the model',
      spec: tonesSpec(fidelity) as never,
    });
  if (profile.envelope || fidelity.model.envelope)
    specs.push({
      id: 'bursts',
      title: 'Bursts',
      caption: 'When the bursts sound, recording and model, over the first 15 s',
      spec: envelopeSpec(profile, fidelity) as never,
    });
  // The reports' renderer: Vega-Lite to SVG headless, loading nothing from files or the network.
  const charts: string[] = [];
  for (const spec of specs) charts.push((await renderChart(spec)).svg);
  const rows = fidelity.bands
    .map(
      (b) =>
        `<tr><td>${b.centre}</td><td>${b.recording.toFixed(1)}</td><td>${b.model.toFixed(1)}</td><td>${b.difference >= 0 ? '+' : ''}${b.difference.toFixed(1)}</td></tr>`,
    )
    .join('\n');
  const pre = (lines: string[]) => `<pre>${escapeHtml(lines.join('\n'))}</pre>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em}
pre{background:#f6f6f6;padding:.8em;white-space:pre-wrap}table{border-collapse:collapse}
td,th{padding:.15em .7em;text-align:right;border-bottom:1px solid #ddd}figure{margin:1em 0}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Scenario: <code>${escapeHtml(scenarioFile)}</code>. The model condition <code>${escapeHtml(fidelity.condition)}</code> was rendered on ${fidelity.seconds.toFixed(1)} s of silence by lastmile's own pipeline and analysed like the recording.</p>
<h2>Fidelity</h2>${pre(fidelityLines(fidelity))}
${charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}
<h2>What the recording holds</h2>${pre(profileLines(profile))}
<h2>Band by band</h2><table><tr><th>band (Hz)</th><th>recording (dBFS)</th><th>model (dBFS)</th><th>difference (dB)</th></tr>
${rows}</table>
</body></html>
`;
}
