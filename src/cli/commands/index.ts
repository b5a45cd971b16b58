import type { Argv, CommandModule } from 'yargs';
import { COMMAND_LINES } from './lines.js';

// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types
type AnyCommand = CommandModule<any, any>;

/**
 * A command whose module loads only when the command is named: yargs calls `builder` (its
 * options) and `handler` (its work) for the command on the line alone, and waits for a builder
 * that returns a promise. The command list and the usage errors need only COMMAND_LINES, so
 * `lastmile validate` does not load bullmq, `lastmile run` not the queue or the other
 * commands' modules, and `--version` nothing (issue 14: the CLI's start was ~125 MB).
 */
function lazy(lines: { command: string; describe: string }, load: () => Promise<AnyCommand>) {
  let pending: Promise<AnyCommand> | undefined;
  const loaded = () => {
    pending ??= load();
    return pending;
  };
  return {
    ...lines,
    builder: async (y: Argv) => {
      const { builder } = await loaded();
      return typeof builder === 'function' ? builder(y) : y.options(builder ?? {});
    },
    handler: async (args: unknown) => (await loaded()).handler(args as never),
  } satisfies AnyCommand;
}

/** Every CLI command, explicitly (yargs' commandDir does not work under ESM). */
export const commands: AnyCommand[] = [
  lazy(COMMAND_LINES.init, async () => (await import('./init.js')).initCommand),
  lazy(COMMAND_LINES.validate, async () => (await import('./validate.js')).validateCommand),
  lazy(COMMAND_LINES.list, async () => (await import('./list.js')).listCommand),
  lazy(COMMAND_LINES.engines, async () => (await import('./engines.js')).enginesCommand),
  lazy(COMMAND_LINES.perturb, async () => (await import('./perturb.js')).perturbCommand),
  lazy(COMMAND_LINES.profile, async () => (await import('./profile.js')).profileCommand),
  lazy(COMMAND_LINES.plan, async () => (await import('./plan.js')).planCommand),
  lazy(COMMAND_LINES.run, async () => (await import('./run.js')).runCommandModule),
  lazy(COMMAND_LINES.merge, async () => (await import('./merge.js')).mergeCommand),
  lazy(COMMAND_LINES.worker, async () => (await import('./worker.js')).workerCommand),
  lazy(COMMAND_LINES.schema, async () => (await import('./schema.js')).schemaCommand),
  lazy(COMMAND_LINES.score, async () => (await import('./score.js')).scoreCommand),
  lazy(COMMAND_LINES.stats, async () => (await import('./stats.js')).statsCommand),
  lazy(COMMAND_LINES.slices, async () => (await import('./slices.js')).slicesCommand),
  lazy(
    COMMAND_LINES.verifyClaim,
    async () => (await import('./verify-claim.js')).verifyClaimCommand,
  ),
  lazy(COMMAND_LINES.bundle, async () => (await import('./bundle.js')).bundleCommand),
  lazy(COMMAND_LINES.reproduce, async () => (await import('./reproduce.js')).reproduceCommand),
  lazy(COMMAND_LINES.power, async () => (await import('./power.js')).powerCommand),
  lazy(COMMAND_LINES.report, async () => (await import('./report.js')).reportCommand),
  lazy(COMMAND_LINES.compare, async () => (await import('./compare.js')).compareCommand),
];
