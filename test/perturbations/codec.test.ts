import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { describe, expect, it } from 'vitest';
import { CODEC_NAMES, checkCodecs, codecBackends, loadCodec } from '../../src/codecs/index.js';
import { codecsNeeded, scenarioCodecBackends } from '../../src/codecs/needed.js';
import { alawCompress, alawExpand, ulawCompress, ulawExpand } from '../../src/dsp/g711.js';
import { resample } from '../../src/dsp/resample.js';
import { bestLag } from '../../src/dsp/xcorr.js';
import { loadScenario } from '../../src/scenario/load.js';
import { wasmPath } from '../../src/wasm/load.js';
import { bandGainDb } from '../helpers/spectrum.js';
import { run, speech } from './_speech.js';

/** The bundled static ffmpeg (a test tool only): stdin → stdout. */
function runFfmpeg(args: string[], input: Buffer): Buffer {
  return execFileSync(ffmpeg.path, ['-v', 'error', ...args], { input, maxBuffer: 1 << 26 });
}

function fromS16le(b: Buffer): Float32Array {
  return Float32Array.from({ length: b.length >> 1 }, (_, i) => b.readInt16LE(2 * i) / 32768);
}

/**
 * An independent G.711 reference built from the standard's tables rather than G.191's bit
 * tricks: the decision levels and reconstruction values of each segment (Table 2a for µ-law in
 * 14-bit magnitude units up to 8159; Table 1a for A-law in 13-bit units up to 4096). The input
 * magnitude is the 16-bit sample reduced to 14 (µ) or 13 (A) bits, one's complement for negative
 * samples (as G.191 does); the output is the interval's reconstruction value, left-justified.
 */
function tableQuantiser(law: 'ulaw' | 'alaw'): (x: number) => number {
  const decisions: number[] = []; // lower edge of each interval, ascending
  const values: number[] = [];
  if (law === 'ulaw') {
    // Segment s ≥ 1 spans [2^(s+5) − 33, 2^(s+6) − 33) in steps of 2^(s+1); segment 0 spans
    // [0, 31): a half-width interval [0, 1) reconstructing to 0, then steps of 2 from 1.
    decisions.push(0);
    values.push(0);
    for (let k = 0; k < 15; k++) {
      decisions.push(1 + 2 * k);
      values.push(2 + 2 * k);
    }
    for (let s = 1; s < 8; s++) {
      const lo = 2 ** (s + 5) - 33;
      const step = 2 ** (s + 1);
      for (let k = 0; k < 16; k++) {
        decisions.push(lo + k * step);
        values.push(lo + k * step + step / 2);
      }
    }
  } else {
    // Segments 0 and 1 step by 2 from 0 to 64; segment s ≥ 2 spans [2^(s+4), 2^(s+5)) in steps of 2^s.
    for (let k = 0; k < 32; k++) {
      decisions.push(2 * k);
      values.push(2 * k + 1);
    }
    for (let s = 2; s < 8; s++) {
      const lo = 2 ** (s + 4);
      const step = 2 ** s;
      for (let k = 0; k < 16; k++) {
        decisions.push(lo + k * step);
        values.push(lo + k * step + step / 2);
      }
    }
  }
  const shift = law === 'ulaw' ? 2 : 3;
  return (x) => {
    const negative = x < 0;
    const m = (negative ? -x - 1 : x) >> shift; // one's complement magnitude
    let lo = 0;
    let hi = decisions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (decisions[mid] <= m) lo = mid;
      else hi = mid - 1;
    }
    const y = values[lo] << shift;
    return negative ? -y : y;
  };
}

describe('codec: G.711 (bit-exact to G.191 / the G.711 tables)', () => {
  for (const law of ['ulaw', 'alaw'] as const) {
    it(`${law}: all 65,536 16-bit inputs round-trip to the standard's reconstruction value`, () => {
      const reference = tableQuantiser(law);
      const [compress, expand] =
        law === 'ulaw' ? [ulawCompress, ulawExpand] : [alawCompress, alawExpand];
      let mismatches = 0;
      const codes = new Set<number>();
      for (let x = -32768; x < 32768; x++) {
        const code = compress(x);
        codes.add(code);
        if (expand(code) !== reference(x)) mismatches++;
      }
      expect(mismatches).toBe(0);
      expect(codes.size).toBe(256);
    });
  }

  for (const law of ['ulaw', 'alaw'] as const) {
    it(`g711-${law} codec (table encoder): all 65,536 16-bit inputs decode to the standard's reconstruction value`, async () => {
      const c = await loadCodec(`g711-${law}`);
      const pcm = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
      const back = await c.decode(c.encode(pcm, {}), {});
      const reference = tableQuantiser(law);
      let mismatches = 0;
      for (let x = -32768; x < 32768; x++) if (back[x + 32768] !== reference(x)) mismatches++;
      expect(mismatches).toBe(0);
    });
  }

  it('ffmpeg pcm_mulaw / pcm_alaw: how they differ from the standard (measured and printed)', async () => {
    const pcm = Buffer.alloc(65536 * 2);
    for (let x = -32768; x < 32768; x++) pcm.writeInt16LE(x, 2 * (x + 32768));
    for (const [law, codec, fmt] of [
      ['ulaw', 'pcm_mulaw', 'mulaw'],
      ['alaw', 'pcm_alaw', 'alaw'],
    ] as const) {
      const coded = runFfmpeg(
        [
          '-f',
          's16le',
          '-ar',
          '8000',
          '-ac',
          '1',
          '-i',
          'pipe:0',
          '-c:a',
          codec,
          '-f',
          fmt,
          'pipe:1',
        ],
        pcm,
      );
      const back = fromS16le(
        runFfmpeg(
          ['-f', fmt, '-ar', '8000', '-ac', '1', '-i', 'pipe:0', '-f', 's16le', 'pipe:1'],
          coded,
        ),
      );
      const reference = tableQuantiser(law);
      let differ = 0;
      let maxDiff = 0;
      let nearer = 0;
      for (let x = -32768; x < 32768; x++) {
        const ff = Math.round(back[x + 32768] * 32768);
        const ref = reference(x);
        if (ff !== ref) {
          differ++;
          maxDiff = Math.max(maxDiff, Math.abs(ff - ref));
          if (Math.abs(ff - x) <= Math.abs(ref - x)) nearer++;
        }
      }
      console.log(
        `ffmpeg ${codec}: ${differ} of 65536 inputs differ from G.711/G.191 (${((100 * differ) / 65536).toFixed(2)} %), max ${maxDiff} apart; ffmpeg's level is at least as near the input in ${nearer} of them`,
      );
      // ffmpeg still outputs valid G.711 levels; it only decides differently near decision levels.
      const levels = new Set(Array.from({ length: 65536 }, (_, i) => reference(i - 32768)));
      for (let x = -32768; x < 32768; x++)
        expect(levels.has(Math.round(back[x + 32768] * 32768))).toBe(true);
      if (law === 'ulaw') expect(differ).toBeGreaterThan(0);
    }
  });

  it('g711 kind on speech equals resample → table quantiser → resample', async () => {
    const clean = await speech(0);
    const { out } = await run('codec', clean, { name: 'g711-ulaw' });
    const ref = tableQuantiser('ulaw');
    const narrow = resample(clean.samples, 16000, 8000).map((v) => {
      const i = Math.max(-32768, Math.min(32767, Math.round(v * 32768)));
      return ref(i) / 32768;
    });
    // An odd-length clip comes back one sample longer from 8 kHz; the kind trims to the input.
    const expected = resample(narrow, 8000, 16000);
    expect(Math.abs(expected.length - clean.samples.length)).toBeLessThanOrEqual(1);
    expect(out.samples.length).toBe(clean.samples.length);
    let maxErr = 0;
    for (let i = 0; i < out.samples.length; i++)
      maxErr = Math.max(maxErr, Math.abs(out.samples[i] - expected[i]));
    expect(maxErr).toBe(0);
  });
});

describe('codec kinds (time-aligned, band limit, bitrate)', () => {
  const cases = [
    { name: 'gsm', band: 4000, kbps: [13.2, 13.3] },
    { name: 'amr-nb', bitrate: 4750, band: 4000, kbps: [4.75, 5.5] },
    { name: 'amr-nb', bitrate: 12200, band: 4000, kbps: [12.2, 13.2] },
    { name: 'amr-wb', bitrate: 12650, band: 7000, kbps: [12.65, 13.8] },
    { name: 'opus', bitrate: 12000, bandwidth: 'narrowband', band: 4000, kbps: [8, 16] },
    { name: 'speex', bitrate: 16000, band: 8000, kbps: [12, 22] },
    { name: 'mp3', bitrate: 24000, band: 8000, kbps: [22, 28] },
  ] as const;
  for (const c of cases) {
    it(`${c.name} ${'bitrate' in c ? `${c.bitrate / 1000}k` : ''}: output aligned within 6 samples, correlated with the input, band-limited, ≈ its bitrate`, async () => {
      const clean = await speech(0);
      const { out, notes } = await run('codec', clean, c);
      const { lag, correlation } = bestLag(clean.samples, out.samples, -400, 400);
      // Within 0.4 ms (6 samples at 16 kHz): the delay is measured once on a speech-like
      // probe (AMR-NB: 40 samples at 8 kHz, its 5 ms look-ahead), and a codec's group delay is
      // not flat, so the correlation peak on a given utterance moves a few samples with its
      // spectrum (AMR's 80 Hz and Speex's high-pass pre-filters are minimum-phase; measured
      // −1 to −5 on the corpus clips for AMR-NB). A missed compensation would be off by the
      // whole look-ahead or a frame (≥ 2.5 ms).
      expect(Math.abs(lag)).toBeLessThanOrEqual(6);
      expect(correlation).toBeGreaterThan(0.6);
      expect(out.samples.length).toBe(clean.samples.length);
      if (c.band < 7500) {
        // Energy above the codec's band (within what the 16 kHz clip has) is removed.
        expect(bandGainDb(clean.samples, out.samples, 16000, c.band + 300, 7800)).toBeLessThan(-20);
      }
      const kbps = Number(notes.kbps);
      expect(kbps).toBeGreaterThanOrEqual(c.kbps[0]);
      expect(kbps).toBeLessThanOrEqual(c.kbps[1]);
    });
  }

  it('amr-nb adapt: modes change per window as drawn from the seed; the same seed gives the same audio', async () => {
    const clean = await speech(0);
    const a = await run(
      'codec',
      clean,
      { name: 'amr-nb', bitrate: 12200, adapt: 0.2 },
      { seed: 7 },
    );
    const b = await run(
      'codec',
      clean,
      { name: 'amr-nb', bitrate: 12200, adapt: 0.2 },
      { seed: 7 },
    );
    const other = await run(
      'codec',
      clean,
      { name: 'amr-nb', bitrate: 12200, adapt: 0.2 },
      { seed: 8 },
    );
    expect(a.out.samples).toEqual(b.out.samples);
    expect(other.out.samples).not.toEqual(a.out.samples);
    // Between the lowest mode and the ceiling: several modes were used.
    expect(Number(a.notes.kbps)).toBeGreaterThan(5.2);
    expect(Number(a.notes.kbps)).toBeLessThan(12.2);
    // At the codec level, each frame's table-of-contents byte names the mode asked for.
    const codec = await loadCodec('amr-nb');
    const schedule = [12200, 12200, 4750, 4750, 7950, 10200];
    const pcm = Int16Array.from({ length: 160 * schedule.length }, (_, i) =>
      Math.round(8000 * Math.sin(i / 7)),
    );
    const { bytes } = codec.encode(pcm, { frameBitrates: schedule });
    const modes: number[] = [];
    const sizes = [12, 13, 15, 17, 19, 20, 26, 31];
    for (let at = 0; at < bytes.length; at += 1 + sizes[(bytes[at] >> 3) & 15])
      modes.push((bytes[at] >> 3) & 15);
    expect(modes).toEqual([7, 7, 0, 0, 5, 6]);
  });

  it('transcoding amr-nb → g711-ulaw (mobile to landline) equals the two round trips in turn', async () => {
    const clean = await speech(0);
    const mobile = await run('codec', clean, { name: 'amr-nb' });
    const landline = await run('codec', mobile.out, { name: 'g711-ulaw' });
    // The G.711 step is exact on the AMR output: resample → table quantiser → resample.
    const ref = tableQuantiser('ulaw');
    const narrow = resample(mobile.out.samples, 16000, 8000).map((v) => {
      const i = Math.max(-32768, Math.min(32767, Math.round(v * 32768)));
      return ref(i) / 32768;
    });
    const expected = resample(narrow, 8000, 16000);
    for (let i = 0; i < landline.out.samples.length; i += 97)
      expect(landline.out.samples[i]).toBe(expected[i]);
    const { lag, correlation } = bestLag(clean.samples, landline.out.samples, -400, 400);
    expect(Math.abs(lag)).toBeLessThanOrEqual(6);
    expect(correlation).toBeGreaterThan(0.55);
  });
});

describe('codec concurrency', () => {
  it('clips coded concurrently come out as when coded one at a time (mp3, opus)', async () => {
    const clips = await Promise.all([speech(0), speech(1)]);
    for (const name of ['mp3', 'opus']) {
      const alone = [];
      for (const c of clips) alone.push((await run('codec', c, { name })).out.samples);
      const together = await Promise.all(clips.map((c) => run('codec', c, { name })));
      expect(together.map((t) => t.out.samples)).toEqual(alone);
    }
  });
});

describe('codec backends', () => {
  it('every codec loads in process and names its library, version and build hash', async () => {
    const backends = await codecBackends();
    expect(backends.map((b) => b.codec)).toEqual([...CODEC_NAMES]);
    for (const b of backends) {
      if (b.kind === 'typescript') continue;
      expect(b.library).toMatch(/\d+\.\d+/);
      // "file hash", or several such for a codec built from two libraries (MP3: LAME, mpg123).
      for (const part of b.build.split(', ')) {
        const [file, hash] = part.split(' ');
        const actual = createHash('sha256')
          .update(readFileSync(wasmPath(file)))
          .digest('hex');
        expect(actual.startsWith(hash), part).toBe(true);
      }
    }
  });

  it("validate's check: the built-in mobile-call scenario needs amr-nb and g711-ulaw, and both load; an unknown codec is named", async () => {
    const scenario = await loadScenario('scenarios/mobile-call.yaml');
    expect(codecsNeeded(scenario)).toEqual(expect.arrayContaining(['amr-nb', 'g711-ulaw']));
    expect(await checkCodecs(codecsNeeded(scenario))).toEqual([]);
    expect(await checkCodecs(['amr-nb', 'g729'])).toEqual([
      'unknown codec "g729" (codecs: g711-ulaw, g711-alaw, amr-nb, amr-wb, opus, speex, mp3, gsm)',
    ]);
  });

  it("run's record: the backends of the codecs the scenarios use; a codec that cannot load fails before any audio", async () => {
    const scenario = await loadScenario('scenarios/mobile-call.yaml');
    const backends = await scenarioCodecBackends([scenario]);
    expect(backends.map((b) => b.codec)).toEqual(['amr-nb', 'g711-ulaw']);
    const step = scenario.conditions[0].chain[0];
    const broken = {
      file: 'broken.yaml',
      conditions: [
        {
          ...scenario.conditions[0],
          chain: [{ ...step, settings: { name: { kind: 'fixed' as const, value: 'g729' } } }],
        },
      ],
    };
    await expect(scenarioCodecBackends([broken])).rejects.toThrow(
      /broken\.yaml: unknown codec "g729"/,
    );
  });
});
