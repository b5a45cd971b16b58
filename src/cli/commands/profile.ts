import type { CommandModule } from 'yargs';
import { UserError } from '../../errors.js';
import { profileRecording } from '../../profile/profile-recording.js';
import { VOCAL_EFFORT, type VocalEffort } from '../../profile/talker.js';
import { fidelityLines, profileLines } from '../../profile/text.js';
import { EXIT } from '../exit-codes.js';
import { runCommand } from '../run-command.js';

interface Args {
  recording: string;
  name?: string;
  out?: string;
  effort: VocalEffort;
  distance: number;
  'room-dba'?: number;
  snr?: string;
  seed: number;
}

export const profileCommand: CommandModule<object, Args> = {
  command: 'profile <recording>',
  describe: "Turn a recording of a customer's room into a scenario that reproduces it",
  builder: (y) =>
    y
      .positional('recording', {
        type: 'string',
        demandOption: true,
        describe: 'Room recording without speech (WAV, FLAC, MP3, Ogg; any rate and channels)',
      })
      .option('name', { type: 'string', describe: 'Scenario name (default: from the file name)' })
      .option('out', { type: 'string', describe: 'Scenario file (default scenarios/<name>.yaml)' })
      .option('effort', {
        choices: Object.keys(VOCAL_EFFORT) as VocalEffort[],
        default: 'normal' as VocalEffort,
        describe: 'Talker vocal effort for the SNR suggestion (ANSI S3.5 levels)',
      })
      .option('distance', {
        type: 'number',
        default: 1,
        describe: 'Talker-to-microphone distance, m',
      })
      .option('room-dba', {
        type: 'number',
        describe: 'The room’s sound level from a meter, dB(A) (default: 55, assumed)',
      })
      .option('snr', {
        type: 'string',
        describe: 'SNRs to sweep, dB, comma-separated (default: suggestion ±5, ±10)',
      })
      .option('seed', { type: 'number', default: 1, describe: 'Scenario seed' })
      .example(
        '$0 profile ward.flac --room-dba 58 --distance 0.5',
        'Scenario, floor bed and fidelity page under scenarios/',
      ) as never,
  handler: (args) =>
    runCommand(async () => {
      if (!(args.distance > 0))
        throw new UserError(`--distance must be positive, got ${args.distance}`);
      const snrs = args.snr?.split(',').map((s) => {
        const v = Number(s.trim());
        if (!Number.isFinite(v) || v < -20 || v > 60)
          throw new UserError(`--snr: expected numbers in dB between -20 and 60, got "${s}"`);
        return v;
      });
      const result = await profileRecording({
        recording: args.recording,
        ...(args.name !== undefined && { name: args.name }),
        ...(args.out !== undefined && { out: args.out }),
        effort: args.effort,
        distance: args.distance,
        ...(args['room-dba'] !== undefined && { roomDba: args['room-dba'] }),
        ...(snrs && { snrs }),
        seed: args.seed,
      });
      const out = process.stdout;
      out.write(`${args.recording}: ${result.format}\n`);
      for (const line of profileLines(result.profile)) out.write(`  ${line}\n`);
      out.write(`  talker       ${result.snr.sentence}\n`);
      if (!result.scenarioFile) {
        process.stderr.write(
          'lastmile: nothing to reproduce in a silent recording; no scenario written\n',
        );
        return EXIT.badInput;
      }
      out.write(`fidelity (${result.fidelity!.condition} rendered on silence vs the recording):\n`);
      for (const line of fidelityLines(result.fidelity!)) out.write(`  ${line}\n`);
      out.write(
        `wrote ${result.scenarioFile}\n      ${result.floorBedFile}\n      ${result.htmlFile}\n`,
      );
      return EXIT.ok;
    }),
};
