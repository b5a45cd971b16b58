/**
 * Overall speech levels at 1 m in front of a talker by vocal effort, dB SPL: ANSI S3.5-1997
 * (Speech Intelligibility Index) Table 3, as commonly cited.
 */
export const VOCAL_EFFORT = { normal: 62.35, raised: 68.34, loud: 74.85, shout: 82.3 } as const;
export type VocalEffort = keyof typeof VOCAL_EFFORT;

/**
 * Hospital wards measure 50–60 dB(A) (Busch-Vishniac et al. 2005, JASA 118:3629); the middle is
 * the assumption when the customer gave no sound-level-meter reading.
 */
export const ASSUMED_ROOM_DBA = 55;

export interface SnrSuggestion {
  readonly talker: number;
  readonly noise: number;
  readonly snr: number;
  readonly roomAssumed: boolean;
  readonly sentence: string;
}

/**
 * The SNR a talker would get over this noise: the talker's level at `distance` (free field,
 * −6 dB per doubling; beyond the room's critical distance the level falls less) minus the
 * noise's unweighted SPL. A recording's dBFS carries no calibration, so the noise SPL comes from
 * the room's A-weighted level (measured, or assumed) plus the recording's own difference between
 * unweighted and A-weighted level — low-frequency hum reads far louder unweighted.
 */
export function suggestSnr(opts: {
  effort: VocalEffort;
  distance: number;
  roomDba?: number;
  rmsDbfs: number;
  aWeightedDbfs: number;
}): SnrSuggestion {
  const roomAssumed = opts.roomDba === undefined;
  const room = opts.roomDba ?? ASSUMED_ROOM_DBA;
  const noise = room + (opts.rmsDbfs - opts.aWeightedDbfs);
  const talker = VOCAL_EFFORT[opts.effort] - 20 * Math.log10(opts.distance);
  const snr = talker - noise;
  const sentence = `${opts.effort} voice at ${opts.distance} m ≈ ${talker.toFixed(1)} dB SPL; room ${room} dB(A)${roomAssumed ? ' (assumed: hospital wards measure 50–60 dB(A); give --room-dba for the customer’s reading)' : ' (as measured)'} → noise ≈ ${noise.toFixed(1)} dB SPL unweighted → SNR ≈ ${snr.toFixed(1)} dB`;
  return { talker, noise, snr, roomAssumed, sentence };
}
