import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAudio } from '../../src/audio/read.js';
import { writeWav16 } from '../../src/audio/write.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { loadScenario } from '../../src/scenario/load.js';
import { lastmile } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { addTone, pinkNoise, RATE, wardLike } from './synth.js';

/** Bad recordings: each says what is wrong, and what can still be done is done. */
describe('lastmile profile on bad input', () => {
  it('a silent recording: says so, writes no scenario, exits with badInput', async () => {
    const dir = await tempDir('profile-silent');
    const wav = join(dir, 'silent.wav');
    await writeWav16(wav, { samples: new Float32Array(3 * RATE), sampleRate: RATE });
    const r = lastmile(['profile', wav, '--out', join(dir, 'silent.yaml')]);
    expect(r.status).toBe(EXIT.badInput);
    expect(r.stdout).toMatch(/silent: every sample is zero/);
    expect(r.stderr).toMatch(/nothing to reproduce/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'silent.yaml'))).toBe(false);
  });

  it('a recording too short for structure: warns, still writes a scenario that validates', async () => {
    const dir = await tempDir('profile-short');
    const wav = join(dir, 'short.wav');
    const x = pinkNoise(16384, RATE, -40, 3);
    addTone(x, RATE, 60, -30);
    await writeWav16(wav, { samples: x, sampleRate: RATE });
    const out = join(dir, 'short.yaml');
    const r = lastmile(['profile', wav, '--out', out]);
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/too short \(1\.02 s\)/);
    expect(r.stdout).toMatch(/mains hum at 60/);
    const scenario = await loadScenario(out);
    expect(scenario.conditions.length).toBeGreaterThan(0);
    expect(readFileSync(out, 'utf8')).toMatch(/# Warning: too short/);
  });

  it('a clipped recording: warns that levels read low', async () => {
    const dir = await tempDir('profile-clipped');
    const wav = join(dir, 'clipped.wav');
    const x = wardLike(8);
    for (let i = 0; i < x.length; i++) x[i] *= 40; // the WAV writer clips at full scale
    await writeWav16(wav, { samples: x, sampleRate: RATE });
    const r = lastmile(['profile', wav, '--out', join(dir, 'clipped.yaml'), '--snr', '10']);
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/clipped: [\d.]+ % of samples sit flat at full scale/);
  });

  it('a recording with speech in it: warns that it will leak into the bed', async () => {
    const dir = await tempDir('profile-speech');
    const speech = await readAudio('test/fixtures/speech.wav', RATE);
    const x = pinkNoise(2 ** 18, RATE, -45, 5);
    for (let i = 0; i < speech.samples.length && i < x.length; i++)
      x[i + RATE] += speech.samples[i];
    const wav = join(dir, 'talk.wav');
    await writeWav16(wav, { samples: x, sampleRate: RATE });
    const out = join(dir, 'talk.yaml');
    const r = lastmile(['profile', wav, '--out', out, '--snr', '10']);
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/probably contains speech/);
    expect(readFileSync(out, 'utf8')).toMatch(/WARNING: the recording seems to hold speech/);
  });

  it('no speech warning for noise, hum and an alarm', async () => {
    const dir = await tempDir('profile-nospeech');
    const wav = join(dir, 'ward.wav');
    await writeWav16(wav, { samples: wardLike(16), sampleRate: RATE });
    const r = lastmile(['profile', wav, '--out', join(dir, 'ward.yaml'), '--snr', '10']);
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).not.toMatch(/probably contains speech/);
  });

  it('bad flags are usage errors (exit 2) that name the flag', async () => {
    const dir = await tempDir('profile-flags');
    const wav = join(dir, 'x.wav');
    await writeWav16(wav, { samples: wardLike(3), sampleRate: RATE });
    const snr = lastmile(['profile', wav, '--snr', '10,loud']);
    expect(snr.status).toBe(EXIT.usage);
    expect(snr.stderr).toMatch(/--snr: expected dB values .* got "loud"/);
    const distance = lastmile(['profile', wav, '--distance', '0']);
    expect(distance.status).toBe(EXIT.usage);
    expect(distance.stderr).toMatch(/--distance must be a positive number/);
  });

  it('--json prints one document with the figures and the files written', async () => {
    const dir = await tempDir('profile-json');
    const wav = join(dir, 'ward.wav');
    await writeWav16(wav, { samples: wardLike(8), sampleRate: RATE });
    const r = lastmile(['profile', wav, '--out', join(dir, 'ward.yaml'), '--snr', '10', '--json']);
    expect(r.status, r.stderr).toBe(EXIT.ok);
    const doc = JSON.parse(r.stdout);
    expect(Math.abs(doc.profile.tones[0].fundamental - 57)).toBeLessThanOrEqual(1);
    expect(doc.fidelity.meanAbsDb).toEqual(expect.any(Number));
    expect(doc.files.scenario).toBe(join(dir, 'ward.yaml'));
  });

  it('an unreadable file: names it, no stack trace', async () => {
    const dir = await tempDir('profile-bad');
    const r = lastmile(['profile', join(dir, 'missing.wav')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/missing\.wav: file not found/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
