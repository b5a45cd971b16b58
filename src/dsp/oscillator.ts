/**
 * Adds amplitude · sin(w·i + phase) to out[i] for every i. A sine per sample is the costliest
 * part of a tone generator, so the phasor (cos, sin) is rotated by a fixed (cos w, sin w) each
 * sample instead: two multiply-adds. Rounding error grows with every rotation, so the phasor is
 * reset from Math.cos/Math.sin at the start of every block of 1024 samples, which bounds the
 * error near 1e-13 and keeps each block independent of how the clip was processed before it.
 */
export function addSine(
  out: Float32Array | Float64Array,
  amplitude: number,
  w: number,
  phase: number,
): void {
  const cw = Math.cos(w);
  const sw = Math.sin(w);
  for (let start = 0; start < out.length; start += BLOCK) {
    const end = Math.min(out.length, start + BLOCK);
    let c = amplitude * Math.cos(w * start + phase);
    let s = amplitude * Math.sin(w * start + phase);
    for (let i = start; i < end; i++) {
      out[i] += s;
      const next = c * cw - s * sw;
      s = s * cw + c * sw;
      c = next;
    }
  }
}

const BLOCK = 1024;
