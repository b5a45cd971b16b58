import type { CommandModule } from 'yargs';
import { bundleCommand } from './bundle.js';
import { compareCommand } from './compare.js';
import { enginesCommand } from './engines.js';
import { initCommand } from './init.js';
import { listCommand } from './list.js';
import { mergeCommand } from './merge.js';
import { perturbCommand } from './perturb.js';
import { planCommand } from './plan.js';
import { powerCommand } from './power.js';
import { profileCommand } from './profile.js';
import { reportCommand } from './report.js';
import { reproduceCommand } from './reproduce.js';
import { runCommandModule } from './run.js';
import { schemaCommand } from './schema.js';
import { scoreCommand } from './score.js';
import { slicesCommand } from './slices.js';
import { statsCommand } from './stats.js';
import { validateCommand } from './validate.js';
import { verifyClaimCommand } from './verify-claim.js';
import { workerCommand } from './worker.js';

/** Every CLI command, explicitly (yargs' commandDir does not work under ESM). */
// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types
export const commands: CommandModule<any, any>[] = [
  initCommand,
  validateCommand,
  listCommand,
  enginesCommand,
  perturbCommand,
  profileCommand,
  planCommand,
  runCommandModule,
  mergeCommand,
  workerCommand,
  schemaCommand,
  scoreCommand,
  statsCommand,
  slicesCommand,
  verifyClaimCommand,
  bundleCommand,
  reproduceCommand,
  powerCommand,
  reportCommand,
  compareCommand,
];
