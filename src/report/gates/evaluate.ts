import type { GroupCell, ReportView } from '../view-model.js';
import { type GateLevel, type GateRule, type GateRuleName, nameMatches } from './schema.js';

/**
 * Gates are a step over the report's view of a summary, not logic inside a command: `run`,
 * `report` and `compare` all end here, so the same results give the same exit code.
 */

export type CheckStatus = 'pass' | 'breach' | 'skipped';

export interface GateCheck {
  readonly rule: GateRuleName;
  readonly level: GateLevel;
  readonly status: CheckStatus;
  /** The measured value in the rule's unit (percent, points or fraction); null when skipped. */
  readonly value: number | null;
  readonly max?: number;
  readonly message: string;
}

/** JUnit's four outcomes plus a warn-level breach that passes. */
export type CellOutcome = 'pass' | 'warn' | 'failure' | 'error' | 'skipped';

export interface CellGates {
  readonly cell: GroupCell;
  readonly checks: readonly GateCheck[];
  readonly outcome: CellOutcome;
  /** Why, in one line: the first breach, skip reason or "passed". */
  readonly message: string;
}

/**
 * What the gates decide, by its name in the CLI's exit-code table (src/cli/exit-codes.ts):
 * commands exit with `EXIT[report.exit]`. Named rather than numbered so this step does not
 * depend on the CLI.
 */
export type GateExit = 'ok' | 'gateFailed' | 'runErrors' | 'nothingTested';

export interface GateReport {
  readonly cells: readonly CellGates[];
  /** Checks over the whole run (an error-rate rule without a filter). */
  readonly run: readonly GateCheck[];
  readonly exit: GateExit;
  /** One sentence for the end of the console output and the report headline. */
  readonly verdict: string;
  readonly counts: Readonly<Record<CellOutcome, number>>;
}

const pts = (x: number) => (100 * x).toFixed(1);

/** Checks every rule against every cell it applies to and decides the exit code. */
export function evaluateGates(view: ReportView, rules: readonly GateRule[]): GateReport {
  const units = view.cells.reduce((n, c) => n + c.units, 0);
  const errored = view.cells.reduce((n, c) => n + c.errored, 0);
  const run: GateCheck[] = rules
    .filter((r) => r.rule === 'errorRate' && !r.engine && !r.condition && !r.group)
    .map((r) => rateCheck(r, errored, units, 'of all units'));
  const runErrorBreach = run.some((c) => c.status === 'breach' && c.level === 'error');
  const cells = view.cells
    .map((cell) => {
      const checks = rules
        .filter((r) => r.rule !== 'regression' && appliesTo(r, cell))
        .filter((r) => !(r.rule === 'errorRate' && !r.engine && !r.condition && !r.group))
        .map((r) => checkCell(r, cell))
        .filter((c): c is GateCheck => c !== null);
      return decideCell(cell, checks, runErrorBreach);
    })
    .filter((c) => c.checks.length > 0 || c.outcome === 'error');
  const counts = { pass: 0, warn: 0, failure: 0, error: 0, skipped: 0 };
  for (const c of cells) counts[c.outcome]++;
  const exit = exitOf(view, cells, run);
  return { cells, run, exit, verdict: verdictLine(exit, counts, run), counts };
}

function appliesTo(r: GateRule, cell: GroupCell): boolean {
  return (
    nameMatches(r.engine, cell.engine) &&
    nameMatches(r.condition, cell.condition) &&
    nameMatches(r.group, cell.group)
  );
}

function rateCheck(r: GateRule, errored: number, units: number, what: string): GateCheck {
  const rate = units > 0 ? errored / units : 0;
  const max = r.max ?? 0;
  return {
    rule: 'errorRate',
    level: r.level,
    status: rate > max ? 'breach' : 'pass',
    value: rate,
    max,
    message: `${errored} of ${units} units failed ${what} (${pts(rate)} %, limit ${pts(max)} %)`,
  };
}

/** One rule on one cell; null when the rule has nothing to say about it (e.g. excess of clean). */
function checkCell(r: GateRule, cell: GroupCell): GateCheck | null {
  const limit = (value: number | null, unit: string, what: string, scale: number): GateCheck => {
    if (value === null)
      return {
        rule: r.rule,
        level: r.level,
        status: 'skipped',
        value,
        max: r.max,
        message: `${what}: not estimable (${cell.reason})`,
      };
    const shown = value * scale;
    const breach = shown > (r.max ?? 0);
    return {
      rule: r.rule,
      level: r.level,
      status: breach ? 'breach' : 'pass',
      value: shown,
      max: r.max,
      message: `${what} ${shown.toFixed(1)}${unit} ${breach ? '>' : '≤'} limit ${r.max}${unit}`,
    };
  };
  switch (r.rule) {
    case 'disproportionate':
      return cell.isBaseline ? null : disproportionateCheck(r, cell);
    case 'excess':
      return cell.isBaseline
        ? null
        : limit(cell.excess?.value ?? null, ' pts', 'excess degradation', 100);
    case 'degradation':
      return cell.isBaseline
        ? null
        : limit(cell.degradation?.value ?? null, ' pts', 'degradation', 100);
    case 'wer':
      return limit(cell.wer.value, ' %', 'WER', 100);
    case 'errorRate':
      return rateCheck(r, cell.errored, cell.units, 'in this cell');
    default:
      return null;
  }
}

function disproportionateCheck(r: GateRule, cell: GroupCell): GateCheck {
  const base = { rule: r.rule, level: r.level, value: cell.excess?.value ?? null };
  switch (cell.verdict) {
    case 'disproportionate':
      return { ...base, status: 'breach', message: `disproportionate: ${cell.reason}` };
    case 'within tolerance':
      return { ...base, status: 'pass', message: `within tolerance: ${cell.reason}` };
    case 'inconclusive': {
      const mde = cell.minimumDetectableExcess;
      const detect = mde === null ? '' : `; the data could detect an excess of ${pts(mde)} points`;
      return { ...base, status: 'skipped', message: `inconclusive: ${cell.reason}${detect}` };
    }
    default:
      return { ...base, status: 'skipped', message: `insufficient data: ${cell.reason}` };
  }
}

function decideCell(cell: GroupCell, checks: GateCheck[], runErrorBreach: boolean): CellGates {
  const first = (f: (c: GateCheck) => boolean) => checks.find(f);
  const faults = `${cell.errored} of ${cell.units} units failed (engine faults or unreadable audio)`;
  const ownRate = first(
    (c) => c.rule === 'errorRate' && c.status === 'breach' && c.level === 'error',
  );
  if (ownRate) return { cell, checks, outcome: 'error', message: ownRate.message };
  if (cell.errored > 0 && (cell.scored === 0 || runErrorBreach))
    return { cell, checks, outcome: 'error', message: faults };
  const failed = first((c) => c.status === 'breach' && c.level === 'error');
  if (failed) return { cell, checks, outcome: 'failure', message: failed.message };
  const skipped = first((c) => c.status === 'skipped');
  if (skipped) return { cell, checks, outcome: 'skipped', message: skipped.message };
  const warned = first((c) => c.status === 'breach');
  if (warned) return { cell, checks, outcome: 'warn', message: `warning: ${warned.message}` };
  return { cell, checks, outcome: 'pass', message: 'every gate passed' };
}

function exitOf(
  view: ReportView,
  cells: readonly CellGates[],
  run: readonly GateCheck[],
): GateExit {
  const errorBreach = (c: GateCheck) => c.status === 'breach' && c.level === 'error';
  if (
    run.some(errorBreach) ||
    cells.some((c) => c.checks.some((k) => k.rule === 'errorRate' && errorBreach(k)))
  )
    return 'runErrors';
  if (cells.some((c) => c.outcome === 'failure')) return 'gateFailed';
  const scored = view.cells.reduce((n, c) => n + c.scored, 0);
  const tested = view.cells.filter((c) => !c.isBaseline);
  if (scored === 0 || tested.length === 0 || tested.every((c) => c.verdict === 'insufficient data'))
    return 'nothingTested';
  return 'ok';
}

function verdictLine(
  exit: GateExit,
  counts: Readonly<Record<CellOutcome, number>>,
  run: readonly GateCheck[],
): string {
  const parts = (['failure', 'error', 'warn', 'skipped', 'pass'] as const)
    .filter((k) => counts[k] > 0)
    .map(
      (k) =>
        `${counts[k]} ${k === 'failure' ? 'failed' : k === 'error' ? 'errored' : k === 'warn' ? 'warned' : k === 'skipped' ? 'undecided' : 'passed'}`,
    );
  const tally = parts.length ? ` (${parts.join(', ')})` : '';
  switch (exit) {
    case 'runErrors':
      return `gates: too many error units — ${run.find((c) => c.status === 'breach')?.message ?? 'a cell’s error rate is over its limit'}${tally}`;
    case 'gateFailed':
      return `gates: failed${tally}`;
    case 'nothingTested':
      return `gates: nothing could be decided — no cell had enough data for a verdict${tally}`;
    default:
      return `gates: passed${tally}`;
  }
}
