/**
 * Raised-cosine (Hann) edge: 0 at x ≤ 0, 1 at x ≥ 1 and ½ − ½·cos(πx) between, x being how far
 * into the edge a sample is as a fraction of the edge's length. Its slope is zero at both ends,
 * so a sound switched on and off with it does not click.
 */
export function raisedCosineEdge(x: number): number {
  return x >= 1 ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, x));
}

/**
 * Writes into `env` a pulse of `duration` seconds starting at `start` seconds — 1 inside, with a
 * raised-cosine rise and fall of `edge` seconds inside its ends. A pulse may start before the
 * clip (negative `start`) or run past its end; only the part inside is written.
 */
export function writePulse(
  env: Float32Array,
  sampleRate: number,
  start: number,
  duration: number,
  edge: number,
): void {
  const i0 = Math.max(0, Math.ceil(start * sampleRate));
  const i1 = Math.min(env.length, Math.ceil((start + duration) * sampleRate));
  for (let i = i0; i < i1; i++) {
    const t = i / sampleRate - start;
    env[i] = raisedCosineEdge(Math.min(t, duration - t) / edge);
  }
}
