/**
 * Regenerates the synthetic noise beds (fixtures/noise/) and impulse responses (fixtures/ir/)
 * used by tests and scenarios. Everything is synthesised from seeded noise — no recordings, no
 * licence burden — and shaped after published descriptions:
 *  - ward.wav: hospital ward ambience after Busch-Vishniac et al. 2005 (JASA 118:3629): roughly
 *    flat 63–2000 Hz, more energy below, rolling off above 2 kHz; plus faint 50 Hz mains hum.
 *  - hvac.wav: ducted ventilation: brown-ish rumble, a 120 Hz fan blade-pass tone, low-passed.
 *  - corridor.wav: a busier space: pink noise, 100–4000 Hz, slowly fluctuating in level.
 *  - ir/small-room-48k.wav: synthetic room, RT60 0.3 s, DRR 6 dB, at 48 kHz (tests "any rate").
 *  - ir/ward-room.wav: synthetic room, RT60 0.7 s, DRR 0 dB, 16 kHz.
 * Run: npx tsx scripts/make-noise-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import wavefile from 'wavefile';
import { fromDb, rms } from '../src/audio/levels.js';
import { butterworth, designBiquad, filterCascade } from '../src/dsp/biquad.js';
import { coloredNoise } from '../src/dsp/colored-noise.js';
import { syntheticRoomIr } from '../src/dsp/room.js';
import { createRng } from '../src/rng.js';

const RATE = 16000;

function scaleTo(x: Float32Array, dbfs: number): Float32Array {
  const g = fromDb(dbfs) / rms(x);
  return x.map((v) => v * g);
}

function tone(n: number, f: number, amplitude: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, i) => amplitude * Math.sin((2 * Math.PI * f * i) / RATE),
  );
}

function add(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v + b[i]);
}

function write16(path: string, x: Float32Array, rate = RATE): void {
  const wav = new wavefile.WaveFile();
  const ints = Int16Array.from(x, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
  wav.fromScratch(1, rate, '16', ints);
  writeFileSync(path, wav.toBuffer());
}

function write32f(path: string, x: Float32Array, rate: number): void {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '32f', Float64Array.from(x));
  writeFileSync(path, wav.toBuffer());
}

mkdirSync('fixtures/noise', { recursive: true });
mkdirSync('fixtures/ir', { recursive: true });

{
  const n = 6 * RATE;
  let bed = coloredNoise(n, 'pink', createRng('fixture', 'ward'));
  bed = filterCascade(bed, [
    ...butterworth('lowpass', 2, 2000, RATE),
    designBiquad('lowshelf', 150, RATE, 0.707, 4),
  ]);
  bed = scaleTo(bed, -36);
  for (let k = 1; k <= 4; k++)
    bed = add(bed, tone(n, 50 * k, fromDb(-52 - 6 * (k - 1)) * Math.SQRT2));
  write16('fixtures/noise/ward.wav', bed);
}
{
  const n = 6 * RATE;
  let bed = coloredNoise(n, 'brown', createRng('fixture', 'hvac'));
  bed = add(
    scaleTo(bed, -34),
    scaleTo(coloredNoise(n, 'pink', createRng('fixture', 'hvac2')), -40),
  );
  bed = filterCascade(bed, butterworth('lowpass', 4, 1200, RATE));
  bed = add(bed, tone(n, 120, fromDb(-45) * Math.SQRT2));
  write16('fixtures/noise/hvac.wav', scaleTo(bed, -32));
}
{
  const n = 4 * RATE;
  let bed = coloredNoise(n, 'pink', createRng('fixture', 'corridor'));
  bed = filterCascade(bed, [
    ...butterworth('highpass', 2, 100, RATE),
    ...butterworth('lowpass', 4, 4000, RATE),
  ]);
  bed = bed.map((v, i) => v * (1 + 0.3 * Math.sin((2 * Math.PI * 0.4 * i) / RATE)));
  write16('fixtures/noise/corridor.wav', scaleTo(bed, -30));
}
write32f(
  'fixtures/ir/small-room-48k.wav',
  syntheticRoomIr(0.3, 6, 48000, createRng('fixture', 'ir', 'small-room')),
  48000,
);
write32f(
  'fixtures/ir/ward-room.wav',
  syntheticRoomIr(0.7, 0, RATE, createRng('fixture', 'ir', 'ward-room')),
  RATE,
);
