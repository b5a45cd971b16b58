import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { fsUserError, LocatedError, UserErrors } from '../errors.js';

/**
 * What one engine call costs: a vendor's list price per minute of audio, with the date it was
 * read and where, so a plan says how old its figures are. Built-in figures are list prices for
 * pay-as-you-go accounts as published by the vendors in mid-2025 (not checked against the live
 * pages when this table was written); a user's table (`--prices`, or the suite's
 * `cost.prices`) comes first, so a negotiated or newer price replaces them.
 */
export const priceEntrySchema = z.strictObject({
  engine: z.string().min(1).meta({
    description:
      'Engine id or its beginning (openai:https://api.openai.com, deepgram, aws-transcribe)',
  }),
  model: z.string().optional().meta({
    description: 'Only when the engine’s model is this (config model, or the id’s model)',
  }),
  perMinute: z.number().min(0).meta({ description: 'Price per minute of audio sent' }),
  minimumSeconds: z
    .number()
    .min(0)
    .default(0)
    .meta({ description: 'Billed at least this long per request (AWS Transcribe: 15 s)' }),
  latencyMs: z
    .number()
    .min(0)
    .optional()
    .meta({ description: 'Stated time per call, used when the cache has no measured latency' }),
  date: z.string().min(1).meta({ description: 'When the price was read (YYYY-MM or YYYY-MM-DD)' }),
  source: z.string().min(1).meta({ description: 'Where it was read' }),
});

export const priceTableSchema = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
  prices: z.array(priceEntrySchema).min(1),
});

export type PriceEntry = z.output<typeof priceEntrySchema>;
export interface PriceTable {
  readonly currency: string;
  readonly prices: readonly PriceEntry[];
  /** Where the user's part came from, if any. */
  readonly file?: string;
}

const entry = (e: z.input<typeof priceEntrySchema>): PriceEntry => priceEntrySchema.parse(e);
const MID_2025 = '2025-06';

/** List prices (USD) for the hosted engines lastmile has adapters for. */
export const BUILT_IN_PRICES: PriceTable = {
  currency: 'USD',
  prices: [
    entry({
      engine: 'openai',
      model: 'whisper-1',
      perMinute: 0.006,
      date: MID_2025,
      source: 'openai.com/api/pricing',
    }),
    entry({
      engine: 'openai',
      model: 'gpt-4o-transcribe',
      perMinute: 0.006,
      date: MID_2025,
      source: 'openai.com/api/pricing',
    }),
    entry({
      engine: 'openai',
      model: 'gpt-4o-mini-transcribe',
      perMinute: 0.003,
      date: MID_2025,
      source: 'openai.com/api/pricing',
    }),
    entry({
      engine: 'openai:https://api.groq.com',
      model: 'whisper-large-v3',
      perMinute: 0.111 / 60,
      minimumSeconds: 10,
      date: MID_2025,
      source: 'groq.com/pricing',
    }),
    entry({
      engine: 'openai:https://api.groq.com',
      model: 'whisper-large-v3-turbo',
      perMinute: 0.04 / 60,
      minimumSeconds: 10,
      date: MID_2025,
      source: 'groq.com/pricing',
    }),
    entry({
      engine: 'deepgram',
      perMinute: 0.0043,
      date: MID_2025,
      source: 'deepgram.com/pricing (Nova-3, pre-recorded, pay as you go)',
    }),
    entry({
      engine: 'aws-transcribe',
      perMinute: 0.024,
      minimumSeconds: 15,
      date: MID_2025,
      source: 'aws.amazon.com/transcribe/pricing (tier 1, first 250,000 minutes a month)',
    }),
  ],
};

export type PriceLookup =
  | { readonly kind: 'priced'; readonly entry: PriceEntry; readonly from: 'table' | 'built-in' }
  | { readonly kind: 'local'; readonly why: string }
  | { readonly kind: 'unknown'; readonly why: string };

/**
 * The price of an engine: the user's table first, then a local engine (free), then the
 * built-in table; the longest matching engine prefix wins within a table. An OpenAI-compatible
 * server on a loopback or private address is a local server; any other host is unknown.
 */
export function priceOf(
  engineId: string,
  model: string | undefined,
  table: PriceTable | undefined,
): PriceLookup {
  const user = table ? match(table.prices, engineId, model) : undefined;
  if (user) return { kind: 'priced', entry: user, from: 'table' };
  const local = localEngine(engineId);
  if (local) return { kind: 'local', why: local };
  const openaiHost = engineId === 'openai' || engineId.startsWith('openai:https://api.openai.com');
  const builtIn = match(BUILT_IN_PRICES.prices, openaiHost ? 'openai' : engineId, model);
  if (builtIn && (openaiHost || builtIn.engine !== 'openai'))
    return { kind: 'priced', entry: builtIn, from: 'built-in' };
  return {
    kind: 'unknown',
    why: `no price for ${engineId}${model ? ` (model ${model})` : ''}: add it to a price table (--prices)`,
  };
}

function match(
  prices: readonly PriceEntry[],
  engineId: string,
  model: string | undefined,
): PriceEntry | undefined {
  return prices
    .filter((p) => engineId.startsWith(p.engine) && (p.model === undefined || p.model === model))
    .sort(
      (a, b) =>
        b.engine.length - a.engine.length ||
        Number(b.model !== undefined) - Number(a.model !== undefined),
    )[0];
}

function localEngine(id: string): string | undefined {
  if (id === 'pocketsphinx') return 'runs on this machine';
  if (id.startsWith('command:') || id.startsWith('file:'))
    return 'a local program or module (price it in a table if it calls a paid service)';
  if (id.startsWith('openai:')) {
    try {
      const host = new URL(id.slice('openai:'.length)).hostname.replace(/^\[|\]$/g, '');
      if (host === 'localhost' || isPrivate(host)) return `a server on ${host}`;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isPrivate(host: string): boolean {
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  return isIP(host) === 6 && (host === '::1' || /^f[cd]/i.test(host));
}

/** Reads a user's price table (YAML or JSON); problems are located file:line:column. */
export async function loadPriceTable(file: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fsUserError(e, file, 'price table');
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (offset: number, message: string) => {
    const { line, col } = lines.linePos(offset);
    return new LocatedError(file, line, col, message);
  };
  if (doc.errors.length)
    throw at(doc.errors[0].pos[0], `YAML syntax: ${doc.errors[0].message.split('\n')[0]}`);
  const parsed = priceTableSchema.safeParse(doc.toJS());
  if (!parsed.success)
    throw new UserErrors(
      parsed.error.issues.map((issue) => {
        const node = doc.getIn(issue.path.map(String), true) as { range?: [number] } | undefined;
        return at(node?.range?.[0] ?? 0, `${issue.path.join('.') || 'file'}: ${issue.message}`);
      }),
      `${file}: not a price table (currency, prices: [{engine, perMinute, date, source}])`,
    );
  return { ...parsed.data, file };
}
