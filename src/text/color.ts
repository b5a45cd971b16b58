import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

/**
 * `text` styled when `stream` shows colour. Node decides (util.styleText's stream check: a TTY
 * with colours, NO_COLOR, NODE_DISABLE_COLORS, TERM=dumb, FORCE_COLOR), so lastmile follows
 * the same rules as Node's own output. Node honours them from 20.18 / 22.8, hence
 * package.json "engines".
 */
export function paint(
  style: Style,
  text: string,
  stream: NodeJS.WriteStream = process.stdout,
): string {
  return styleText(style, text, { stream });
}

/** Whether `stream` shows colour, by Node's own rule (for code that builds its own escapes). */
export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return paint('bold', '.', stream) !== '.';
}
