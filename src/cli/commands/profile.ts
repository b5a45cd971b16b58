import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { type ProfileResult, profileRecording } from '../../profile/profile-recording.js';
import { VOCAL_EFFORT, type VocalEffort } from '../../profile/talker.js';
import { fidelityLines, profileLines } from '../../profile/text.js';
import { EXIT } from '../exit-codes.js';
import { outputOptions, print, printError, printJson } from '../output.js';
import { runCommand } from '../run-command.js';
import { COMMAND_LINES } from './lines.js';

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
  ...COMMAND_LINES.profile,
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
        throw new UsageError(
          `--distance must be a positive number of metres, got ${args.distance}`,
        );
      const result = await profileRecording({
        recording: args.recording,
        ...(args.name !== undefined && { name: args.name }),
        ...(args.out !== undefined && { out: args.out }),
        effort: args.effort,
        distance: args.distance,
        ...(args['room-dba'] !== undefined && { roomDba: args['room-dba'] }),
        ...(args.snr !== undefined && { snrs: parseSnrs(args.snr) }),
        seed: args.seed,
      });
      if (outputOptions().json) printJson(profileJson(args.recording, result));
      else printText(args.recording, result);
      if (!result.scenarioFile) {
        printError('nothing to reproduce in a silent recording; no scenario written');
        return EXIT.badInput;
      }
      return EXIT.ok;
    }),
};

function parseSnrs(text: string): number[] {
  return text.split(',').map((s) => {
    const v = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(v) || v < -20 || v > 60)
      throw new UsageError(
        `--snr: expected dB values between -20 and 60, comma-separated; got "${s}"`,
      );
    return v;
  });
}

function printText(recording: string, r: ProfileResult): void {
  const lines = [
    `${recording}: ${r.format}`,
    ...profileLines(r.profile).map((l) => `  ${l}`),
    `  talker       ${r.snr.sentence}`,
  ];
  if (r.fidelity) {
    lines.push(`fidelity (${r.fidelity.condition} rendered on silence vs the recording):`);
    lines.push(...fidelityLines(r.fidelity).map((l) => `  ${l}`));
    lines.push(`wrote ${r.scenarioFile}`, `      ${r.floorBedFile}`, `      ${r.htmlFile}`);
  }
  print(lines.join('\n'));
}

/** The figures without the sample arrays (render, spectra, envelopes). */
function profileJson(recording: string, r: ProfileResult) {
  const { floorSpectrum: _s, envelope: _e, ...profile } = r.profile;
  const fidelity = r.fidelity && {
    condition: r.fidelity.condition,
    meanAbsDb: r.fidelity.meanAbsDb,
    maxAbsDb: r.fidelity.maxAbsDb,
    overallDb: r.fidelity.overallDb,
    bands: r.fidelity.bands,
    tones: r.fidelity.tones,
    period: r.fidelity.period,
    duty: r.fidelity.duty,
  };
  return {
    recording,
    format: r.format,
    profile,
    talker: r.snr,
    ...(fidelity && { fidelity }),
    files: { scenario: r.scenarioFile, floorBed: r.floorBedFile, page: r.htmlFile },
  };
}
