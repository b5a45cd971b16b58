import { duration } from '../run/progress.js';
import type { EngineEstimate, RunEstimate } from './estimate.js';
import { money } from './limit.js';

const hours = (s: number) => (s / 3600).toFixed(s < 360 ? 3 : 1);

function priceText(e: EngineEstimate, currency: string): string {
  if (e.price.kind === 'local') return `free (${e.price.why})`;
  if (e.price.kind === 'unknown') return 'unknown';
  const p = e.price.entry;
  const min = p.minimumSeconds ? `, ≥ ${p.minimumSeconds} s a call` : '';
  return `${p.perMinute} ${currency}/min${min} (${e.price.from === 'table' ? 'your table' : 'built-in'}, ${p.date}, ${p.source})`;
}

/** The plan as text: one block per engine, then the totals. */
export function renderEstimate(x: RunEstimate): string {
  const lines = [
    `plan: ${x.clips} clips × ${x.conditions} conditions (clean included) × ${x.engines.length} engine${x.engines.length === 1 ? '' : 's'} = ${x.units} units`,
  ];
  for (const e of x.engines) {
    const time =
      e.seconds === null
        ? 'time unknown (no measured latency: pass --latency-ms, or put latencyMs in a price table)'
        : `≈ ${duration(e.seconds)} at ${e.concurrency} in flight${e.rps ? `, ≤ ${e.rps}/s` : ''} (${Math.round(e.latency!.ms)} ms a call, ${e.latency!.source})`;
    lines.push(
      '',
      `${e.engine}${e.model ? ` (model ${e.model})` : ''}`,
      `  units ${e.units}: ${e.done} already done, ${x.cacheChecked ? `${e.cacheHits} from the cache` : 'cache off'}, ${e.calls} calls`,
      `  audio sent ${hours(e.audioSeconds)} h (billed ${hours(e.billedSeconds)} h)`,
      `  time ${time}`,
      `  price ${priceText(e, x.currency)}`,
      `  cost ${e.cost === null ? 'unknown' : money(e.cost, x.currency)}`,
    );
  }
  lines.push(
    '',
    `total: ${x.calls} engine calls, ${money(x.cost, x.currency)}${x.unpriced.length ? ` + unpriced calls to ${x.unpriced.join(', ')}` : ''}; retries would add calls (each retried call is billed again by most vendors)`,
  );
  if (x.unreadable)
    lines.push(`${x.unreadable} clips could not be read: their units become error rows, no call`);
  return `${lines.join('\n')}\n`;
}
