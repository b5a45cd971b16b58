import { isSyntheticCorpus } from '../corpus/synthetic.js';
import type { GateReport } from './gates/evaluate.js';
import type { RunContext } from './run-context.js';
import { type GroupCell, type ReportView, rankedCells } from './view-model.js';

/**
 * The findings in words, shared by the HTML and Markdown reports so both say the same thing:
 * a sentence per cell for a product manager, and the counts behind the headline.
 */

const pts = (x: number) => (100 * x).toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${pts(x)}`;

export function verdictSentence(c: GroupCell, view: ReportView): string {
  const level = Math.round(view.intervalLevel * 100);
  const ci = c.excess?.ci
    ? ` (${level} % interval ${signed(c.excess.ci[0])} to ${signed(c.excess.ci[1])})`
    : '';
  const tol = view.thresholds.excessPoints;
  switch (c.verdict) {
    case 'disproportionate':
      return `${c.group} loses disproportionately more words under ${c.condition} (${c.engine}): its WER rises ${signed(c.degradation?.value ?? 0)} points, ${signed(c.excess?.value ?? 0)} points more than the other groups'${ci}.`;
    case 'within tolerance':
      return `${c.group} under ${c.condition} (${c.engine}) is within tolerance: its excess degradation is below the ${tol}-point tolerance${ci}.`;
    case 'inconclusive': {
      const mde = c.minimumDetectableExcess;
      const could =
        mde === null
          ? ''
          : ` These data could only detect an excess of ${pts(mde)} points or more.`;
      return `${c.group} under ${c.condition} (${c.engine}) is inconclusive: excess ${signed(c.excess?.value ?? 0)} points${ci}, which neither clears nor rules out the ${tol}-point tolerance.${could}`;
    }
    case 'insufficient data':
      return `${c.group} under ${c.condition} (${c.engine}) has too little data for a verdict: ${c.reason}.`;
    default:
      return `${c.group}: baseline.`;
  }
}

export interface Headline {
  /** One sentence: what was found. */
  readonly found: string;
  /** One sentence: how sure. */
  readonly sure: string;
  readonly counts: Readonly<Record<GroupCell['verdict'], number>>;
  readonly worst: readonly GroupCell[];
}

export function headline(view: ReportView, gates: GateReport): Headline {
  const counts = {
    disproportionate: 0,
    'within tolerance': 0,
    inconclusive: 0,
    'insufficient data': 0,
    baseline: 0,
  };
  for (const c of view.cells) counts[c.verdict]++;
  const tested = view.cells.length - counts.baseline;
  const worst = rankedCells(view).filter((c) => c.verdict === 'disproportionate');
  const groups = [...new Set(worst.map((c) => c.group))];
  const found =
    tested === 0
      ? 'Only the clean baseline was run: there is no condition to compare groups under.'
      : worst.length > 0
        ? `${groups.join(', ')} ${groups.length === 1 ? 'loses' : 'lose'} disproportionately more words in ${worst.length} of ${tested} group × condition cells; ${counts['within tolerance']} cells are within tolerance, ${counts.inconclusive} inconclusive and ${counts['insufficient data']} without enough data.`
        : noneFound(
            counts['within tolerance'],
            counts.inconclusive,
            counts['insufficient data'],
            tested,
          );
  const level = Math.round(view.intervalLevel * 100);
  const sure = `A group is called disproportionate only when its excess degradation reaches ${view.thresholds.excessPoints} WER points and the test stays significant after correcting for all ${tested} comparisons (family-wise error rate ${view.thresholds.alpha}); intervals are ${level} %, resampling whole speakers. ${gates.verdict}.`;
  return { found, sure, counts, worst };
}

/** No cell flagged: says "fair" only as far as the within-tolerance cells show it, never for cells
 * that could not tell (an empty verdict is not evidence of no disparity). */
function noneFound(within: number, inconclusive: number, short: number, tested: number): string {
  const rest = `${inconclusive} inconclusive and ${short} without enough data`;
  if (within === tested)
    return `No group loses disproportionately more words: all ${tested} group × condition cells are within tolerance.`;
  if (within === 0)
    return `Nothing could be told: none of the ${tested} group × condition cells reached a verdict either way (${rest}). This is not evidence that the groups fare alike.`;
  return `No group was found to lose disproportionately more words, but only ${within} of ${tested} group × condition cells are shown to be within tolerance; ${rest} cannot tell.`;
}

/** The synthetic-corpus warning, when the run used the bundled corpus (its groups are not accents). */
export function syntheticWarning(view: ReportView, context: RunContext): string | null {
  if (!isSyntheticCorpus(context.corpus.manifest, view.groups)) return null;
  return 'This run used synthetic speech (the bundled corpus: text-to-speech voices with rewritten pronunciations, labelled synthetic/…). Its groups are not accents, and nothing here says how any engine treats real speakers. Bring a real accented corpus with --corpus to measure that.';
}
