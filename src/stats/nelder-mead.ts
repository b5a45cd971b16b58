/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, standard coefficients), for the few
 * variance parameters of the multilevel model: derivative-free, and |θ| in the objective keeps
 * components at the zero boundary reachable, as lme4's bounded optimiser does.
 */
export function minimize(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: { step?: number; tolerance?: number; maxIterations?: number } = {},
): number[] {
  const n = start.length;
  const step = options.step ?? 0.5;
  const tol = options.tolerance ?? 1e-10;
  const maxIt = options.maxIterations ?? 2000 * n;
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const x = start.slice();
    x[i] += step;
    simplex.push(x);
  }
  let values = simplex.map(f);
  for (let it = 0; it < maxIt; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[n] - values[0]) <= tol * (Math.abs(values[0]) + tol)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((x, j) => simplex[0][j] + 0.5 * (x - simplex[0][j]));
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  return simplex[values.indexOf(Math.min(...values))];
}
