// An example `file:` engine: Debian's `pocketsphinx_continuous`, one process per clip.
// Use it as `--engine file:examples/engines/pocketsphinx-continuous.mjs`. The built-in
// `pocketsphinx` engine does the same faster (long-lived batch decoders); this file shows
// the shape of your own engine: write the WAV lastmile hands you, run your recogniser with
// an argument array (never a shell), honour the abort signal, return the text.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODEL = '/usr/share/pocketsphinx/model/en-us';

export default {
  // Part of the cache key with this file's hash: change it when the model changes.
  version: () => 'pocketsphinx_continuous en-us (Debian)',
  async transcribe(input, { signal }) {
    const dir = await mkdtemp(join(tmpdir(), 'example-engine-'));
    try {
      const wav = join(dir, `${input.audioSha256}.wav`);
      await writeFile(wav, input.wav); // 16 kHz, 16-bit mono, 44-byte header
      const text = await new Promise((resolve, reject) => {
        execFile(
          'pocketsphinx_continuous',
          ['-infile', wav, '-hmm', `${MODEL}/en-us`, '-lm', `${MODEL}/en-us.lm.bin`,
            '-dict', `${MODEL}/cmudict-en-us.dict`, '-logfn', '/dev/null'],
          { signal, maxBuffer: 1 << 20 },
          (error, stdout) => (error ? reject(error) : resolve(stdout)),
        );
      });
      return { ok: true, text: String(text).trim() };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
