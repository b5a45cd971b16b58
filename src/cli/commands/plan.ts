import type { CommandModule } from 'yargs';
import { costDecision } from '../../plan/limit.js';
import { planCost } from '../../plan/plan-run.js';
import { renderEstimate } from '../../plan/render.js';
import { resolveRunConfig } from '../../run/config.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags } from '../number-flags.js';
import { outputOptions, print, printJson, warn } from '../output.js';
import { runCommand } from '../run-command.js';
import { type RunInputArgs, runInputOptions, runInputRequest } from '../run-inputs.js';
import { COMMAND_LINES } from './lines.js';

interface Args extends RunInputArgs {
  'latency-ms'?: number;
}

export const planCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.plan,
  builder: (y) =>
    runInputOptions(y)
      .option('latency-ms', {
        type: 'number',
        describe: 'Time per call for engines with no latency measured in the cache or run folder',
      })
      .example('$0 plan --suite suites/nightly.yaml', 'What tonight’s suite would cost and take')
      .example(
        '$0 plan scenarios/dead-air.yaml --engine openai --engine-config model=gpt-4o-mini-transcribe --limit 100',
        'One scenario against a hosted engine',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      checkNumberFlags(args, { limit: COUNT(1), concurrency: COUNT(1), 'latency-ms': COUNT(0) });
      const config = await resolveRunConfig(runInputRequest(args));
      const estimate = await planCost(config, args['latency-ms']);
      const decision = costDecision(estimate, config.cost);
      if (outputOptions().json) printJson({ ...estimate, ...decision });
      else print(renderEstimate(estimate).trimEnd());
      for (const w of decision.warnings) warn(w);
      if (decision.refusal) warn(`run would refuse: ${decision.refusal}`);
      return EXIT.ok;
    }),
};
