import { readFile, stat } from 'node:fs/promises';
import { fsUserError, LocatedError, UserError } from '../errors.js';
import { type LimitName, limitOf, overLimit } from './limits.js';

/**
 * Reads a text input (scenario, suite, manifest) the one strict way: a folder, a missing file
 * or one past its size limit is a user error naming it; a UTF-8 byte-order mark is dropped;
 * UTF-16 and bytes that are not UTF-8 (a Latin-1 `é`) are errors at line:column instead of
 * silently becoming U+FFFD; a NUL byte means a binary file. `what` names the file's role in
 * the not-found message ("scenario file").
 */
export async function readInputText(file: string, what: string, limit: LimitName): Promise<string> {
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    size = info.size;
  } catch (e) {
    throw fsUserError(e, file, what);
  }
  if (size > limitOf(limit)) throw overLimit(file, size, limit);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw fsUserError(e, file, what);
  }
  return decodeUtf8(bytes, file);
}

/** Strict UTF-8 (BOM dropped); errors name the first bad byte's line and column. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  )
    throw new UserError(`${file}: the file is UTF-16 text; save it as UTF-8`);
  const body =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(body);
    const at = lossy.indexOf('\uFFFD');
    const byte = body[Buffer.byteLength(lossy.slice(0, at), 'utf8')];
    const { line, column } = lineColumn(lossy, at);
    const latin1 = byte >= 0xa0 ? ` (in Latin-1 it would be "${String.fromCharCode(byte)}")` : '';
    throw new LocatedError(
      file,
      line,
      column,
      `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not UTF-8${latin1}; save the file as UTF-8`,
    );
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const { line, column } = lineColumn(text, nul);
    throw new LocatedError(file, line, column, 'holds a NUL byte: not a text file');
  }
  return text;
}

function lineColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}
