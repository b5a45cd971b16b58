import type { Verdict } from '../run/analyze.js';
import { EXIT, type ExitCode } from './exit-codes.js';

/** The exit code of an analysis verdict, the same for `run` and `stats`. */
export function exitCodeOf(verdict: Verdict): ExitCode {
  switch (verdict) {
    case 'failed':
      return EXIT.gateFailed;
    case 'nothing-tested':
      return EXIT.nothingTested;
    case 'passed':
      return EXIT.ok;
  }
}
