import { describe, expect, it } from 'vitest';
import { rms, signalLevel, toDb } from '../../src/audio/levels.js';
import type { Audio } from '../../src/audio/types.js';
import type { CorpusAccess } from '../../src/corpus/types.js';
import { toneRmsDb } from '../helpers/spectrum.js';
import { minus, run, speech, testCorpus } from './_speech.js';

describe('babble', () => {
  it('mixes other speakers at the target SNR within 0.1 dB, never the target speaker', async () => {
    const clean = await speech(0);
    const corpus = await testCorpus();
    const clip = { id: clean.id, speaker: clean.speaker };
    const bySpeaker = new Map(corpus.clips.map((c) => [c.id, c.speaker]));
    for (const snr of [15, 5, 0]) {
      const { out, notes } = await run(
        'babble',
        clean,
        { talkers: 4, snr },
        { clip, corpus, seed: snr },
      );
      const achieved = toDb(
        signalLevel(clean.samples, clean.sampleRate, 'active') /
          rms(minus(out.samples, clean.samples)),
      );
      expect(Math.abs(achieved - snr)).toBeLessThan(0.1);
      const talkers = String(notes.talkers).split(' ');
      expect(talkers).toHaveLength(4);
      for (const id of talkers) expect(bySpeaker.get(id)).not.toBe(clean.speaker);
    }
  });

  it('normalises every talker to the same active level (two tones 30 dB apart come out equal ±0.5 dB)', async () => {
    const rate = 16000;
    const tone = (f: number, db: number): Audio => ({
      samples: Float32Array.from(
        { length: 3 * rate },
        (_, i) => 10 ** (db / 20) * Math.SQRT2 * Math.sin((2 * Math.PI * f * i) / rate),
      ),
      sampleRate: rate,
    });
    const talkers: Record<string, Audio> = {
      a: tone(500, -10),
      b: tone(1000, -40),
      t: tone(3000, -20),
    };
    const corpus: CorpusAccess = {
      clips: [
        { id: 'a', speaker: 'A' },
        { id: 'b', speaker: 'B' },
        { id: 't', speaker: 'T' },
      ],
      load: async (id) => talkers[id],
    };
    const clean = await speech(0);
    const { out } = await run(
      'babble',
      clean,
      { talkers: 2, snr: 0 },
      { clip: { id: 't', speaker: 'T' }, corpus },
    );
    const added = minus(out.samples, clean.samples);
    const a = toneRmsDb(added, rate, 500);
    const b = toneRmsDb(added, rate, 1000);
    expect(Math.abs(a - b)).toBeLessThan(0.5);
    expect(toneRmsDb(added, rate, 3000)).toBeLessThan(a - 60); // the target speaker is absent
  });
});
