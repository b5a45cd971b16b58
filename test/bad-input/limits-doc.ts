import { LARGE_GAIN_DB } from '../../perturbations/level.js';
import { DEFAULT_BACKOFF } from '../../src/dispatch/backoff.js';
import {
  DEFAULT_MAX_TRANSCRIPT_CHARS,
  DISPATCH_PARAMS,
} from '../../src/engines/dispatch-options.js';
import { LIMITS } from '../../src/input/limits.js';

/** The "limits" section of docs/bad-input.md, from the constants lastmile uses. */
export function limitsMarkdown(): string {
  const rows: [string, string, string][] = [
    ...Object.values(LIMITS).map(
      (l) =>
        [l.what, `${l.default.toLocaleString('en')}`, `environment \`${l.env}\``] as [
          string,
          string,
          string,
        ],
    ),
    [
      DISPATCH_PARAMS.maxTranscriptChars.description,
      DEFAULT_MAX_TRANSCRIPT_CHARS.toLocaleString('en'),
      'engine option `maxTranscriptChars` (suite or `--engine-config`)',
    ],
    [
      DISPATCH_PARAMS.maxRetryAfterMs.description,
      DEFAULT_BACKOFF.maxRetryAfterMs.toLocaleString('en'),
      'engine option `maxRetryAfterMs` (suite or `--engine-config`)',
    ],
    [
      `level normalising gain that draws a warning, dB (a near-silent clip)`,
      String(LARGE_GAIN_DB),
      'fixed',
    ],
  ];
  return [
    '## Limits',
    '',
    'What the outside can make lastmile read or wait for. Paths a scenario names must stay in its',
    'folder unless it sets `allowFilesOutside: true`; a relative audio path in a manifest must stay',
    "in the manifest's folder unless `LASTMILE_CORPUS_ROOT` names a folder holding both (links",
    'resolved); an absolute audio path is taken as said on purpose.',
    '',
    '| limit | default | change it with |',
    '|---|---:|---|',
    ...rows.map(([what, value, how]) => `| ${what} | ${value} | ${how} |`),
    '',
  ].join('\n');
}
