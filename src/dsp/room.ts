import { prepareBulkGaussians, type Rng } from '../rng.js';
import { Heap, loadWasm } from '../wasm/load.js';

/**
 * Synthetic room impulse responses. The late field is modelled as Gaussian noise under an
 * exponential envelope that falls 60 dB in RT60 (Polack's statistical model: diffuse, broadband,
 * one decay rate), starting 5 ms after a unit direct path, and scaled so direct energy over
 * late energy equals the requested direct-to-reverberant ratio. The result is normalised to
 * unit energy, so a broadband signal keeps its RMS. Air and wall absorption rising with
 * frequency is not modelled: every band decays at the stated RT60.
 */
export function syntheticRoomIr(
  rt60: number,
  drrDb: number,
  sampleRate: number,
  rng: Rng,
): Float32Array {
  const onset = Math.round(0.005 * sampleRate);
  // Run the tail down to -80 dB so the Schroeder integral is not truncated within its fit range.
  const tailLength = Math.ceil(((rt60 * 80) / 60) * sampleRate);
  const n = onset + tailLength;
  const decayPerSample = 10 ** (-3 / (rt60 * sampleRate)); // amplitude: -60 dB over rt60
  // The draws go straight into the kernel's memory that shapes them, with no array of the
  // room's length of their own. The generator's kernel is the same module and allocates its
  // scratch on first use, which may grow the memory and detach a view made before: so it is
  // made ready first, and nothing allocates between the view and the draws.
  prepareBulkGaussians();
  const lib = loadWasm('gaussian.wasm');
  const heap = new Heap(lib);
  try {
    const p = heap.alloc(8 * n);
    const q = heap.alloc(4 * n);
    const ir = new Float64Array(lib.memory.buffer, p, n);
    ir.fill(0, 0, onset);
    rng.gaussians(ir, onset, n);
    // The envelope, the DRR scaling (direct energy is 1: the tail is scaled to 10^(−DRR/10) of
    // it) and the normalisation: gaussian.wasm `lm_room_shape`, the loops that were here in
    // TypeScript, the same double operations in the same order, so the same samples bit for
    // bit (test/dsp/room-kernel.test.ts keeps them and compares), in one call where they were
    // four passes of their own.
    lib.exports.lm_room_shape(p, q, n, onset, decayPerSample, 10 ** (-drrDb / 10));
    return new Float32Array(lib.memory.buffer, q, n).slice();
  } finally {
    heap.free();
  }
}

/** RT60 and DRR of a shoebox room (Eyring's formula; critical distance from the room constant). */
export function shoeboxAcoustics(
  length: number,
  width: number,
  height: number,
  absorption: number,
  distance: number,
): { rt60: number; drrDb: number } {
  const volume = length * width * height;
  const surface = 2 * (length * width + length * height + width * height);
  // Eyring (1930): T = 0.161 V / (−S ln(1 − ā)); tends to Sabine's 0.161 V / (S ā) for small ā.
  const rt60 = (0.161 * volume) / (-surface * Math.log(1 - absorption));
  // Room constant R = S ā / (1 − ā); direct and reverberant energy are equal at the critical
  // distance r_c = √(R / 16π), so DRR = 20 log10(r_c / r).
  const roomConstant = (surface * absorption) / (1 - absorption);
  const critical = Math.sqrt(roomConstant / (16 * Math.PI));
  return { rt60, drrDb: 20 * Math.log10(critical / distance) };
}

export function normaliseEnergy(ir: ArrayLike<number>): Float32Array {
  const e = sumSquares(ir);
  const g = e > 0 ? 1 / Math.sqrt(e) : 0;
  return scaledCopy(ir, g);
}

function sumSquares(ir: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < ir.length; i++) e += ir[i] * ir[i];
  return e;
}

function scaledCopy(ir: ArrayLike<number>, g: number): Float32Array {
  const out = new Float32Array(ir.length);
  for (let i = 0; i < ir.length; i++) out[i] = ir[i] * g;
  return out;
}
