import { closeSync, openSync, writeSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readUtterances } from '../results/utterances.js';
import { getNormalizer } from '../scoring/normalize.js';
import { alignmentsJsonl, alignRow, praBlock, praHeader } from './alignments.js';
import { renderCharts } from './charts/render.js';
import { reportCharts } from './charts/specs.js';
import { type AudioReplay, type Examples, pickExamples } from './examples.js';
import { evaluateGates, type GateReport } from './gates/evaluate.js';
import { renderHtml } from './html.js';
import { type ErrorMessages, MESSAGES_SHOWN } from './html-parts.js';
import type { ReportInputs } from './inputs.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

/** Files a run (suite `outputs:` / `--output`) or `lastmile report` can write, besides summary.json. */
export const REPORT_OUTPUTS = ['report.html', 'report.md', 'junit.xml', 'alignments'] as const;
export type ReportOutput = (typeof REPORT_OUTPUTS)[number];

export interface WrittenReports {
  readonly written: string[];
  readonly gates: GateReport;
  /** Bytes of each file written. */
  readonly sizes: Readonly<Record<string, number>>;
}

/**
 * Writes the chosen report outputs into the run folder and evaluates the gates (always: the
 * exit code of `run`, `report` and `compare` comes from them). Each file is written whole to
 * a temporary name and renamed, so a reader never sees half a report.
 */
export async function writeReports(
  inputs: ReportInputs,
  outputs: readonly string[],
  options: { readonly replay?: AudioReplay; readonly now?: Date } = {},
): Promise<WrittenReports> {
  const now = options.now ?? new Date();
  const gates = evaluateGates(inputs.view, inputs.context.gates);
  const written: string[] = [];
  const sizes: Record<string, number> = {};
  const put = async (name: string, text: string) => {
    const path = join(inputs.dir, name);
    await writeFile(`${path}.tmp`, text);
    await rename(`${path}.tmp`, path);
    written.push(name);
    sizes[name] = Buffer.byteLength(text);
  };
  const want = new Set(outputs);
  const timestamp = now.toISOString().replace(/\.\d+Z$/, '');
  let examples: Examples | undefined;
  if (want.has('report.html')) {
    examples = await pickExamples(inputs, options.replay ? { replay: options.replay } : {});
    const charts = await renderCharts(reportCharts(inputs.view));
    await put(
      'report.html',
      renderHtml({
        view: inputs.view,
        context: inputs.context,
        gates,
        charts,
        examples,
        errorMessages: await errorMessages(inputs),
        ...(inputs.recomputed && { recomputed: inputs.recomputed }),
        generatedAt: now.toISOString(),
      }),
    );
  }
  if (want.has('report.md')) {
    examples ??= await pickExamples(inputs);
    await put(
      'report.md',
      renderMarkdown(inputs.view, inputs.context, gates, examples, inputs.recomputed),
    );
  }
  if (want.has('junit.xml')) await put('junit.xml', renderJunit(gates, inputs.context, timestamp));
  if (want.has('alignments')) {
    const normalizer = getNormalizer(inputs.view.normalizer.id);
    const header = `lastmile alignments of ${inputs.context.id} · normaliser ${normalizer.id} · sclite costs (sub 4, ins 3, del 3)`;
    // Both files at once, a row at a time: what is held is one row, not the run.
    const jsonl = streamedFile(join(inputs.dir, 'alignments.jsonl'));
    const pra = streamedFile(join(inputs.dir, 'alignments.pra'));
    pra.write(praHeader(header));
    for await (const row of readUtterances(inputs.utterances)) {
      const a = alignRow(row, normalizer, inputs.view.groupBy);
      jsonl.write(alignmentsJsonl([a]));
      pra.write(praBlock(a));
    }
    for (const [name, f] of [
      ['alignments.jsonl', jsonl],
      ['alignments.pra', pra],
    ] as const) {
      await f.done();
      written.push(name);
      sizes[name] = f.bytes;
    }
  }
  return { written, gates, sizes };
}

/** A file written piece by piece to a temporary name, renamed into place when done. */
function streamedFile(path: string) {
  const fd = openSync(`${path}.tmp`, 'w');
  let bytes = 0;
  return {
    write(text: string) {
      bytes += writeSync(fd, text);
    },
    get bytes() {
      return bytes;
    },
    async done() {
      closeSync(fd);
      await rename(`${path}.tmp`, path);
    },
  };
}

/** Error units by engine × condition, streamed from the rows: counts and a few messages. */
async function errorMessages(inputs: ReportInputs): Promise<Map<string, ErrorMessages>> {
  const out = new Map<string, ErrorMessages>();
  if (inputs.view.input.errored === 0) return out;
  for await (const r of readUtterances(inputs.utterances)) {
    if (r.hypothesis != null) continue;
    const key = `${r.engine}\u0000${r.condition}`;
    const e = out.get(key) ?? { count: 0, messages: [] };
    const message = r.error ?? 'no hypothesis';
    e.count++;
    if (e.messages.length < MESSAGES_SHOWN && !e.messages.includes(message))
      e.messages.push(message);
    out.set(key, e);
  }
  return out;
}
