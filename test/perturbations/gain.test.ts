import { describe, expect, it } from 'vitest';
import { rms, toDb } from '../../src/audio/levels.js';
import { applyKind } from '../helpers/apply.js';
import { speechClip } from '../helpers/speech.js';

describe('gain', () => {
  for (const db of [-20, -6, 0, 6]) {
    it(`changes the RMS of real speech by ${db} dB (±0.001)`, async () => {
      const clean = await speechClip(0);
      const out = await applyKind('gain', clean, { db });
      expect(toDb(rms(out.samples) / rms(clean.samples))).toBeCloseTo(db, 3);
    });
  }
});
