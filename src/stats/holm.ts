/**
 * Holm's step-down adjustment (Holm 1979): controls the family-wise error rate at α under
 * any dependence between the tests. Adjusted p_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j))
 * over the p-values sorted ascending; reject where the adjusted value is ≤ α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const adjusted = new Array<number>(m);
  let running = 0;
  for (let k = 0; k < m; k++) {
    const [p, i] = order[k];
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  }
  return adjusted;
}
