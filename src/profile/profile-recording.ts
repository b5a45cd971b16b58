import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { readAudio } from '../audio/read.js';
import { writeWav16 } from '../audio/write.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import { analyseRecording, type Profile } from './analyse.js';
import { unreproducedTones } from './components.js';
import { type Fidelity, measureFidelity } from './fidelity.js';
import { synthesiseFloorBed } from './floor-bed.js';
import { fidelityPage } from './html.js';
import { probeAudio } from './probe.js';
import { defaultSnrs, scenarioYaml } from './scenario.js';
import { type SnrSuggestion, suggestSnr, type VocalEffort } from './talker.js';

export interface ProfileRequest {
  readonly recording: string;
  readonly name?: string;
  /** Scenario path; default scenarios/<name>.yaml. */
  readonly out?: string;
  readonly effort?: VocalEffort;
  readonly distance?: number;
  readonly roomDba?: number;
  readonly snrs?: readonly number[];
  readonly seed?: number;
  /** Longest stretch analysed (s); longer recordings are cut with a warning. */
  readonly maxSeconds?: number;
}

export interface ProfileResult {
  readonly profile: Profile;
  readonly snr: SnrSuggestion;
  /** What limits the analysis: rate, codec, channels. */
  readonly format: string;
  readonly scenarioFile?: string;
  readonly floorBedFile?: string;
  readonly htmlFile?: string;
  readonly scenario?: Scenario;
  readonly fidelity?: Fidelity;
}

/**
 * `lastmile profile` as a function: reads the recording at its own rate, analyses it, writes the
 * floor bed and the scenario beside each other, loads the scenario back through the scenario
 * loader (so what was written is what `run` will read), renders it and writes the fidelity page.
 * A silent recording gets its analysis but no scenario.
 */
export async function profileRecording(req: ProfileRequest): Promise<ProfileResult> {
  const format = await probeAudio(req.recording);
  const rate = format ? Math.min(format.sampleRate, 96_000) : 48_000;
  const full = await readAudio(req.recording, rate);
  const maxSeconds = req.maxSeconds ?? 600;
  const cut = full.samples.length > maxSeconds * rate;
  const audio = cut
    ? { samples: full.samples.subarray(0, maxSeconds * rate), sampleRate: rate }
    : full;
  const analysed = analyseRecording(audio);
  const formatNotes = [
    format
      ? `${format.codec}, ${format.sampleRate} Hz, ${format.channels === 1 ? 'mono' : `${format.channels} channels averaged to mono`}`
      : 'format not recognised from the headers: read at 48 kHz',
    ...(format && !format.lossless
      ? ['lossy codec: quiet detail may have been dropped by the encoder']
      : []),
    ...(cut
      ? [`analysed the first ${maxSeconds} s of ${(full.samples.length / rate).toFixed(0)} s`]
      : []),
  ];
  const profile: Profile = { ...analysed, warnings: [...analysed.warnings] };
  const snr = suggestSnr({
    effort: req.effort ?? 'normal',
    distance: req.distance ?? 1,
    ...(req.roomDba !== undefined && { roomDba: req.roomDba }),
    rmsDbfs: profile.level.inBand,
    aWeightedDbfs: profile.level.aWeighted,
  });
  const base = { profile, snr, format: formatNotes.join('; ') };
  if (profile.level.peak === Number.NEGATIVE_INFINITY || profile.level.rms < -120) return base;

  const name =
    req.name ?? slug(basename(req.out ?? req.recording, extname(req.out ?? req.recording)));
  const scenarioFile = resolve(req.out ?? join('scenarios', `${name}.yaml`));
  const dir = dirname(scenarioFile);
  await mkdir(dir, { recursive: true });
  const seed = req.seed ?? 1;
  const floorBedFile = join(dir, `${name}.floor.wav`);
  const { bed, level: floorBedLevel } = synthesiseFloorBed(
    profile,
    seed,
    unreproducedTones(profile),
  );
  await writeWav16(floorBedFile, bed);
  const schema = join(dir, 'scenario.schema.json');
  const { text, shift } = scenarioYaml(profile, {
    name,
    recording: relative(dir, resolve(req.recording)),
    floorBed: basename(floorBedFile),
    floorBedLevel,
    snr,
    snrs: req.snrs ?? defaultSnrs(snr.snr),
    seed,
    source: basename(req.recording),
    ...(existsSync(schema) && { schema: './scenario.schema.json' }),
  });
  await writeFile(scenarioFile, text);
  const scenario = await loadScenario(scenarioFile);
  const fidelity = await measureFidelity(scenario, profile, shift);
  const htmlFile = join(dir, `${name}.profile.html`);
  await writeFile(
    htmlFile,
    await fidelityPage(
      `lastmile profile: ${basename(req.recording)}`,
      profile,
      fidelity,
      scenarioFile,
    ),
  );
  return { ...base, scenarioFile, floorBedFile, htmlFile, scenario, fidelity };
}

/** A scenario name from a file name: letters, digits, '.', '_' and '-'. */
export function slug(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return s || 'recording';
}
