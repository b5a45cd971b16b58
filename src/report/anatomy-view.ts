import type { Summary } from '../stats/summary-schema.js';

/**
 * The error anatomy in the reports: per engine × condition × group, the substitution,
 * deletion, insertion and keyword error rates with the WER's verdicts, and hallucinated words
 * with examples — which kind of error grows disproportionately, not only that WER does.
 */
type Verdict = Summary['anatomy']['cells'][number]['groups'][number]['verdict'];
interface Estimate {
  readonly value: number | null;
  readonly ci: readonly [number, number] | null;
}

export interface AnatomyRate {
  readonly engine: string;
  readonly condition: string;
  readonly group: string;
  readonly metric: string;
  readonly rate: Estimate;
  readonly excess: Estimate | null;
  readonly pAdjusted: number | null;
  readonly verdict: Verdict;
  readonly reason: string;
}

export interface AnatomyView {
  readonly metrics: readonly string[];
  readonly rates: readonly AnatomyRate[];
  readonly hallucinations: Summary['anatomy']['hallucinations'];
  readonly keywords: Summary['anatomy']['keywords'];
}

export function anatomyView(summary: Summary): AnatomyView {
  const a = summary.anatomy;
  return {
    metrics: a.metrics.map((m) => m.id),
    rates: a.cells
      .filter((c) => !c.isBaseline)
      .flatMap((c) =>
        c.groups.map((g) => ({
          engine: c.engine,
          condition: c.condition,
          group: g.group,
          metric: c.metric,
          rate: { value: g.rate.value, ci: g.rate.ci },
          excess: g.excess ? { value: g.excess.value, ci: g.excess.ci } : null,
          pAdjusted: g.test?.pAdjusted ?? null,
          verdict: g.verdict,
          reason: g.reason,
        })),
      ),
    hallucinations: a.hallucinations.filter(
      (h) => h.hallucinatedUtterances > 0 || h.examples.length > 0,
    ),
    keywords: a.keywords,
  };
}
