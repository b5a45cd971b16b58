import { fmtP } from './verdict.js';

const signed = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;

/**
 * Prose for a cell where the additive test (excess in WER points) and the multiplicative
 * model (ratio of ratios) reach different decisions: each names what the other measures.
 */
export function disagreementNote(
  excess: number,
  testPAdjusted: number,
  testRejected: boolean,
  ratio: number,
  modelPHolm: number,
): string {
  return testRejected
    ? `the permutation test finds an excess of ${signed(excess)} points (adjusted p = ${fmtP(testPAdjusted)}) but the Poisson model's ratio of ratios ${ratio.toFixed(2)} is not significant (Holm p = ${fmtP(modelPHolm)}): the extra loss is additive more than multiplicative, or driven by few speakers`
    : `the Poisson model finds WER growing ${ratio.toFixed(2)}× as fast as in the rest (Holm p = ${fmtP(modelPHolm)}) but the permutation test on the additive excess does not (adjusted p = ${fmtP(testPAdjusted)}): a low clean WER can grow by a large factor while losing few points`;
}
