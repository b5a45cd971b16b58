/** Float samples (full scale ±1) to 16-bit PCM: rounded to nearest, saturated. */
export function toInt16(x: Float32Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.min(32767, Math.max(-32768, Math.round(x[i] * 32768)));
  }
  return out;
}

export function fromInt16(x: Int16Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] / 32768;
  return out;
}
