import type { Cell, GroupResult, Summary } from '../stats/summary-schema.js';
import { useColor } from '../text/color.js';

export interface TableOptions {
  /** ANSI colour (default: only when stdout is a TTY and NO_COLOR is unset). */
  readonly color?: boolean;
  /** Maximum line width (default 100). */
  readonly width?: number;
}

const ANSI = {
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/** Colour when stdout supports it (Node's detection: NO_COLOR, FORCE_COLOR, TTY). */
export function defaultColor(): boolean {
  return useColor(process.stdout);
}

const pts = (x: number | null | undefined) => (x == null ? '—' : (100 * x).toFixed(1));
const signed = (x: number | null | undefined) =>
  x == null ? '—' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;

function ci(c: [number, number] | null | undefined): string {
  return c ? `[${signed(c[0])},${signed(c[1])}]` : '';
}

function _fit(s: string, n: number): string {
  return s.length <= n ? s.padEnd(n) : `${s.slice(0, n - 1)}…`;
}

function fmtP(p: number | undefined): string {
  if (p === undefined) return '—';
  return p < 0.001 ? '<.001' : p.toFixed(3).replace(/^0/, '');
}

/**
 * The compact table `lastmile run` and `lastmile stats` end with: per engine × condition,
 * each group's WER (clean → condition), degradation and excess degradation with its
 * interval, the family-wise adjusted p-value and the verdict (with the MDE when inconclusive). WERs are in percent; degradation and
 * excess in WER points. Fits in 100 columns.
 */
export function renderConsoleTable(summary: Summary, options: TableOptions = {}): string {
  const color = options.color ?? defaultColor();
  const width = Math.min(options.width ?? 100, 100);
  const paint = (code: keyof typeof ANSI, s: string) =>
    color ? `${ANSI[code]}${s}${ANSI.reset}` : s;
  const level = Math.round(summary.methods.interval.level * 100);
  const lines: string[] = [];
  const m = summary.methods;
  const clip = (t: string) => (t.length > width ? `${t.slice(0, width - 1)}…` : t);
  const t = m.test;
  const correction = t.multipleTesting === 'maxT' ? 'max-T step-down' : 'Holm';
  const limit = m.thresholds.excessDegradationPoints;
  lines.push(
    ...[
      `normaliser ${m.normalizer.id} · excess: group's degradation − the rest's · ${level}% t intervals by ${m.interval.unit}`,
      `${t.permutations} shared permutations (seed ${t.seed}) · ${correction} over ${t.tests} tests`,
      `DISPROPORTIONATE: excess ≥ ${limit} pts and adjusted p ≤ ${m.thresholds.alpha} · within tolerance: CI below ${limit} pts`,
      `inconclusive: neither; MDE = excess found with 80 % power · verdict needs ${m.insufficientData.minSpeakers} speakers, ${m.insufficientData.minRefWords} words`,
    ].map((l) => paint('dim', clip(l))),
  );
  const header =
    `${fitTo('group', 22)} ${'spk'.padStart(4)} ${'clean'.padStart(5)} ${'cond'.padStart(5)} ` +
    `${'degr'.padStart(6)} ${'excess'.padStart(6)} ${`${level}% CI`.padEnd(14)} ${'p adj'.padStart(5)} verdict`;
  for (const cell of summary.cells) {
    lines.push('');
    lines.push(paint('bold', cellTitle(cell)).slice(0, color ? undefined : width));
    if (cell.isBaseline) {
      lines.push(
        `${fitTo('group', 22)} ${'spk'.padStart(4)} ${'words'.padStart(6)} ${'WER'.padStart(6)} ${`${level}% CI`.padEnd(15)}`,
      );
      for (const g of cell.groups) {
        const c = g.wer.ci ? `[${pts(g.wer.ci[0])},${pts(g.wer.ci[1])}]` : '';
        lines.push(
          `${fitTo(g.group, 22)} ${spk(g)} ${String(g.condition.refWords).padStart(6)} ${pts(g.wer.value).padStart(6)} ${c}`.trimEnd(),
        );
      }
      lines.push(...coverageFootnote(cell, width));
      continue;
    }
    lines.push(paint('dim', header));
    for (const g of cell.groups) {
      const verdict = verdictText(g);
      const painted =
        g.verdict === 'disproportionate'
          ? paint('red', verdict)
          : g.verdict === 'within tolerance'
            ? paint('green', verdict)
            : paint('yellow', verdict);
      const row =
        `${fitTo(g.group, 22)} ${spk(g)} ` +
        `${pts(g.baselineWer?.value).padStart(5)} ${pts(g.wer.value).padStart(5)} ` +
        `${signed(g.degradation?.value).padStart(6)} ${signed(g.excess?.value).padStart(6)} ` +
        `${fitTo(ci(g.excess?.ci), 14)} ${fmtP(g.test?.pAdjusted).padStart(5)} `;
      lines.push(`${row}${painted}`);
    }
    lines.push(...coverageFootnote(cell, width));
  }
  const disagreements = summary.disagreements;
  if (disagreements.length > 0) {
    lines.push('');
    lines.push(
      `methods disagree in ${disagreements.length} cell${disagreements.length === 1 ? '' : 's'} (see summary.json):`,
    );
    for (const d of disagreements) {
      lines.push(`  ${d.engine} · ${d.condition} · ${d.group}`.slice(0, width));
      lines.push(...wrap(`    ${d.note}`, width, '    '));
    }
  }
  lines.push(...sweepLines(summary, width, paint));
  lines.push(...anatomyLines(summary, width));
  lines.push('');
  lines.push(...closingLines(summary, width, paint));
  return `${lines.join('\n')}\n`;
}

/** Which kind of error grows disproportionately (summary.json anatomy), and hallucinations. */
function anatomyLines(summary: Summary, width: number): string[] {
  const { flagged, hallucinations } = summary.anatomy;
  const lines: string[] = [''];
  if (flagged.length === 0)
    lines.push(
      'error anatomy: no substitution, deletion, insertion or keyword rate disproportionate',
    );
  else lines.push('error anatomy — disproportionate by kind (excess pts over the rest):');
  for (const f of flagged)
    lines.push(
      `  ${f.engine} · ${f.condition} · ${f.group}: ${f.metric} ${signed(f.excess)}`.slice(
        0,
        width,
      ),
    );
  const loops = hallucinations.filter((h) => h.hallucinatedUtterances > 0);
  if (loops.length) {
    const words = loops.reduce((n, h) => n + h.loopInsertions + h.noSpeechInsertions, 0);
    lines.push(
      ...wrap(
        `hallucinations: ${words} words in ${loops.reduce((n, h) => n + h.hallucinatedUtterances, 0)} utterances (repetition loops, words without speech) — per group with examples in summary.json and the report`,
        width,
        '  ',
      ),
    );
  }
  return lines;
}

function cellTitle(cell: Cell): string {
  const p = cell.pooled;
  if (cell.isBaseline) {
    return `${cell.engine} · ${cell.condition} (baseline) · pooled WER ${pts(p.wer)}% · ${p.speakers} speakers`;
  }
  return `${cell.engine} · ${cell.condition} · pooled WER ${pts(p.baselineWer)}% → ${pts(p.wer)}% (${signed(p.degradation)} pts)`;
}

function verdictText(g: GroupResult): string {
  switch (g.verdict) {
    case 'disproportionate':
      return 'DISPROPORTIONATE';
    case 'inconclusive':
      return g.power?.mde != null ? `inconclusive MDE ${pts(g.power.mde)}` : 'inconclusive';
    case 'insufficient data':
      return 'too little data';
    default:
      return g.verdict;
  }
}

/**
 * The closing line says which verdicts the run reached, in the outcome's own words: red
 * when it fails, yellow when it is inconclusive or tested nothing (neither means "fair"),
 * green only when every tested group was shown within tolerance.
 */
function closingLines(
  summary: Summary,
  width: number,
  paint: (code: keyof typeof ANSI, s: string) => string,
): string[] {
  const { status, failed, reason } = summary.outcome;
  const label =
    status === 'disproportionate'
      ? failed
        ? 'FAIL'
        : 'FLAGGED'
      : status === 'nothing tested'
        ? 'NOTHING TESTED'
        : status === 'inconclusive'
          ? 'INCONCLUSIVE'
          : 'WITHIN TOLERANCE';
  const code =
    status === 'disproportionate'
      ? failed
        ? 'red'
        : 'yellow'
      : status === 'within tolerance'
        ? 'green'
        : 'yellow';
  const text = reason.toLowerCase().startsWith(label.toLowerCase())
    ? reason.slice(label.length).replace(/^[:\s]+/, '')
    : reason;
  return wrap(`${label}: ${text}`, width, '  ').map((l) => paint(code, l));
}

/** Speaker count, starred when the group's coverage is incomplete. */
function spk(g: GroupResult): string {
  return `${g.speakers}${g.coverage.complete ? ' ' : '*'}`.padStart(4);
}

function coverageFootnote(cell: Cell, width: number): string[] {
  const partial = cell.groups.filter((g) => !g.coverage.complete);
  if (partial.length === 0) return [];
  const text = `* coverage incomplete (units scored/seen): ${partial
    .map((g) => `${g.group} ${g.coverage.scored}/${g.coverage.units}`)
    .join(', ')}`;
  return wrap(text, width, '  ');
}

/** Breaks text at spaces into lines of at most `width`, continuation lines indented. */
function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const cut = rest.lastIndexOf(' ', width);
    out.push(rest.slice(0, cut > 0 ? cut : width));
    rest = `${indent}${rest.slice(cut > 0 ? cut + 1 : width)}`;
  }
  out.push(rest);
  return out;
}

/**
 * One block per swept condition: each group's WER (%) at clean and at every swept value, so
 * the point where a group breaks away is visible at a glance (intervals are in summary.json).
 */
function sweepLines(
  summary: Summary,
  width: number,
  paint: (code: keyof typeof ANSI, s: string) => string,
): string[] {
  const lines: string[] = [];
  const column = 8;
  const perBlock = Math.max(1, Math.floor((width - 22) / column));
  const rank = new Map(summary.cells.map((c, i) => [`${c.engine}|${c.condition}`, i]));
  for (const sorted of summary.sweeps) {
    // Points in the scenario's order (mild to harsh as its author listed them).
    const at = (p: { condition: string }) => rank.get(`${sorted.engine}|${p.condition}`) ?? 0;
    const curve = {
      ...sorted,
      groups: sorted.groups.map((g) => ({
        ...g,
        points: [...g.points].sort((a, b) => at(a) - at(b)),
      })),
    };
    const labels = curve.groups[0]?.points.map((p) =>
      curve.parameters.length === 1
        ? String(p.values[curve.parameters[0]])
        : curve.parameters.map((k) => `${k}=${p.values[k]}`).join(','),
    );
    if (!labels?.length) continue;
    const clean = new Map(
      summary.cells
        .find((c) => c.engine === curve.engine && c.isBaseline)
        ?.groups.map((g) => [g.group, g.wer.value]) ?? [],
    );
    lines.push('');
    lines.push(
      paint(
        'bold',
        `${curve.engine} · sweep ${curve.base} · WER % by ${curve.parameters.join(', ')}`,
      ),
    );
    for (let from = 0; from < labels.length; from += perBlock) {
      const slice = labels.slice(from, from + perBlock);
      const head = ['clean', ...slice].map((l) => l.slice(0, column - 1).padStart(column)).join('');
      lines.push(paint('dim', `${fitTo('group', 22)}${head}`));
      for (const g of curve.groups) {
        const values = [
          clean.get(g.group),
          ...g.points.slice(from, from + perBlock).map((p) => p.wer.value),
        ];
        lines.push(`${fitTo(g.group, 22)}${values.map((v) => pts(v).padStart(column)).join('')}`);
      }
    }
  }
  return lines;
}

function fitTo(s: string, n: number): string {
  return s.length <= n ? s.padEnd(n) : `${s.slice(0, n - 1)}…`;
}
