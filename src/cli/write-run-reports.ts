import { loadReportInputs } from '../report/inputs.js';
import type { WrittenReports } from '../report/write.js';
import { writeReports } from '../report/write.js';
import { analyzeFolder } from '../run/analyze.js';
import { replayRunAudio } from '../run/replay-audio.js';
import type { Summary } from '../stats/summary-schema.js';

/**
 * Writes a run folder's chosen reports and checks its gates — what `run` does at its end and
 * `report` does on demand. A missing or outdated summary.json is recomputed by the run's one
 * analysis step (without writing it); the examples' audio is rebuilt only for report.html.
 */
export async function writeRunReports(
  dir: string,
  outputs: readonly string[],
  summary?: Summary,
): Promise<WrittenReports & { readonly recomputed?: string }> {
  const inputs = await loadReportInputs(dir, {
    ...(summary && { summary }),
    recompute: async (runJson) => (await analyzeFolder(dir, runJson, [])).summary,
  });
  const wanted = outputs.filter((o) => o !== 'summary.json');
  const replay = wanted.includes('report.html') ? await replayRunAudio(inputs.context) : undefined;
  const written = await writeReports(inputs, wanted, replay ? { replay } : {});
  return { ...written, ...(inputs.recomputed && { recomputed: inputs.recomputed }) };
}
