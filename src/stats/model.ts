import { fitPoisson, normalUpperTail } from './glm.js';
import { normalQuantile } from './quantile.js';

/** Per-cluster counts of one group-vs-rest comparison. */
export interface ModelInput {
  /** 1 for clusters in the group, 0 for the other groups. */
  readonly inGroup: Uint8Array;
  readonly baseErrors: Float64Array;
  readonly baseWords: Float64Array;
  readonly condErrors: Float64Array;
  readonly condWords: Float64Array;
}

export interface InteractionEstimate {
  /** exp(γ): ratio of the group's WER growth (condition / clean) to the other groups'. */
  readonly ratio: number | null;
  readonly ci: [number, number] | null;
  /** One-sided Wald p-value for γ > 0 with the cluster-robust standard error. */
  readonly p: number | null;
  readonly logRatio: number | null;
  readonly se: number | null;
  readonly seModel: number | null;
  readonly note: string | null;
}

export const MODEL_FORMULA =
  'errors ~ group + condition + group:condition + offset(log(reference words)), Poisson, log link; ' +
  'one model per engine × condition × group, the group against all other groups, on the clean ' +
  'and perturbed counts of each speaker';

/**
 * Poisson GLM with a group × condition interaction: log E[errors] = log(words) + β0 + β1·G +
 * β2·C + γ·G·C, fitted by IRLS, with standard errors clustered by speaker (each speaker's
 * clean and perturbed rows are one cluster).
 */
export function interactionModel(input: ModelInput, alpha: number): InteractionEstimate {
  const n = input.inGroup.length;
  const cells = [0, 0, 0, 0]; // errors in (G=0,C=0), (G=0,C=1), (G=1,C=0), (G=1,C=1)
  const words = [0, 0, 0, 0];
  const rows: number[][] = [];
  const y: number[] = [];
  const off: number[] = [];
  const cl: number[] = [];
  for (let i = 0; i < n; i++) {
    const gi = input.inGroup[i];
    for (const c of [0, 1]) {
      const e = c ? input.condErrors[i] : input.baseErrors[i];
      const w = c ? input.condWords[i] : input.baseWords[i];
      if (w <= 0) continue;
      cells[gi * 2 + c] += e;
      words[gi * 2 + c] += w;
      rows.push([1, gi, c, gi * c]);
      y.push(e);
      off.push(Math.log(w));
      cl.push(i);
    }
  }
  const none: InteractionEstimate = {
    ratio: null,
    ci: null,
    p: null,
    logRatio: null,
    se: null,
    seModel: null,
    note: null,
  };
  const names = [
    'other groups, clean',
    'other groups, condition',
    'group, clean',
    'group, condition',
  ];
  const empty = cells.findIndex((e, k) => e === 0 || words[k] === 0);
  if (empty >= 0) {
    return { ...none, note: `not estimable: no errors (${names[empty]})` };
  }
  const fit = fitPoisson({
    x: Float64Array.from(rows.flat()),
    p: 4,
    y: Float64Array.from(y),
    offset: Float64Array.from(off),
    cluster: Int32Array.from(cl),
  });
  if (!fit?.converged) {
    return { ...none, note: 'not estimable: the model did not converge' };
  }
  const g = fit.beta[3];
  const se = fit.seCluster[3];
  if (!Number.isFinite(se) || se <= 0) {
    return { ...none, note: 'not estimable: too few speakers for a clustered standard error' };
  }
  const z = normalQuantile(1 - alpha / 2);
  return {
    ratio: Math.exp(g),
    ci: [Math.exp(g - z * se), Math.exp(g + z * se)],
    p: normalUpperTail(g / se),
    logRatio: g,
    se,
    seModel: fit.seModel[3],
    note: null,
  };
}
