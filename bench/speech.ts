// The benches' speech: the three test voices (real recordings of one sentence each), and a long
// clip made of them end to end.

/** The voices, as paths from the checkout's root. */
export const VOICES = ['speech.wav', 'speech-kal.wav', 'speech-ked.wav'].map(
  (f) => `test/fixtures/${f}`,
);

/** `parts` one after another, again and again, cut at `length` samples. */
export function looped(parts: readonly Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  for (let at = 0, k = 0; at < length; k++) {
    const p = parts[k % parts.length];
    out.set(p.subarray(0, Math.min(p.length, length - at)), at);
    at += p.length;
  }
  return out;
}
