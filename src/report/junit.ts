import type { CellGates, GateCheck, GateReport } from './gates/evaluate.js';
import type { RunContext } from './run-context.js';

/**
 * junit.xml: one test suite per (engine, condition), one test case per group's gate. A breach
 * at level `error` is a <failure>; engine faults (error units) an <error>; an inconclusive or
 * insufficient-data cell is <skipped> with the reason; a `warn` breach passes with the warning
 * in <system-out>. The layout follows the JUnit XML that Jenkins, GitLab and GitHub read
 * (test/report/junit.xsd checks it).
 */
export function renderJunit(gates: GateReport, context: RunContext, timestamp: string): string {
  const suites = new Map<string, CellGates[]>();
  for (const c of gates.cells) {
    const key = `${c.cell.engine}\u0000${c.cell.condition}`;
    const list = suites.get(key) ?? [];
    list.push(c);
    suites.set(key, list);
  }
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const body: string[] = [];
  let id = 0;
  for (const cells of suites.values()) {
    const { engine, condition } = cells[0].cell;
    const t = tally(cells.map((c) => c.outcome));
    addTo(total, t);
    body.push(
      `  <testsuite name="${attr(`${engine} · ${condition}`)}" tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="0" timestamp="${timestamp}" id="${id++}" package="${attr(`lastmile.${engine}`)}">`,
      '    <properties>',
      `      <property name="engine" value="${attr(engine)}"/>`,
      `      <property name="condition" value="${attr(condition)}"/>`,
      '    </properties>',
      ...cells.map((c) => testcase(c)),
      '  </testsuite>',
    );
  }
  if (gates.run.length > 0) {
    const t = tally(gates.run.map((c) => runOutcome(c)));
    addTo(total, t);
    body.push(
      `  <testsuite name="run" tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="0" timestamp="${timestamp}" id="${id++}" package="lastmile">`,
      ...gates.run.map((c) => runCase(c)),
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`lastmile ${context.id}`)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="0">`,
    ...body,
    '</testsuites>',
    '',
  ].join('\n');
}

function testcase(c: CellGates): string {
  const { engine, condition, group } = c.cell;
  const open = `    <testcase classname="${attr(`lastmile.${engine}.${condition}`)}" name="${attr(group)}" time="0">`;
  const detail = text(
    c.checks.map((k) => `[${k.level}] ${k.rule}: ${k.status} — ${k.message}`).join('\n'),
  );
  switch (c.outcome) {
    case 'failure': {
      const rule =
        c.checks.find((k) => k.status === 'breach' && k.level === 'error')?.rule ?? 'gate';
      return `${open}\n      <failure message="${attr(c.message)}" type="${rule}">${detail}</failure>\n    </testcase>`;
    }
    case 'error':
      return `${open}\n      <error message="${attr(c.message)}" type="engine-fault">${text(`${c.cell.errored} of ${c.cell.units} units have no transcript (see "error" in utterances.jsonl)`)}</error>\n    </testcase>`;
    case 'skipped':
      return `${open}\n      <skipped message="${attr(c.message)}"/>\n      <system-out>${detail}</system-out>\n    </testcase>`;
    default:
      return `${open}\n      <system-out>${detail}</system-out>\n    </testcase>`;
  }
}

function runOutcome(c: GateCheck): 'pass' | 'error' | 'warn' {
  return c.status !== 'breach' ? 'pass' : c.level === 'error' ? 'error' : 'warn';
}

function runCase(c: GateCheck): string {
  const open = `    <testcase classname="lastmile.run" name="${attr(c.rule)}" time="0">`;
  if (runOutcome(c) === 'error')
    return `${open}\n      <error message="${attr(c.message)}" type="engine-fault">${text(c.message)}</error>\n    </testcase>`;
  return `${open}\n      <system-out>${text(`[${c.level}] ${c.status} — ${c.message}`)}</system-out>\n    </testcase>`;
}

function tally(outcomes: readonly string[]) {
  return {
    tests: outcomes.length,
    failures: outcomes.filter((o) => o === 'failure').length,
    errors: outcomes.filter((o) => o === 'error').length,
    skipped: outcomes.filter((o) => o === 'skipped').length,
  };
}

function addTo(total: ReturnType<typeof tally>, t: ReturnType<typeof tally>): void {
  total.tests += t.tests;
  total.failures += t.failures;
  total.errors += t.errors;
  total.skipped += t.skipped;
}

// XML 1.0 allows tab, newline, carriage return and U+0020 upward (minus surrogates and U+FFFE/F).
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(s: string): string {
  return s
    .replace(INVALID_XML, '�')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
