import type { CommandModule } from 'yargs';
import {
  defaultText,
  type EngineInfo,
  engineCatalog,
  engineMarkdown,
  typeText,
} from '../../engines/describe.js';
import { enginePrefixes } from '../../engines/registry.js';
import { UsageError } from '../../errors.js';
import { didYouMean } from '../../text/closest.js';
import { EXIT } from '../exit-codes.js';
import { outputOptions, print, printJson } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  engine?: string;
  markdown: boolean;
}

export const enginesCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.engines,
  builder: (y) =>
    y
      .positional('engine', { type: 'string', describe: 'Show one engine (its id prefix)' })
      .option('markdown', {
        type: 'boolean',
        default: false,
        describe: 'The README table (all engines; --json wins when both are given)',
      })
      .example('$0 engines', 'Every engine, its config keys and defaults')
      .example('$0 engines openai --json', 'One engine as JSON') as never,
  handler: (args) =>
    runCommand(() => {
      const catalog = engineCatalog();
      const chosen = args.engine
        ? catalog.engines.filter((e) => e.prefix === args.engine)
        : catalog.engines;
      if (chosen.length === 0)
        throw new UsageError(
          `unknown engine "${args.engine}"${didYouMean(args.engine ?? '', enginePrefixes())}; known: ${enginePrefixes().join(', ')}`,
        );
      if (outputOptions().json) {
        printJson({ engines: chosen, dispatchOptions: catalog.dispatchOptions });
      } else if (args.markdown) {
        print(engineMarkdown());
      } else {
        for (const engine of chosen) print(engineText(engine));
        print(
          `Every engine also takes: ${catalog.dispatchOptions.map((k) => `${k.key} (${typeText(k)})`).join(', ')}`,
        );
      }
      return EXIT.ok;
    }),
};

function engineText(e: EngineInfo): string {
  const lines = [`${e.id} — ${e.summary.replace(/`/g, '')}`];
  if (e.target) lines.push(`    ${e.target.form}: ${e.target.description}`);
  for (const k of e.config)
    lines.push(
      `    ${k.key.padEnd(15)} ${typeText(k).padEnd(22)} ${defaultText(k).padEnd(20)} ${k.description}`,
    );
  if (e.openConfig) lines.push('    any other key is handed to your module unchecked');
  const d = e.dispatch;
  lines.push(
    `    dispatch defaults: concurrency ${d.concurrency}, timeoutMs ${d.timeoutMs}, retries ${d.retries}${d.note ? ` (${d.note})` : ''}`,
  );
  return `${lines.join('\n')}\n\n`;
}
