import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { readAudio } from '../../src/audio/read.js';
import { wav16Audio, wav16Seconds } from '../../src/audio/wav16-audio.js';
import { encodeWav16 } from '../../src/audio/write.js';
import { loadCorpus } from '../../src/corpus/load.js';

describe('wav16Audio: the samples a 16-bit WAV carries', () => {
  it('gives what wavefile decodes from the same bytes, over a speech clip with clipped samples', async () => {
    const corpus = await loadCorpus('fixtures/corpus/manifest.jsonl');
    const clean = await readAudio(corpus.clips[0].audioPath);
    // Louder than full scale in places, so clipping at the encoder is covered too.
    const loud = Float32Array.from(clean.samples, (x) => 4 * x);
    const wav = encodeWav16({ samples: loud, sampleRate: clean.sampleRate });
    const ref = new wavefile.WaveFile(wav);
    const ints = ref.getSamples(false, Int16Array) as unknown as Int16Array;
    const audio = wav16Audio(wav);
    expect(audio.sampleRate).toBe((ref.fmt as { sampleRate: number }).sampleRate);
    expect(audio.samples.length).toBe(ints.length);
    expect(Array.from(ints.subarray(0, 8), (v) => v / 32768)).toEqual(
      Array.from(audio.samples.subarray(0, 8)),
    );
    let differ = 0;
    for (let i = 0; i < ints.length; i++) if (audio.samples[i] !== ints[i] / 32768) differ++;
    expect(differ).toBe(0);
    expect(Math.max(...audio.samples)).toBe(32767 / 32768);
    expect(wav16Seconds(wav)).toBe(clean.samples.length / clean.sampleRate);
    // Decoded once: the same array on every read.
    expect(audio.samples).toBe(audio.samples);
  });

  it('reads a WAV at an odd offset in a larger buffer', () => {
    const wav = encodeWav16({ samples: Float32Array.of(0.5, -0.25, 1), sampleRate: 8000 });
    const big = new Uint8Array(wav.length + 3);
    big.set(wav, 3);
    const audio = wav16Audio(big.subarray(3));
    expect(audio.sampleRate).toBe(8000);
    expect(Array.from(audio.samples)).toEqual([0.5, -0.25, 32767 / 32768]);
  });
});
