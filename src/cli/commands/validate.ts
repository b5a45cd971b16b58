import type { CommandModule } from 'yargs';
import { isUserError } from '../../errors.js';
import { loadScenario } from '../../scenario/load.js';
import { runCommand } from '../run-command.js';

interface Args {
  scenarios: string[];
}

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <scenarios..>',
  describe: 'Check scenario files; print located errors',
  builder: (y) =>
    y
      .positional('scenarios', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Scenario YAML files',
      })
      .example('$0 validate scenarios/*.yaml', 'Check every built-in scenario') as never,
  handler: (args) =>
    runCommand(async () => {
      let failed = 0;
      for (const file of args.scenarios) {
        try {
          const s = await loadScenario(file);
          process.stdout.write(
            `${file}: ok — ${s.name}, ${s.conditions.length} condition${s.conditions.length === 1 ? '' : 's'} + clean\n`,
          );
        } catch (e) {
          if (!isUserError(e)) throw e;
          process.stderr.write(`${e.message}\n`);
          failed++;
        }
      }
      return failed ? 1 : 0;
    }),
};
