// src/dsp/room.ts before its shaping loops moved to gaussian.wasm (lm_room_shape): test/dsp/room-kernel.test.ts compares the two.
import type { Rng } from '../../src/rng.js';

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
  const ir = new Float64Array(onset + tailLength);
  const decayPerSample = 10 ** (-3 / (rt60 * sampleRate)); // amplitude: -60 dB over rt60
  rng.gaussians(ir, onset, onset + tailLength);
  const tailEnergy = decayTail(ir, onset, tailLength, decayPerSample);
  const tailScale = Math.sqrt(10 ** (-drrDb / 10) / tailEnergy); // direct energy is 1
  scaleFrom(ir, onset, tailScale);
  ir[0] = 1;
  return normaliseEnergy(ir);
}

// The loops are functions of their own, called once per room: inside syntheticRoomIr they were
// compiled by on-stack replacement and deoptimised on leaving the loop, twice a room (1,000
// deoptimisations in 500 rooms), which cost more than the room's Gaussian draws.

/** ir[onset + i] ·= decay^i (the envelope by repeated multiplication); returns Σ of their squares. */
function decayTail(ir: Float64Array, onset: number, length: number, decay: number): number {
  let env = 1;
  let energy = 0;
  for (let i = 0; i < length; i++) {
    const v = ir[onset + i] * env;
    ir[onset + i] = v;
    energy += v * v;
    env *= decay;
  }
  return energy;
}

function scaleFrom(ir: Float64Array, from: number, g: number): void {
  for (let i = from; i < ir.length; i++) ir[i] *= g;
}

function normaliseEnergy(ir: ArrayLike<number>): Float32Array {
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
