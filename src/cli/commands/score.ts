import type { CommandModule } from 'yargs';
import { DEFAULT_FILLERS, NORMALIZER_NAMES } from '../../scoring/normalize.js';
import { readPairsFile } from '../../scoring/pairs-file.js';
import { addUtterance, corpusWer, scoreText, totalErrors, zeroCounts } from '../../scoring/wer.js';
import { meanUtteranceWer } from '../../stats/counts.js';
import { EXIT } from '../exit-codes.js';
import { normalizerFlag } from '../number-flags.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  file: string;
  format: 'text' | 'jsonl';
  normalizer: string;
  fillers?: string;
}

export const scoreCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.score,
  builder: (y) =>
    y
      .positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'JSONL: id, ref|reference, hyp|hypothesis per line (utterances.jsonl works)',
      })
      .option('format', {
        choices: ['text', 'jsonl'] as const,
        default: 'text' as const,
        describe: 'text: totals; jsonl: one line per utterance',
      })
      .option('normalizer', {
        type: 'string',
        default: 'en-basic',
        describe: `Text normaliser: ${NORMALIZER_NAMES.join(' | ')}`,
      })
      .option('fillers', {
        type: 'string',
        describe: `Comma-separated filler words to drop (default: ${DEFAULT_FILLERS.join(',')}; "" keeps all)`,
      })
      .example('$0 score pairs.jsonl', 'Totals with the en-basic normaliser')
      .example(
        '$0 score pairs.jsonl --format jsonl --normalizer none',
        'Exact, per utterance',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      const normalizer = normalizerFlag(args.normalizer, {
        ...(args.fillers !== undefined
          ? {
              fillers: args.fillers
                .split(',')
                .map((f) => f.trim())
                .filter(Boolean),
            }
          : {}),
      });
      const pairs = await readPairsFile(args.file);
      const totals = zeroCounts();
      let errored = 0;
      const out: string[] = [];
      for (const pair of pairs) {
        if (pair.hyp === null) {
          errored++;
          if (args.format === 'jsonl')
            out.push(JSON.stringify({ id: pair.id, error: 'no hypothesis' }));
          continue;
        }
        const s = scoreText(normalizer, pair.ref, pair.hyp);
        addUtterance(totals, s);
        if (args.format === 'jsonl') {
          out.push(
            JSON.stringify({
              id: pair.id,
              ref_words: s.refWords,
              hits: s.hits,
              substitutions: s.substitutions,
              deletions: s.deletions,
              insertions: s.insertions,
              wer: s.wer,
            }),
          );
        }
      }
      if (args.format === 'jsonl') {
        process.stdout.write(out.length ? `${out.join('\n')}\n` : '');
        return EXIT.ok;
      }
      const wer = corpusWer(totals);
      const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(2)} %`);
      process.stdout.write(
        [
          `normaliser        ${normalizer.id}`,
          `utterances        ${totals.utterances} scored${errored ? `, ${errored} without a hypothesis (not scored)` : ''}`,
          `reference words   ${totals.refWords}`,
          `correct           ${totals.hits}`,
          `substitutions     ${totals.substitutions}`,
          `deletions         ${totals.deletions}`,
          `insertions        ${totals.insertions}`,
          `errors            ${totalErrors(totals)}`,
          `WER (corpus)      ${pct(wer)}`,
          `WER (mean/utt)    ${pct(meanUtteranceWer(totals))}`,
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    }),
};
