import type { DispatchStats } from '../dispatch/dispatcher.js';
import { redact } from '../engines/secrets.js';

export type ProgressMode = 'tty' | 'plain' | 'none';

interface Counts {
  total: number;
  /** Done before this session started (resumed). */
  resumed: number;
  done: number;
  errors: number;
}

/**
 * Progress on stderr: on a terminal, one line rewritten in place a few times a second; in
 * CI (not a terminal), a plain line every `intervalMs`. Shows units done of total, engine
 * calls per second, cache hits, errors and an ETA from this session's pace.
 */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private lastLength = 0;
  readonly counts: Counts = { total: 0, resumed: 0, done: 0, errors: 0 };

  constructor(
    private readonly mode: ProgressMode,
    private readonly stats: () => DispatchStats[],
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = mode === 'tty' ? 250 : 10_000,
  ) {}

  start(): void {
    if (this.mode === 'none') return;
    this.timer = setInterval(() => this.render(false), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the display and prints the final line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.mode !== 'none') this.render(true);
  }

  line(): string {
    const { total, resumed, done, errors } = this.counts;
    const stats = this.stats();
    const calls = stats.reduce((n, s) => n + s.calls, 0);
    const hits = stats.reduce((n, s) => n + s.cacheHits, 0);
    const retries = stats.reduce((n, s) => n + s.retries, 0);
    const seconds = (performance.now() - this.started) / 1000;
    const finished = resumed + done;
    const pace = done / Math.max(seconds, 1e-3);
    const left = total - finished;
    const eta = left === 0 ? 'done' : pace > 0 ? `ETA ${duration(left / pace)}` : 'ETA –';
    const percent = total ? Math.floor((100 * finished) / total) : 100;
    return [
      `${finished}/${total} units (${percent}%)`,
      `${(calls / Math.max(seconds, 1e-3)).toFixed(1)} calls/s`,
      `${hits} cached`,
      `${retries} retries`,
      `${errors} error${errors === 1 ? '' : 's'}`,
      eta,
      duration(seconds),
    ].join(' · ');
  }

  private render(final: boolean): void {
    const text = redact(this.line());
    if (this.mode === 'tty') {
      const width = this.stream.columns || 100;
      const shown = text.length > width - 1 ? text.slice(0, width - 1) : text;
      this.stream.write(
        `\r${shown}${' '.repeat(Math.max(0, this.lastLength - shown.length))}${final ? '\n' : ''}`,
      );
      this.lastLength = shown.length;
    } else {
      this.stream.write(`lastmile: ${text}\n`);
    }
  }
}

/** 75 → "1m15s", 3700 → "1h01m". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
