import type { Profile } from './analyse.js';
import type { ToneSeries } from './tones.js';

/** One chain step of the model condition: the YAML flow mapping and a comment saying why. */
export interface ModelStep {
  readonly comment: string;
  readonly step: string;
}

/** `hum` takes fundamentals up to 4 kHz; higher tones travel in the floor bed instead. */
export const HUM_MAX_HZ = 4000;

/** Partials the model cannot play as `hum` (above 4 kHz): the floor bed carries their power. */
export function unreproducedTones(profile: Profile): { frequency: number; level: number }[] {
  return profile.tones.flatMap((s) =>
    s.fundamental > HUM_MAX_HZ ? s.partials : s.partials.filter((p) => p.frequency > HUM_MAX_HZ),
  );
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The perturbation steps that rebuild the recording's sound on top of the speech, at the
 * measured levels shifted by `shift` dB (0 unless the speech would otherwise need to sit above
 * −10 dBFS): steady tones as `hum`, bursts as `alarm` / `machine` / `intermittent`, impulsive
 * events as `intermittent` noise. The floor (a file) and the level step are added by the writer.
 */
export function componentSteps(profile: Profile, shift: number): ModelStep[] {
  const steps: ModelStep[] = [];
  const high = profile.tones.filter((s) => s.fundamental > HUM_MAX_HZ);
  for (const series of profile.tones)
    if (series.fundamental <= HUM_MAX_HZ) steps.push(...humSteps(series, shift));
  if (high.length) {
    const loudest = [...high].sort((a, b) => b.partials[0].level - a.partials[0].level)[0];
    steps.push({
      comment: `${high.length} tone${high.length === 1 ? '' : 's'} above 4 kHz (loudest ${r1(loudest.fundamental)} Hz at ${r1(loudest.partials[0].level)} dBFS) are in the floor bed as band energy: hum stops at 4 kHz`,
      step: '',
    });
  }
  const b = profile.bursts;
  if (b?.sound && profile.speech.likely && b.period === undefined)
    steps.push({
      comment: 'irregular bursts not modelled: they are probably the speech',
      step: '',
    });
  else if (b?.sound) steps.push(burstStep(b, b.sound, shift, profile.sampleRate / 2));
  const events = profile.impulses.events;
  if (events.length >= 2) {
    const durations = events.map((e) => e.duration).sort((x, y) => x - y);
    const levels = events.map((e) => e.level).sort((x, y) => x - y);
    const every = r3(Math.min(3600, Math.max(0.1, 60 / profile.impulses.perMinute)));
    const length = Math.min(every, r3(Math.max(0.01, durations[durations.length >> 1])));
    steps.push({
      comment: `${events.length} impulsive events (${r1(profile.impulses.perMinute)} a minute, ~${Math.round(length * 1000)} ms, ${r1(levels[levels.length >> 1])} dBFS while they last): pink-noise bursts at random times`,
      step: `intermittent: { step: { noise: { color: pink, level: ${r1(levels[levels.length >> 1] - shift)} } }, every: ${every}, for: ${length}, onsets: random, ramp: 0.002 }`,
    });
  }
  return steps;
}

/** One `hum` for a series whose partials fall evenly (≤ 0.5 dB off a fitted rolloff), else one per partial. */
function humSteps(series: ToneSeries, shift: number): ModelStep[] {
  const f0 = series.fundamental;
  const ps = series.partials.filter((p) => p.frequency <= HUM_MAX_HZ);
  const consecutive = ps.every((p, i) => p.harmonic === i + 1);
  let num = 0;
  let den = 0;
  for (const p of ps) {
    num += (ps[0].level - p.level) * (p.harmonic - 1);
    den += (p.harmonic - 1) ** 2;
  }
  const rolloff = den > 0 ? num / den : 0;
  const fits = ps.every((p) => Math.abs(ps[0].level - rolloff * (p.harmonic - 1) - p.level) <= 0.5);
  const levels = ps.map((p) => `${r1(p.frequency)} Hz ${r1(p.level)} dBFS`).join(', ');
  if (consecutive && fits && rolloff >= 0 && rolloff <= 60)
    return [
      {
        comment: `${series.label} — measured ${levels}`,
        step: `hum: { fundamental: ${r2(f0)}, harmonics: ${ps.length}, rolloff: ${r2(rolloff)}, level: ${r1(ps[0].level - shift)} }`,
      },
    ];
  return ps.map((p, i) => ({
    comment:
      i === 0
        ? `${series.label} — partials at their own levels (${levels})`
        : `  harmonic ${p.harmonic} of ${r2(f0)} Hz`,
    step: `hum: { fundamental: ${r2(p.frequency)}, harmonics: 1, level: ${r1(p.level - shift)} }`,
  }));
}

const PRIORITY: Record<number, 'low' | 'medium' | 'high'> = { 2: 'low', 3: 'medium' };

function burstStep(
  b: NonNullable<Profile['bursts']>,
  sound: NonNullable<NonNullable<Profile['bursts']>['sound']>,
  shift: number,
  nyquist: number,
): ModelStep {
  const period = b.period;
  const pattern = `${b.pulsesPerBurst} pulse${b.pulsesPerBurst === 1 ? '' : 's'} of ${Math.round(b.pulse * 1000)} ms${b.pulsesPerBurst > 1 ? `, ${Math.round(b.spacing * 1000)} ms apart` : ''}, ${period ? `every ${r2(period)} s` : 'at irregular times'}, ${Math.round(100 * b.duty)} % of the time`;
  const tone = sound.tonal;
  if (tone) {
    const ps = tone.partials;
    let num = 0;
    let den = 0;
    for (const p of ps) {
      num += (ps[0].level - p.level) * (p.harmonic - 1);
      den += (p.harmonic - 1) ** 2;
    }
    const rolloff = den > 0 ? num / den : 0;
    const top = ps[ps.length - 1].harmonic;
    const f0 = tone.fundamental;
    const priority = b.pulsesPerBurst >= 5 ? 'high' : PRIORITY[b.pulsesPerBurst];
    const burstLength = b.pulsesPerBurst * b.pulse + (b.pulsesPerBurst - 1) * b.spacing;
    if (priority && period && f0 >= 150 && f0 <= 1000 && burstLength <= period) {
      const harmonics = Math.max(4, Math.min(12, top - 1));
      const notes = [
        top - 1 < 4 ? `measured ${top - 1} harmonics; alarm needs ≥ 4` : '',
        rolloff > 3.75 || rolloff < 0
          ? `measured rolloff ${r2(rolloff)} dB; alarm allows 0–3.75`
          : '',
      ].filter(Boolean);
      return {
        comment: `alarm: ${r1(f0)} Hz tone with ${top - 1} harmonics, ${pattern}; ${r1(sound.level)} dBFS while sounding${notes.length ? ` (${notes.join('; ')})` : ''}`,
        step: `alarm: { priority: ${priority}, pitch: ${r1(f0)}, harmonics: ${harmonics}, rolloff: ${r2(Math.max(0, Math.min(3.75, rolloff)))}, pulse: ${r3(Math.min(0.5, b.pulse))}, spacing: ${r3(Math.max(0.05, Math.min(1, b.spacing)))}, period: ${r2(period)}, level: ${r1(sound.level - shift)} }`,
      };
    }
    const on = r3(b.pulsesPerBurst === 1 ? b.pulse : burstLength);
    const every = r3(Math.max(on, period ?? on / Math.max(b.duty, 1e-3)));
    return {
      comment: `tonal bursts: ${r1(f0)} Hz with ${top} partial${top === 1 ? '' : 's'}, ${pattern}; ${r1(sound.level)} dBFS while sounding${b.pulsesPerBurst > 1 ? ' (the pulses of a burst are merged into one window)' : ''}`,
      step: `intermittent: { step: { hum: { fundamental: ${r2(f0)}, harmonics: ${Math.min(40, top)}, rolloff: ${r2(Math.max(0, Math.min(60, rolloff)))}, level: ${r1(ps[0].level - shift)} } }, every: ${every}, for: ${on}, onsets: ${period ? 'periodic' : 'random'}, ramp: 0.01 }`,
    };
  }
  const broadband = sound.low <= 90 && sound.high >= Math.min(8000, 0.6 * nyquist);
  if (period && broadband) {
    const on =
      b.pulsesPerBurst === 1
        ? b.pulse
        : b.pulsesPerBurst * b.pulse + (b.pulsesPerBurst - 1) * b.spacing;
    const color = sound.slope > 1.5 ? 'white' : sound.slope < -1.5 ? 'brown' : 'pink';
    return {
      comment: `broadband noise bursts (${color}: ${r1(sound.slope)} dB per octave in third-octaves), ${pattern}; ${r1(sound.level)} dBFS while sounding`,
      step: `intermittent: { step: { noise: { color: ${color}, level: ${r1(sound.level - shift)} } }, every: ${r3(period)}, for: ${r3(Math.min(on, period))}, onsets: periodic, ramp: 0.02 }`,
    };
  }
  if (period) {
    const on =
      b.pulsesPerBurst === 1
        ? b.pulse
        : b.pulsesPerBurst * b.pulse + (b.pulsesPerBurst - 1) * b.spacing;
    const duty = Math.max(0.02, Math.min(1, on / period));
    return {
      comment: `machine pulses: noise ${Math.round(sound.low)}–${Math.round(sound.high)} Hz, ${pattern}; ${r1(sound.level)} dBFS while sounding`,
      step: `machine: { period: ${r3(period)}, duty: ${r3(duty)}, low: ${Math.round(Math.max(20, sound.low))}, high: ${Math.round(Math.min(12000, sound.high))}, level: ${r1(sound.level + 10 * Math.log10(duty) - shift)} }`,
    };
  }
  const every = r3(Math.max(b.pulse, b.pulse / Math.max(b.duty, 1e-3)));
  return {
    comment: `noise bursts at irregular times: ${pattern}; ${r1(sound.level)} dBFS while sounding`,
    step: `intermittent: { step: { noise: { color: pink, level: ${r1(sound.level - shift)} } }, every: ${every}, for: ${r3(b.pulse)}, onsets: random, ramp: 0.02 }`,
  };
}
