import type { Profile } from './analyse.js';
import { HUM_MAX_HZ } from './components.js';
import type { Fidelity } from './fidelity.js';

const db = (x: number) => `${x.toFixed(1)}`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

/** The measured profile as lines for the terminal and the page. */
export function profileLines(p: Profile): string[] {
  const lines = [
    `level        ${db(p.level.inBand)} dBFS in the third-octave bands (${db(p.level.rms)} dBFS RMS of everything), ${db(p.level.aWeighted)} dBFS A-weighted, peak ${db(p.level.peak)} dBFS`,
    `floor        ${db(p.floorLevel)} dBFS (stationary part, steady tones removed)`,
    `bandwidth    ${p.sampleRate} Hz sampling: nothing above ${p.sampleRate / 2} Hz is known${p.contentUpTo < 0.8 * (p.sampleRate / 2) ? `; content stops near ${Math.round(p.contentUpTo)} Hz (band-limited before it was saved: a phone line or codec?)` : ''}; tones resolved to ${p.toneResolution.toFixed(2)} Hz`,
  ];
  if (p.tones.length === 0) lines.push('tones        none standing 8 dB over the floor');
  const loudest = [...p.tones].sort((a, b) => b.partials[0].level - a.partials[0].level);
  for (const s of loudest.slice(0, 8)) {
    lines.push(`tones        ${s.label}`);
    for (const q of s.partials)
      lines.push(
        `               ×${q.harmonic}  ${q.frequency.toFixed(2)} Hz  ${db(q.level)} dBFS`,
      );
  }
  if (loudest.length > 8) lines.push(`tones        … and ${loudest.length - 8} weaker series`);
  const b = p.bursts;
  if (!b) lines.push('bursts       none (no band swings more than noise would)');
  else {
    const what = b.sound?.tonal
      ? `tone ${b.sound.tonal.fundamental.toFixed(1)} Hz with ${b.sound.tonal.partials.length} partial${b.sound.tonal.partials.length === 1 ? '' : 's'}`
      : b.sound
        ? `noise ${Math.round(b.sound.low)}–${Math.round(b.sound.high)} Hz`
        : 'sound not resolved';
    lines.push(
      `bursts       ${b.period ? `every ${b.period.toFixed(3)} s (periodicity ${b.periodicity?.toFixed(2)})` : 'irregular'}; ${b.pulsesPerBurst} pulse(s) of ${(b.pulse * 1000).toFixed(0)} ms${b.pulsesPerBurst > 1 ? `, ${(b.spacing * 1000).toFixed(0)} ms apart` : ''}; duty ${(100 * b.duty).toFixed(1)} %; ${what}${b.sound ? `; ${db(b.sound.level)} dBFS while sounding` : ''}`,
    );
  }
  const ev = p.impulses.events;
  lines.push(
    ev.length
      ? `events       ${ev.length} impulsive (${p.impulses.perMinute.toFixed(1)} a minute) at ${ev
          .slice(0, 8)
          .map((e) => `${e.time.toFixed(2)} s`)
          .join(', ')}${ev.length > 8 ? ', …' : ''}`
      : 'events       no impulsive events',
  );
  lines.push(
    p.rt60
      ? `reverb       RT60 ≈ ${p.rt60.seconds.toFixed(2)} s — an estimate (${p.rt60.method})`
      : 'reverb       no RT60 estimate (needs impulsive events rising ≥ 25 dB over the background)',
  );
  for (const w of p.warnings) lines.push(`warning      ${w}`);
  return lines;
}

/** The fidelity comparison as lines. */
export function fidelityLines(f: Fidelity): string[] {
  const playable = f.tones.filter((t) => t.frequency <= HUM_MAX_HZ);
  const matched = playable.filter((t) => t.model);
  const high = f.tones.length - playable.length;
  const lines = [
    `spectrum     mean |difference| ${f.meanAbsDb.toFixed(2)} dB, largest ${f.maxAbsDb.toFixed(2)} dB over ${f.bands.length} third-octave bands; overall ${signed(f.overallDb)} dB`,
    `tones        ${matched.length} of ${playable.length} partials up to 4 kHz matched within 2 Hz${matched.length ? `: ${matched.map((t) => `${t.frequency.toFixed(1)} Hz ${signed(t.model!.frequency - t.frequency)} Hz ${signed(t.model!.level - t.level)} dB`).join('; ')}` : ''}${high ? `; ${high} above 4 kHz are in the floor bed as band energy` : ''}`,
  ];
  if (f.period)
    lines.push(
      `period       recording ${f.period.recording?.toFixed(3) ?? 'none'} s, model ${f.period.model?.toFixed(3) ?? 'none'} s${f.period.recording && f.period.model ? ` (${signed((100 * (f.period.model - f.period.recording)) / f.period.recording)} %)` : ''}`,
    );
  if (f.duty)
    lines.push(
      `duty         recording ${(100 * f.duty.recording).toFixed(1)} %, model ${f.duty.model === undefined ? 'no bursts' : `${(100 * f.duty.model).toFixed(1)} %`}`,
    );
  return lines;
}
