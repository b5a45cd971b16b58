import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readInputText } from '../../src/input/read-text.js';
import { tempDir } from '../helpers/corpus.js';

describe('strict text input', () => {
  it('drops a UTF-8 byte-order mark and keeps the text as written', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(decodeUtf8(Buffer.concat([bom, Buffer.from('name: café\r\n')]), 'f.yaml')).toBe(
      'name: café\r\n',
    );
  });

  it('names the line and column of the first byte that is not UTF-8, and its Latin-1 reading', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\nname: caf'), Buffer.from([0xe9, 0x0a])]);
    expect(() => decodeUtf8(bytes, 'f.yaml')).toThrow(
      'f.yaml:2:10 byte 0xE9 is not UTF-8 (in Latin-1 it would be "é"); save the file as UTF-8',
    );
  });

  it('refuses UTF-16 and NUL bytes', () => {
    expect(() =>
      decodeUtf8(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a', 'utf16le')]), 'f'),
    ).toThrow('UTF-16');
    expect(() => decodeUtf8(Buffer.from('a\nb\0'), 'f')).toThrow('f:2:2 holds a NUL byte');
  });

  it('refuses a file past its limit before reading it, naming the variable that raises it', async () => {
    const file = join(await tempDir('read-text'), 'big.yaml');
    await writeFile(file, 'x'.repeat(100));
    process.env.LASTMILE_MAX_YAML_BYTES = '99';
    try {
      await expect(readInputText(file, 'scenario file', 'yamlBytes')).rejects.toThrow(
        /big\.yaml: 100 bytes, more than the 99 bytes .* LASTMILE_MAX_YAML_BYTES/,
      );
    } finally {
      delete process.env.LASTMILE_MAX_YAML_BYTES;
    }
    await expect(readInputText(file, 'scenario file', 'yamlBytes')).resolves.toHaveLength(100);
  });
});
