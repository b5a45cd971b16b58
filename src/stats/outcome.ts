import type { Cell, Summary } from './summary-schema.js';

const pts = (x: number) => (100 * x).toFixed(1);

/**
 * The run's closing line: which of the three verdicts it reached and what could not be
 * told. A run that tested nothing says so (and the CLI exits with EXIT.nothingTested); a run
 * without a flag but with inconclusive cells never reads as "fair".
 */
export function outcomeOf(
  cells: readonly Cell[],
  verdicts: Summary['verdicts'],
  threshold: number,
  failOn: 'disproportionate' | 'never',
): Summary['outcome'] {
  const tested = verdicts.disproportionate + verdicts.withinTolerance + verdicts.inconclusive;
  const insufficient =
    verdicts.insufficientData > 0 ? `; ${verdicts.insufficientData} with too little data` : '';
  if (verdicts.disproportionate > 0) {
    const failed = failOn === 'disproportionate';
    const n = verdicts.disproportionate;
    const rest = [
      verdicts.inconclusive ? `${verdicts.inconclusive} inconclusive` : '',
      verdicts.withinTolerance ? `${verdicts.withinTolerance} within tolerance` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      status: 'disproportionate',
      failed,
      reason: `${n} group${n === 1 ? '' : 's'} disproportionate${rest ? `; ${rest}` : ''}${insufficient}${failed ? ' (failOn: disproportionate)' : ' (failOn is "never")'}`,
    };
  }
  if (tested === 0) {
    return {
      status: 'nothing tested',
      failed: false,
      reason: `nothing tested: no group reached a verdict${insufficient || ' (no perturbed condition with a baseline)'} — this run says nothing about disparity`,
    };
  }
  if (verdicts.inconclusive > 0) {
    const mdes = cells
      .flatMap((c) => c.groups)
      .filter((g) => g.verdict === 'inconclusive' && g.power?.mde != null)
      .map((g) => g.power!.mde!);
    const range =
      mdes.length > 0
        ? `: with this data an excess smaller than ${pts(Math.min(...mdes))}–${pts(Math.max(...mdes))} points could not be reliably detected (threshold ${threshold})`
        : '';
    return {
      status: 'inconclusive',
      failed: false,
      reason: `no group shown disproportionate, but ${verdicts.inconclusive} of ${tested} tested group${tested === 1 ? '' : 's'} inconclusive${range}${verdicts.withinTolerance ? `; ${verdicts.withinTolerance} within tolerance` : ''}${insufficient}`,
    };
  }
  return {
    status: 'within tolerance',
    failed: false,
    reason: `all ${tested} tested group${tested === 1 ? '' : 's'} within tolerance (interval below ${threshold} points)${insufficient}`,
  };
}

export function countVerdicts(cells: readonly Cell[]): Summary['verdicts'] {
  const v = { disproportionate: 0, withinTolerance: 0, inconclusive: 0, insufficientData: 0 };
  for (const g of cells.flatMap((c) => c.groups)) {
    if (g.verdict === 'disproportionate') v.disproportionate++;
    else if (g.verdict === 'within tolerance') v.withinTolerance++;
    else if (g.verdict === 'inconclusive') v.inconclusive++;
    else if (g.verdict === 'insufficient data') v.insufficientData++;
  }
  return v;
}
