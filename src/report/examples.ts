import type { Audio } from '../audio/types.js';
import { isUserError } from '../errors.js';
import type { UtteranceRow } from '../results/row.js';
import { readUtterances } from '../results/utterances.js';
import type { AlignedPair } from '../scoring/align.js';
import { getNormalizer } from '../scoring/normalize.js';
import { groupLabel } from '../text/group-label.js';
import { alignRow } from './alignments.js';
import type { ReportInputs } from './inputs.js';
import { encodeForListening, type ListenableAudio } from './listen.js';
import { type GroupCell, rankedCells } from './view-model.js';

/** One side of an example: what the engine wrote, aligned, and the audio it heard. */
export interface ExampleSide {
  readonly hypothesis: string;
  readonly pairs: readonly AlignedPair[];
  readonly errors: number;
  readonly refWords: number;
  readonly audio?: ListenableAudio;
}

/** A clip from one of the worst cells, clean beside perturbed. */
export interface Example {
  readonly cell: GroupCell;
  readonly clipId: string;
  readonly speaker: string;
  readonly reference: string;
  readonly clean: ExampleSide;
  readonly perturbed: ExampleSide;
  /** Parameters drawn for this clip (e.g. the SNR picked from a range). */
  readonly params?: UtteranceRow['params'];
}

export interface Examples {
  readonly examples: readonly Example[];
  /** Why the audio players are missing, when they are (corpus or scenario gone, hash differs). */
  readonly audioNote?: string;
}

export interface ExampleOptions {
  /** Worst cells to draw examples from (default 6). */
  readonly cells?: number;
  /** Clips per cell (default 2). */
  readonly perCell?: number;
  /** How to rebuild the audio the engine heard; without one, examples are text only. */
  readonly replay?: AudioReplay;
}

/**
 * Rebuilds a unit's clean and perturbed audio (src/run/replay-audio.ts does it from the run's
 * corpus and scenarios), or says why it cannot.
 */
export interface AudioReplay {
  readonly render?: (clean: UtteranceRow, perturbed: UtteranceRow) => Promise<ReplayedPair>;
  /** Why there is no audio at all (corpus or scenarios gone). */
  readonly note?: string;
}

export interface ReplayedPair {
  readonly clean?: Audio;
  readonly perturbed?: Audio;
  readonly note?: string;
}

/**
 * The clips that lost the most words under the worst cells' conditions: for each of the
 * `cells` worst (engine, condition, group) cells, the `perCell` clips whose errors grew most
 * from clean to perturbed. Audio is regenerated from the corpus and the scenario (the same
 * seeded perturbation) and checked against the hash recorded for what the engine heard.
 * The rows are read twice, one at a time: once for each candidate's error counts (the chosen
 * cells' rows and their engines' clean rows: a count each), once for the few rows picked.
 */
export async function pickExamples(
  inputs: ReportInputs,
  options: ExampleOptions = {},
): Promise<Examples> {
  const normalizer = getNormalizer(inputs.view.normalizer.id);
  const groupBy = inputs.view.groupBy;
  const chosen = rankedCells(inputs.view)
    .filter((c) => c.excess?.value != null && c.excess.value > 0)
    .slice(0, options.cells ?? 6);
  const cellKey = (engine: string, condition: string, group: string) =>
    `${engine}\u0000${condition}\u0000${group}`;
  const cells = new Map(chosen.map((c) => [cellKey(c.engine, c.condition, c.group), c]));
  const engines = new Set(chosen.map((c) => c.engine));
  // Every row of a chosen cell with a transcript (file order), and the latest clean row of
  // each clip of those engines: row number in the file and errors.
  const candidates = new Map<GroupCell, { id: string; line: number; errors: number }[]>();
  const clean = new Map<string, { line: number; errors: number | null }>();
  let line = 0;
  for await (const r of readUtterances(inputs.utterances)) {
    line++;
    if (!engines.has(r.engine)) continue;
    if (r.condition === 'clean') {
      const errors = r.hypothesis != null ? errorsOf(alignRow(r, normalizer, groupBy)) : null;
      clean.set(`${r.engine}|${r.id}`, { line, errors });
    }
    const cell = cells.get(cellKey(r.engine, r.condition, groupLabel(r.labels, groupBy)));
    if (!cell || r.hypothesis == null) continue;
    const list = candidates.get(cell) ?? [];
    list.push({ id: r.id, line, errors: errorsOf(alignRow(r, normalizer, groupBy)) });
    candidates.set(cell, list);
  }
  const wanted: { cell: GroupCell; line: number; cleanLine: number }[] = [];
  for (const cell of chosen) {
    const ranked = (candidates.get(cell) ?? [])
      .map((x) => ({ ...x, clean: clean.get(`${cell.engine}|${x.id}`) }))
      .filter((x) => x.clean?.errors != null)
      .map((x) => ({ ...x, gain: x.errors - x.clean!.errors! }))
      .sort((a, b) => b.gain - a.gain || (a.id < b.id ? -1 : 1))
      .slice(0, options.perCell ?? 2);
    for (const x of ranked) wanted.push({ cell, line: x.line, cleanLine: x.clean!.line });
  }
  const lines = new Set(wanted.flatMap((w) => [w.line, w.cleanLine]));
  const byLine = new Map<number, UtteranceRow>();
  line = 0;
  if (lines.size > 0)
    for await (const r of readUtterances(inputs.utterances))
      if (lines.has(++line)) byLine.set(line, r);
  const picked = wanted.map((w) => ({
    cell: w.cell,
    row: byLine.get(w.line)!,
    clean: byLine.get(w.cleanLine)!,
  }));
  const source = options.replay;
  const examples: Example[] = [];
  const notes = new Set<string>(source?.note ? [source.note] : []);
  for (const p of picked) {
    const side = (row: UtteranceRow): Omit<ExampleSide, 'audio'> => {
      const a = alignRow(row, normalizer, groupBy);
      return {
        hypothesis: row.hypothesis ?? '',
        pairs: a.pairs,
        errors: errorsOf(a),
        refWords: a.counts?.refWords ?? 0,
      };
    };
    const audio = source?.render
      ? await listenable(source.render, p.clean, p.row, notes)
      : undefined;
    examples.push({
      cell: p.cell,
      clipId: p.row.id,
      speaker: p.row.speaker,
      reference: p.row.reference,
      clean: { ...side(p.clean), ...(audio?.clean && { audio: audio.clean }) },
      perturbed: { ...side(p.row), ...(audio?.perturbed && { audio: audio.perturbed }) },
      ...(p.row.params && { params: p.row.params }),
    });
  }
  return { examples, ...(notes.size > 0 && { audioNote: [...notes].join('; ') }) };
}

function errorsOf(a: ReturnType<typeof alignRow>): number {
  return a.counts ? a.counts.substitutions + a.counts.deletions + a.counts.insertions : 0;
}

async function listenable(
  render: NonNullable<AudioReplay['render']>,
  clean: UtteranceRow,
  row: UtteranceRow,
  notes: Set<string>,
): Promise<{ clean?: ListenableAudio; perturbed?: ListenableAudio } | undefined> {
  let pair: ReplayedPair;
  try {
    pair = await render(clean, row);
  } catch (e) {
    if (!isUserError(e)) throw e;
    notes.add(e.message);
    return undefined;
  }
  if (pair.note) notes.add(pair.note);
  if (!pair.clean || !pair.perturbed) return undefined;
  return {
    clean: await encodeForListening(pair.clean),
    perturbed: await encodeForListening(pair.perturbed),
  };
}
