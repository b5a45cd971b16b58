import { describe, expect, it } from 'vitest';
import { fileNamesFor } from '../../src/input/file-names.js';

describe('file names for ids', () => {
  it('keeps safe, unique ids as they are', () => {
    const names = fileNamesFor(['c0', 'spk-1_utt.2', 'babble@snr=5']);
    expect([...names.values()]).toEqual(['c0', 'spk-1_utt.2', 'babble@snr=5']);
  });

  it('makes every other id a safe name that cannot meet another one', () => {
    const ids = ['../../x', 'a/b', 'a_b', 'A', 'a', 'x'.repeat(300), '.hidden', 'c\u0007', 'ü'];
    const names = fileNamesFor(ids);
    const values = ids.map((id) => names.get(id)!);
    for (const name of values) {
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.@=,+~-]*$/);
      expect(name.length).toBeLessThanOrEqual(120);
    }
    // Unique even where a file system ignores case.
    expect(new Set(values.map((v) => v.toLowerCase())).size).toBe(ids.length);
    // A safe id that no other id collides with is kept.
    expect(names.get('a_b')).toBe('a_b');
    expect(names.get('a/b')).not.toBe('a_b');
  });
});
