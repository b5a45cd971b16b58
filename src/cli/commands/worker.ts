import type { CommandModule } from 'yargs';
import { parseQueueUrl } from '../../queue/connection.js';
import { runQueueWorker } from '../../queue/worker.js';
import { boundHeapGrowth } from '../../run/heap.js';
import { defaultThreads } from '../../run/pool/pool.js';
import { EXIT } from '../exit-codes.js';
import { COUNT, checkNumberFlags } from '../number-flags.js';
import { note } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

interface Args {
  queue: string;
  threads?: number;
  'lock-seconds': number;
}

export const workerCommand: CommandModule<object, Args> = {
  ...COMMAND_LINES.worker,
  builder: (y) =>
    y
      .option('queue', {
        type: 'string',
        demandOption: true,
        describe: 'redis://host:port of the queue (the same as the run’s --queue)',
      })
      .option('threads', {
        type: 'number',
        describe: 'Worker threads for perturbation and hashing (default: one per core)',
      })
      .option('lock-seconds', {
        type: 'number',
        default: 30,
        describe: 'A job whose worker is silent this long is given to another worker',
      })
      .example(
        '$0 worker --queue redis://10.0.0.5:6379',
        'Serve every run queued there; start as many as the machines and engines allow',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      boundHeapGrowth();
      checkNumberFlags(args, { threads: COUNT(0), 'lock-seconds': COUNT(1) });
      const queue = parseQueueUrl(args.queue);
      const controller = new AbortController();
      const stop = () => {
        note('worker: stopping — jobs in progress go back to the queue');
        controller.abort();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      note(`worker: serving ${queue.shown}`);
      try {
        await runQueueWorker(queue, {
          signal: controller.signal,
          threads: args.threads ?? defaultThreads(),
          lockMs: args['lock-seconds'] * 1000,
          say: (line) => note(`worker: ${line}`),
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      return EXIT.ok;
    }),
};
