/**
 * Reads `length` samples from a recorded bed starting at `offset`, looping seamlessly when the
 * bed is shorter than what is asked. The loop body is the bed minus its last `crossfade`
 * samples, whose sound is blended (equal-power, as for uncorrelated noise) into the start of
 * the body: at the wrap the bed's own continuation fades out while its beginning fades in, so
 * the loop has neither a click nor a dip in level.
 */
export function loopBed(
  bed: Float32Array,
  length: number,
  offset: number,
  crossfade: number,
): Float32Array {
  const out = new Float32Array(length);
  const m = bed.length;
  if (m === 0) return out;
  if (offset + length <= m) {
    out.set(bed.subarray(offset, offset + length));
    return out;
  }
  const body = loopBody(bed, crossfade);
  const p = body.length;
  // Whole stretches of the body at a time (a native copy), not sample by sample.
  let pos = offset % p;
  for (let i = 0; i < length; ) {
    const take = Math.min(p - pos, length - i);
    out.set(body.subarray(pos, pos + take), i);
    i += take;
    pos = 0;
  }
  return out;
}

/** The seamless loop of `bed` (length bed.length − c, c = crossfade clamped to half the bed). */
export function loopBody(bed: Float32Array, crossfade: number): Float32Array {
  const m = bed.length;
  const c = Math.max(0, Math.min(Math.floor(crossfade), Math.floor(m / 2)));
  const body = bed.slice(0, m - c);
  for (let i = 0; i < c; i++) {
    const t = (i + 0.5) / c;
    body[i] = bed[i] * Math.sin((Math.PI / 2) * t) + bed[m - c + i] * Math.cos((Math.PI / 2) * t);
  }
  return body;
}
