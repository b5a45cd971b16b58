/** A condition's sweep as written: each variable with the values it takes. */
export type Sweep = Readonly<Record<string, readonly (number | string)[]>>;

/** One expansion of a swept condition: its name and the value of each variable. */
export interface SweepPoint {
  readonly name: string;
  readonly values: Readonly<Record<string, number | string>>;
}

/** One entry per combination of sweep values, named `base@a=1,b=2`; the base alone without a sweep. */
export function expandSweep(base: string, sweep: Sweep | undefined): SweepPoint[] {
  if (!sweep || Object.keys(sweep).length === 0) return [{ name: base, values: {} }];
  let combos: Record<string, number | string>[] = [{}];
  for (const [variable, values] of Object.entries(sweep)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [variable]: v })));
  }
  return combos.map((values) => ({
    name: `${base}@${Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}`,
    values,
  }));
}

/** Sweep variables no step of `chain` refers to as `$name` (each only repeats one condition). */
export function unusedSweepVariables(sweep: Sweep | undefined, chain: unknown): string[] {
  if (!sweep) return [];
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(v);
      if (m) used.add(m[1]);
    } else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(chain);
  return Object.keys(sweep).filter((k) => !used.has(k));
}
