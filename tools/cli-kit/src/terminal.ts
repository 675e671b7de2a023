/** Terminal output shared by the CLIs: ANSI colours and aligned tables. */

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2 };
/** A colour or style name. */
export type Style = keyof typeof CODES;

/** Colouring functions; identity when `enabled` is false. */
export function colors(enabled: boolean): Record<Style, (text: string) => string> {
  const out = {} as Record<Style, (text: string) => string>;
  for (const [name, code] of Object.entries(CODES) as [Style, number][]) {
    const close = code === 1 || code === 2 ? 22 : 39;
    out[name] = enabled ? (text) => `\u001b[${code}m${text}\u001b[${close}m` : (text) => text;
  }
  return out;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text without ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Visible width of a string (ANSI colour codes removed). */
export function visibleLength(text: string): number {
  return stripAnsi(text).length;
}

/** Left-aligned columns separated by two spaces; cells may be coloured. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visibleLength(cell)),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
