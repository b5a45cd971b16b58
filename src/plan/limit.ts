import { UserError } from '../errors.js';
import type { CostSettings } from '../run/cost-schema.js';
import type { RunEstimate } from './estimate.js';

/** A run refused before its first paid call because its estimate passes the hard limit. */
export class CostLimitError extends UserError {}

export const money = (amount: number, currency: string) =>
  `${amount < 10 ? amount.toFixed(4).replace(/0{1,2}$/, '') : amount.toFixed(2)} ${currency}`;

/**
 * What the suite's cost block says about an estimate: warnings (past `warnAbove`, engines with
 * calls but no price) and, past `limit`, the refusal — unless `--allow-cost`. An engine
 * without a price cannot be held to a limit, so with a limit set it refuses too.
 */
export function costDecision(
  estimate: RunEstimate,
  cost: CostSettings | undefined,
  allowCost = false,
): { warnings: string[]; refusal?: string } {
  const warnings: string[] = [];
  if (!cost) return { warnings };
  const currency = estimate.currency;
  if (currency !== cost.currency)
    warnings.push(
      `the price table is in ${currency}, the suite's limits in ${cost.currency}: compared as written`,
    );
  const total = money(estimate.cost, currency);
  if (estimate.unpriced.length)
    warnings.push(
      `no price for ${estimate.unpriced.join(', ')}: its calls are not in the ${total} estimate (add it to a price table: --prices)`,
    );
  if (cost.warnAbove !== undefined && estimate.cost > cost.warnAbove)
    warnings.push(
      `estimated cost ${total} passes the suite's warnAbove of ${money(cost.warnAbove, cost.currency)}`,
    );
  if (cost.limit === undefined) return { warnings };
  const over = estimate.cost > cost.limit;
  const unknown = estimate.unpriced.length > 0;
  if (!over && !unknown) return { warnings };
  const why = over
    ? `estimated cost ${total} passes the suite's limit of ${money(cost.limit, cost.currency)}`
    : `the suite sets a cost limit of ${money(cost.limit, cost.currency)} and ${estimate.unpriced.join(', ')} has no price`;
  if (allowCost) {
    warnings.push(`${why}; going ahead (--allow-cost)`);
    return { warnings };
  }
  return {
    warnings,
    refusal: `${why}: no engine was called. See the figures with lastmile plan; raise cost.limit, narrow the run (--limit, fewer engines or conditions), or pass --allow-cost`,
  };
}

/** Throws CostLimitError when the decision refuses; returns the warnings otherwise. */
export function enforceCostLimit(
  estimate: RunEstimate,
  cost: CostSettings | undefined,
  allowCost: boolean,
): string[] {
  const d = costDecision(estimate, cost, allowCost);
  if (d.refusal) throw new CostLimitError(d.refusal);
  return d.warnings;
}
