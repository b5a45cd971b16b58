import { formatQuantity } from '../units.js';
import { type AnyEngineDefinition, type EngineParamSpec, idForm } from './define.js';
import { DISPATCH_PARAMS } from './dispatch-options.js';
import { engines } from './registry.js';

/** One config key as `lastmile engines --json` prints it. */
export interface ConfigKeyInfo {
  readonly key: string;
  readonly type: EngineParamSpec['type'];
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly values?: readonly string[];
  readonly default?: unknown;
  /** What the default is when it depends on the machine or the id. */
  readonly defaultText?: string;
  readonly description: string;
}

export interface EngineInfo {
  readonly prefix: string;
  /** How an id is written: `openai[:<base-url>]`. */
  readonly id: string;
  readonly summary: string;
  readonly target?: {
    readonly form: string;
    readonly description: string;
    readonly required: boolean;
  };
  readonly config: readonly ConfigKeyInfo[];
  /** Takes any keys besides the declared ones (handed to the user's module). */
  readonly openConfig: boolean;
  readonly dispatch: { concurrency: number; timeoutMs: number; retries: number; note?: string };
}

function keyInfo(key: string, spec: EngineParamSpec): ConfigKeyInfo {
  const { type, description } = spec;
  return {
    key,
    type,
    ...(spec.type === 'number' && {
      unit: spec.unit,
      ...(spec.min !== undefined && { min: spec.min }),
      ...(spec.max !== undefined && { max: spec.max }),
      ...(spec.integer && { integer: true }),
    }),
    ...(spec.type === 'choice' && { values: spec.values }),
    ...(spec.default !== undefined && { default: spec.default }),
    ...(spec.defaultText !== undefined && { defaultText: spec.defaultText }),
    description,
  };
}

export function engineInfo(definition: AnyEngineDefinition): EngineInfo {
  const { prefix, summary, target, openConfig, dispatch } = definition;
  return {
    prefix,
    id: idForm(definition),
    summary,
    ...(target && {
      target: { form: target.form, description: target.description, required: !!target.required },
    }),
    config: Object.entries(definition.params).map(([key, spec]) => keyInfo(key, spec)),
    openConfig: !!openConfig,
    dispatch: { ...dispatch },
  };
}

/** Every engine and the dispatch options all of them take: `lastmile engines --json`. */
export function engineCatalog(): { engines: EngineInfo[]; dispatchOptions: ConfigKeyInfo[] } {
  return {
    engines: engines.map(engineInfo),
    dispatchOptions: Object.entries(DISPATCH_PARAMS).map(([key, spec]) => keyInfo(key, spec)),
  };
}

/** `integer 1…256`, `{text,json}`, `path` — a key's type as one short phrase. */
export function typeText(info: ConfigKeyInfo, bar = '|'): string {
  switch (info.type) {
    case 'number': {
      const unit = info.unit === 'count' || info.unit === 'ratio' ? '' : ` ${info.unit}`;
      const bounds =
        info.min !== undefined || info.max !== undefined
          ? ` ${info.min ?? '-∞'}…${info.max ?? '∞'}`
          : '';
      return `${info.integer ? 'integer' : 'number'}${unit}${bounds}`;
    }
    case 'choice':
      return (info.values ?? []).join(bar);
    default:
      return info.type;
  }
}

/** `= whisper-1`, `(one per core)`, `(optional)`. */
export function defaultText(info: ConfigKeyInfo): string {
  if (info.defaultText !== undefined) return `(${info.defaultText})`;
  if (info.default === undefined) return '(optional)';
  if (Array.isArray(info.default)) return info.default.length ? `= ${info.default.join(' ')}` : '';
  if (typeof info.default === 'number' && info.unit)
    return `= ${formatQuantity(info.default, info.unit as never)}`;
  return `= ${String(info.default)}`;
}

/** The README's table of engines and the sentence on dispatch options after it. */
export function engineMarkdown(): string {
  const { engines: list, dispatchOptions } = engineCatalog();
  const rows = list.map((e) => {
    const config = e.openConfig
      ? 'anything your module reads'
      : e.config
          .map((k) => `\`${k.key}\` ${typeText(k, '\\|')} ${escapeHtml(defaultText(k))}`.trimEnd())
          .join('<br>');
    return `| \`${e.id}\` | ${e.summary} | ${config} |`;
  });
  const dispatch = dispatchOptions
    .map((k) => `\`${k.key}\` (${typeText(k)}): ${k.description.replace(/ \(.*\)$/, '')}`)
    .join('; ');
  return [
    '| id | what | config (type, default) |',
    '|---|---|---|',
    ...rows,
    '',
    `Every engine also takes the dispatch options ${dispatch}.`,
    '',
  ].join('\n');
}

/** Markdown passes `<word>` through as an HTML tag; outside code spans it must be escaped. */
function escapeHtml(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
