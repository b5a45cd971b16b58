import type { Audio } from '../audio/types.js';

/** One clean clip of a corpus, with where its audio lives and what was said. */
export interface Clip {
  /** The manifest's `id`, else the audio file's name without extension. Unique. */
  readonly id: string;
  /** Absolute path of the audio file. */
  readonly audioPath: string;
  /** Reference transcript as written in the manifest (normalised only when scoring). */
  readonly text: string;
  readonly speaker: string;
  /** Group labels (accent first when present), e.g. { accent: 'synthetic/th-stopping', gender: 'female' }. */
  readonly labels: Readonly<Record<string, string>>;
  /** Seconds, when the manifest states it. */
  readonly duration?: number;
}

export interface Corpus {
  readonly manifest: string;
  readonly format: 'jsonl' | 'csv' | 'commonvoice-tsv' | 'tsv';
  readonly clips: readonly Clip[];
  /** Rows left out with --skip-bad, each `manifest:line: reason`. */
  readonly skipped: readonly string[];
}

/** A clean clip of the corpus as a perturbation may see it (babble draws other speakers). */
export interface ClipRef {
  readonly id: string;
  readonly speaker: string;
}

/** The corpus as a perturbation may read it: other clips, for kinds that mix in other speakers. */
export interface CorpusAccess {
  readonly clips: readonly ClipRef[];
  load(id: string): Promise<Audio>;
}
