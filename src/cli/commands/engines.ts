import type { CommandModule } from 'yargs';
import {
  defaultText,
  type EngineInfo,
  engineCatalog,
  engineMarkdown,
  typeText,
} from '../../engines/describe.js';
import { enginePrefixes } from '../../engines/registry.js';
import { UserError } from '../../errors.js';
import { didYouMean } from '../../text/closest.js';
import { runCommand } from '../run-command.js';

interface Args {
  engine?: string;
  json: boolean;
  markdown: boolean;
}

export const enginesCommand: CommandModule<object, Args> = {
  command: 'engines [engine]',
  describe: 'List the speech recognisers with their config keys, defaults and dispatch options',
  builder: (y) =>
    y
      .positional('engine', { type: 'string', describe: 'Show one engine (its id prefix)' })
      .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
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
        throw new UserError(
          `unknown engine "${args.engine}"${didYouMean(args.engine ?? '', enginePrefixes())}; known: ${enginePrefixes().join(', ')}`,
        );
      if (args.json) {
        const out = { engines: chosen, dispatchOptions: catalog.dispatchOptions };
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      } else if (args.markdown) {
        process.stdout.write(engineMarkdown());
      } else {
        for (const engine of chosen) process.stdout.write(engineText(engine));
        process.stdout.write(
          `Every engine also takes: ${catalog.dispatchOptions.map((k) => `${k.key} (${typeText(k)})`).join(', ')}\n`,
        );
      }
      return 0;
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
