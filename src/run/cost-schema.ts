import { z } from 'zod';

/** A suite's `cost:` block: what a run may spend on paid engines. */
export const costSchema = z
  .strictObject({
    warnAbove: z
      .number()
      .min(0)
      .optional()
      .meta({ description: 'Warn (plan and run) when the estimated cost passes this amount' }),
    limit: z.number().min(0).optional().meta({
      description:
        'Hard limit: run refuses, before its first paid call, when the estimate passes it (--allow-cost to go ahead)',
    }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('USD')
      .meta({ description: 'Currency of the limits and of the price table' }),
    prices: z.string().min(1).optional().meta({
      description:
        'Price table (YAML) overriding the built-in per-minute prices, relative to this file',
    }),
  })
  .meta({ description: 'Spending limits for paid engines' });

export type CostSettings = z.output<typeof costSchema>;
