import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { configureOutput } from '../../src/cli/output.js';
import { reportError } from '../../src/cli/run-command.js';

afterEach(() => vi.restoreAllMocks());

function stderrOf(e: unknown): { code: number; text: string } {
  configureOutput({ json: false, quiet: false, verbose: false });
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    text += String(chunk);
    return true;
  });
  const code = reportError(e);
  vi.restoreAllMocks();
  return { code, text };
}

describe('an internal error that is not an Error', () => {
  it('shows what was thrown (a worker or a native module can reject with a plain object)', () => {
    const { code, text } = stderrOf({ name: 'DataCloneError', detail: { clip: 'c7' } });
    expect(code).toBe(EXIT.internal);
    expect(text).toContain("internal error: { name: 'DataCloneError', detail: { clip: 'c7' } }");
    expect(text).not.toContain('[object Object]');
  });

  it('shows a thrown string or number as it is', () => {
    expect(stderrOf('bad state').text).toContain('internal error: bad state,');
    expect(stderrOf(42).text).toContain('internal error: 42');
  });
});
