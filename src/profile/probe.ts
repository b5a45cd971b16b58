export interface AudioFormat {
  readonly sampleRate: number;
  readonly channels: number;
  readonly codec: string;
  readonly lossless: boolean;
}

/**
 * The file's own rate, channel count and codec, read from its headers by music-metadata (the
 * decoders lastmile reads with resample to the rate they are given, so the native rate has to be
 * asked for separately). Undefined when the headers do not say.
 */
export async function probeAudio(path: string): Promise<AudioFormat | undefined> {
  try {
    // Loaded here, not at startup: it costs every CLI command a quarter of a second otherwise.
    const { parseFile } = await import('music-metadata');
    const { format } = await parseFile(path, { duration: false, skipCovers: true });
    if (!format.sampleRate) return undefined;
    return {
      sampleRate: format.sampleRate,
      channels: format.numberOfChannels ?? 1,
      codec: codecName(format.container ?? '', format.codec ?? ''),
      // WAV and AIFF hold PCM whatever tag (WAVE_FORMAT_EXTENSIBLE reads "non-PCM") they carry.
      lossless: format.lossless === true || /^(WAVE|AIFF)/i.test(format.container ?? ''),
    };
  } catch {
    return undefined;
  }
}

/** "FLAC", "WAVE PCM", "Ogg Vorbis I", "MPEG 2.5 Layer 3": the container unless the codec names it. */
function codecName(container: string, codec: string): string {
  const c = codec.replace('non-PCM (65534)', 'PCM (extensible)');
  if (!c) return container || 'unknown codec';
  return c.toLowerCase().includes(container.toLowerCase()) ? c : `${container} ${c}`.trim();
}
