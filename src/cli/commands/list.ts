import type { CommandModule } from 'yargs';
import { perturbationNames, perturbations } from '../../../perturbations/index.js';
import { UsageError } from '../../errors.js';
import type { ParamSpec } from '../../perturbation/params.js';
import { didYouMean } from '../../text/closest.js';
import { formatQuantity } from '../../units.js';
import { EXIT } from '../exit-codes.js';
import { outputOptions } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  kind?: string;
  format: 'text' | 'markdown' | 'json';
}

export const listCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.list,
  builder: (y) =>
    y
      .positional('kind', { type: 'string', describe: 'Show one kind in detail' })
      .option('format', {
        choices: ['text', 'markdown', 'json'] as const,
        default: 'text' as const,
        describe: 'Output format (--json is the same as --format json)',
      })
      .example('$0 list', 'All kinds, one line each with parameters')
      .example('$0 list noise', 'One kind in detail') as never,
  handler: (args) =>
    runCommand(() => {
      const chosen = args.kind ? perturbations.filter((p) => p.name === args.kind) : perturbations;
      if (args.kind && chosen.length === 0) {
        throw new UsageError(
          `unknown perturbation "${args.kind}"${didYouMean(args.kind, perturbationNames())}`,
        );
      }
      if (args.format === 'json' || outputOptions().json) {
        process.stdout.write(
          `${JSON.stringify(
            chosen.map((p) => ({
              name: p.name,
              summary: p.summary,
              details: p.details,
              params: p.params,
            })),
            null,
            2,
          )}\n`,
        );
      } else if (args.format === 'markdown') {
        process.stdout.write(markdownTable(chosen));
      } else {
        for (const p of chosen) {
          process.stdout.write(`${p.name} — ${p.summary}\n`);
          if (args.kind && p.details) process.stdout.write(`  ${p.details}\n`);
          for (const [name, spec] of Object.entries(p.params)) {
            process.stdout.write(
              `    ${name.padEnd(12)} ${typeText(spec).padEnd(28)} ${defaultText(spec).padEnd(16)} ${spec.description}\n`,
            );
          }
          process.stdout.write('\n');
        }
      }
      return EXIT.ok;
    }),
};

function typeText(spec: ParamSpec): string {
  switch (spec.type) {
    case 'number': {
      const bounds =
        spec.min !== undefined || spec.max !== undefined
          ? ` ${spec.min ?? '-∞'}…${spec.max ?? '∞'}`
          : '';
      return `${spec.integer ? 'integer' : 'number'} ${spec.unit === 'count' ? '' : spec.unit}${bounds}`.replace(
        / {2}/g,
        ' ',
      );
    }
    case 'choice':
      return `{${spec.values.join(',')}}`;
    default:
      return spec.type;
  }
}

function defaultText(spec: ParamSpec): string {
  if (spec.default === undefined) return spec.optional ? '(optional)' : '(required)';
  return `= ${spec.type === 'number' ? formatQuantity(spec.default, spec.unit) : String(spec.default)}`;
}

/** The README's table of kinds. */
export function markdownTable(list: typeof perturbations): string {
  const rows = list.map((p) => {
    const params = Object.entries(p.params)
      .map(([name, spec]) => `\`${name}\` ${typeText(spec)} ${defaultText(spec)}`.trim())
      .join('<br>');
    return `| \`${p.name}\` | ${p.summary} | ${params} |`;
  });
  return [
    '| kind | what it models | parameters (unit, range, default) |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
