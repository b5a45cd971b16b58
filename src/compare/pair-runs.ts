import { UserError } from '../errors.js';
import type { RunContext } from '../report/run-context.js';
import type { UtteranceRow } from '../results/row.js';

/** One run as compare reads it. */
export interface CompareRun {
  readonly dir: string;
  readonly context: RunContext;
  readonly rows: readonly UtteranceRow[];
  /** Normaliser id the run was scored with (its summary.json), e.g. `en-basic@1`. */
  readonly normalizer: string;
  readonly groupBy: string;
}

/** A clip heard under one condition by the engine of each run, paired. */
export interface PairedUnit {
  readonly engine: string;
  readonly condition: string;
  readonly clip: string;
  readonly speaker: string;
  readonly group: string;
  readonly reference: string;
  readonly baseline: UtteranceRow;
  readonly current: UtteranceRow;
}

export interface Pairing {
  readonly units: readonly PairedUnit[];
  /** Which engine of the baseline is compared with which of the new run. */
  readonly engines: readonly { readonly baseline: string; readonly current: string }[];
  /** What differs between the runs (why they would be refused without --overlap). */
  readonly mismatches: readonly string[];
  /** What the comparison leaves out, in words (with --overlap, or error units). */
  readonly leftOut: readonly string[];
  /** Units whose audio was checked equal by hash, and units that carried no hash. */
  readonly verified: number;
  readonly unverified: number;
}

/**
 * Pairs the units of two runs on (engine, condition, clip), checking that the runs used the
 * same corpus, scenarios and normaliser and that every paired clip's audio is the same by its
 * hash. Differences are refused unless `overlap`: then only what both runs share is compared,
 * and what was left out is said. Engines pair by id; two single-engine runs with different
 * engines pair with each other (engine v1 against v2).
 */
export function pairRuns(baseline: CompareRun, current: CompareRun, overlap: boolean): Pairing {
  const mismatches = runMismatches(baseline, current);
  const engines = pairEngines(baseline, current, mismatches);
  const leftOut: string[] = [];
  const index = new Map<string, UtteranceRow>();
  const engineOf = new Map(engines.map((e) => [e.current, e.baseline]));
  for (const r of baseline.rows) index.set(`${r.engine}|${r.condition}|${r.id}`, r);
  const units: PairedUnit[] = [];
  let verified = 0;
  let unverified = 0;
  let onlyCurrent = 0;
  let audioDiffers = 0;
  let errored = 0;
  const matched = new Set<UtteranceRow>();
  for (const r of current.rows) {
    const engine = engineOf.get(r.engine);
    if (engine === undefined) continue;
    const b = index.get(`${engine}|${r.condition}|${r.id}`);
    if (!b) {
      onlyCurrent++;
      continue;
    }
    matched.add(b);
    if (b.audioSha256 && r.audioSha256 && b.audioSha256 !== r.audioSha256) {
      audioDiffers++;
      continue;
    }
    if (b.audioSha256 && r.audioSha256) verified++;
    else unverified++;
    if (b.hypothesis == null || r.hypothesis == null) {
      errored++;
      continue;
    }
    units.push({
      engine: r.engine,
      condition: r.condition,
      clip: r.id,
      speaker: r.speaker,
      group: r.labels[current.groupBy] ?? '(unlabelled)',
      reference: r.reference,
      baseline: b,
      current: r,
    });
  }
  const pairedEngines = new Set(engines.map((e) => e.baseline));
  const onlyBaseline = baseline.rows.filter(
    (r) => pairedEngines.has(r.engine) && !matched.has(r),
  ).length;
  if (onlyBaseline || onlyCurrent)
    mismatches.push(
      `units differ: ${onlyBaseline} only in the baseline, ${onlyCurrent} only in the new run (other clips or conditions)`,
    );
  if (audioDiffers)
    mismatches.push(
      `${audioDiffers} paired units have different audio (their hashes differ): the perturbed audio is not the same`,
    );
  if (mismatches.length > 0 && !overlap)
    throw new UserError(
      `cannot compare ${baseline.dir} with ${current.dir}: the runs differ —\n  ${mismatches.join('\n  ')}\nCompare what they share with --overlap, or rerun one of them with the other's suite.`,
    );
  if (onlyBaseline) leftOut.push(`${onlyBaseline} units only in the baseline`);
  if (onlyCurrent) leftOut.push(`${onlyCurrent} units only in the new run`);
  if (audioDiffers) leftOut.push(`${audioDiffers} units whose audio differs between the runs`);
  if (errored)
    leftOut.push(`${errored} units that are error units in either run (no transcript to compare)`);
  return { units, engines, mismatches, leftOut, verified, unverified };
}

function runMismatches(a: CompareRun, b: CompareRun): string[] {
  const out: string[] = [];
  const ca = a.context.corpus;
  const cb = b.context.corpus;
  if (ca.sha256 && cb.sha256 && ca.sha256 !== cb.sha256)
    out.push(
      `corpus: ${ca.manifest ?? '?'} (${ca.sha256.slice(0, 12)}) against ${cb.manifest ?? '?'} (${cb.sha256.slice(0, 12)})`,
    );
  const scen = (c: CompareRun) =>
    c.context.scenarios
      .map((s) => `${s.name}@${s.sha256?.slice(0, 12) ?? '?'}`)
      .sort()
      .join(', ');
  if (scen(a) !== scen(b))
    out.push(`scenarios: ${scen(a) || 'none recorded'} against ${scen(b) || 'none recorded'}`);
  if (a.normalizer !== b.normalizer)
    out.push(`normaliser: ${a.normalizer} against ${b.normalizer}`);
  if (a.groupBy !== b.groupBy) out.push(`groups: by ${a.groupBy} against by ${b.groupBy}`);
  return out;
}

function pairEngines(a: CompareRun, b: CompareRun, mismatches: string[]): Pairing['engines'] {
  const ea = [...new Set(a.rows.map((r) => r.engine))];
  const eb = [...new Set(b.rows.map((r) => r.engine))];
  if (ea.length === 1 && eb.length === 1) return [{ baseline: ea[0], current: eb[0] }];
  const shared = ea.filter((e) => eb.includes(e));
  const missing = [...ea.filter((e) => !eb.includes(e)), ...eb.filter((e) => !ea.includes(e))];
  if (missing.length) mismatches.push(`engines: ${missing.join(', ')} in only one of the runs`);
  return shared.map((e) => ({ baseline: e, current: e }));
}
